using MdtReview.Data;
using MdtReview.Data.Identity;
using MdtReview.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Admin.Services;

public sealed record UserRow(string Id, string Email, string DisplayName, string? Specialty, IReadOnlyList<string> Roles, bool IsDisabled, bool IsLockedOut);

public sealed record UserPage(IReadOnlyList<UserRow> Items, int TotalCount);

public sealed record NewUser(string Email, string DisplayName, string? Specialty, IReadOnlyList<string> Roles);

/// <summary>The outcome of an administrative command: success, or field-level errors to show on the form.</summary>
public sealed record AdminResult(bool Succeeded, IReadOnlyDictionary<string, string> Errors, string? GeneratedPassword = null)
{
    public static AdminResult Ok(string? generatedPassword = null) => new(true, new Dictionary<string, string>(), generatedPassword);

    public static AdminResult Fail(string field, string message) => new(false, new Dictionary<string, string> { [field] = message });
}

/// <summary>
/// Creates users, assigns roles, disables and re-enables accounts. Every command re-checks that the caller is an active
/// administrator and runs UserManager in its own scope: a circuit-scoped UserManager would share one DbContext for hours.
/// </summary>
public sealed class UserAdminService(
    CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, IServiceScopeFactory scopeFactory, CreateUserAccount createAccount)
{
    public const string Forbidden = "Only an active administrator can manage users.";

    public async Task<UserPage> ListAsync(string? search, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.Administration, cancellationToken) is null)
        {
            return new UserPage([], 0);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToUpperInvariant();
            query = query.Where(u => u.NormalizedEmail!.Contains(term) || u.DisplayName.ToUpper().Contains(term));
        }

        var total = await query.CountAsync(cancellationToken);
        var users = await query.OrderBy(u => u.DisplayName).ThenBy(u => u.Email)
            .Skip(page * pageSize).Take(pageSize)
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.Specialty, u.IsDisabled, u.LockoutEnd })
            .ToListAsync(cancellationToken);
        var ids = users.Select(u => u.Id).ToList();
        var roles = await db.UserRoles.Where(ur => ids.Contains(ur.UserId))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);

        // LockoutEnd is a DateTimeOffset, which SQLite cannot compare in SQL: evaluate it on the page of rows.
        var now = DateTimeOffset.UtcNow;
        var rows = users.Select(u => new UserRow(
            u.Id, u.Email ?? "", u.DisplayName, u.Specialty,
            roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).Order().ToList(),
            u.IsDisabled, u.LockoutEnd > now)).ToList();
        return new UserPage(rows, total);
    }

    public async Task<AdminResult> CreateAsync(NewUser input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (await currentUser.RequireAsync(Capability.Administration, cancellationToken) is null)
        {
            return AdminResult.Fail("", Forbidden);
        }

        var result = await createAccount.HandleAsync(new NewUserAccount(input.Email, input.DisplayName, input.Specialty, input.Roles), cancellationToken);
        return new AdminResult(result.Succeeded, result.Errors, result.GeneratedPassword);
    }

    public async Task<AdminResult> SetRolesAsync(string userId, IReadOnlyList<string> roles, CancellationToken cancellationToken = default)
    {
        var admin = await currentUser.RequireAsync(Capability.Administration, cancellationToken);
        if (admin is null)
        {
            return AdminResult.Fail("", Forbidden);
        }

        if (roles.Count == 0)
        {
            return AdminResult.Fail(nameof(NewUser.Roles), "Choose at least one role. To remove all access, disable the account.");
        }

        if (roles.FirstOrDefault(r => !Roles.All.Contains(r)) is { } unknown)
        {
            return AdminResult.Fail(nameof(NewUser.Roles), $"'{unknown}' is not a role.");
        }

        if (userId == admin.Id && !roles.Contains(Roles.Administrator))
        {
            return AdminResult.Fail(nameof(NewUser.Roles), "You cannot remove your own administrator role.");
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return AdminResult.Fail("", "This user no longer exists.");
        }

        var db = scope.ServiceProvider.GetRequiredService<MdtReviewDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var current = await users.GetRolesAsync(user);
        var removed = await users.RemoveFromRolesAsync(user, current.Except(roles));
        var added = removed.Succeeded ? await users.AddToRolesAsync(user, roles.Except(current)) : removed;
        if (!added.Succeeded)
        {
            return AdminResult.Fail(nameof(NewUser.Roles), string.Join(" ", added.Errors.Select(e => e.Description)));
        }

        // A new security stamp makes the user's cookie re-issue with the new roles at their next request.
        await users.UpdateSecurityStampAsync(user);
        await transaction.CommitAsync(cancellationToken);
        return AdminResult.Ok();
    }

    public async Task<AdminResult> SetDisabledAsync(string userId, bool disabled, CancellationToken cancellationToken = default)
    {
        var admin = await currentUser.RequireAsync(Capability.Administration, cancellationToken);
        if (admin is null)
        {
            return AdminResult.Fail("", Forbidden);
        }

        if (disabled && userId == admin.Id)
        {
            return AdminResult.Fail("", "You cannot disable your own account.");
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return AdminResult.Fail("", "This user no longer exists.");
        }

        user.IsDisabled = disabled;
        if (!disabled)
        {
            // Re-enabling also clears a lockout from failed sign-ins.
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
        }

        // UpdateAsync also renews the security stamp, which signs a disabled user out at their next request.
        var result = await users.UpdateAsync(user);
        if (result.Succeeded)
        {
            result = await users.UpdateSecurityStampAsync(user);
        }

        return result.Succeeded ? AdminResult.Ok() : AdminResult.Fail("", string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
