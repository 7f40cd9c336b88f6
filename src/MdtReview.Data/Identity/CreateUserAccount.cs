using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.Data.Identity;

/// <summary>
/// A new account as an administrator (web) or an operator (CLI) describes it. A null <c>Password</c> generates a one-time
/// password that is returned once.
/// </summary>
public sealed record NewUserAccount(string Email, string DisplayName, string? Specialty, IReadOnlyList<string> Roles, string? Password = null);

/// <summary>The account made, with the one-time password when one was generated; or the field-level reasons none was made.</summary>
public sealed record UserAccountResult(bool Succeeded, IReadOnlyDictionary<string, string> Errors, string? UserId = null, string? GeneratedPassword = null)
{
    internal static UserAccountResult Fail(string field, string message) => new(false, new Dictionary<string, string> { [field] = message });
}

/// <summary>
/// Creates a user account with its roles: the one way the web app's user administration and the CLI's <c>users create</c>
/// make an account. User and roles are written in one transaction, so a failure part-way leaves no half-made account.
/// Who may call it is the caller's business (the web checks the administrator; the CLI runs with the operator's access).
/// </summary>
public sealed class CreateUserAccount(IServiceScopeFactory scopeFactory)
{
    public async Task<UserAccountResult> HandleAsync(NewUserAccount input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Roles.Count == 0)
        {
            return UserAccountResult.Fail(nameof(NewUserAccount.Roles), "Choose at least one role.");
        }

        if (input.Roles.FirstOrDefault(r => !Identity.Roles.All.Contains(r)) is { } unknown)
        {
            return UserAccountResult.Fail(nameof(NewUserAccount.Roles), $"'{unknown}' is not a role.");
        }

        // UserManager in its own scope: a circuit-scoped one would share one DbContext for hours.
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var email = input.Email.Trim();
        if (await users.FindByEmailAsync(email) is not null)
        {
            return UserAccountResult.Fail(nameof(NewUserAccount.Email), "A user with this email already exists.");
        }

        var password = string.IsNullOrEmpty(input.Password) ? GeneratePassword() : input.Password;
        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = string.IsNullOrWhiteSpace(input.DisplayName) ? email : input.DisplayName.Trim(),
            Specialty = string.IsNullOrWhiteSpace(input.Specialty) ? null : input.Specialty.Trim(),
        };

        var db = scope.ServiceProvider.GetRequiredService<MdtReviewDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            var passwordProblem = created.Errors.Any(e => e.Code.StartsWith("Password", StringComparison.Ordinal));
            return UserAccountResult.Fail(passwordProblem ? nameof(NewUserAccount.Password) : nameof(NewUserAccount.Email),
                string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        var rolesAdded = await users.AddToRolesAsync(user, input.Roles);
        if (!rolesAdded.Succeeded)
        {
            return UserAccountResult.Fail(nameof(NewUserAccount.Roles), string.Join(" ", rolesAdded.Errors.Select(e => e.Description)));
        }

        await transaction.CommitAsync(cancellationToken);
        return new UserAccountResult(true, new Dictionary<string, string>(), user.Id, string.IsNullOrEmpty(input.Password) ? password : null);
    }

    private static string GeneratePassword() => RandomNumberGenerator.GetString("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16);
}
