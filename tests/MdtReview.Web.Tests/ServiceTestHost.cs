using System.Security.Claims;
using MdtReview.Data.Identity;
using MdtReview.Data.Seeding;
using MdtReview.Testing;
using MdtReview.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.Web.Tests;

/// <summary>
/// Feature services over a real, migrated SQLite file (<see cref="TestDatabase"/>), with a signed-in user the test chooses.
/// Users are created with Identity, so role checks read the same tables the app does.
/// </summary>
public sealed class ServiceTestHost : IAsyncDisposable
{
    private readonly SwitchableAuthenticationStateProvider _authentication = new();
    private SqliteTestDatabase _database = default!;

    public static async Task<ServiceTestHost> StartAsync()
    {
        var host = new ServiceTestHost();
        host._database = await TestDatabase.CreateSqliteAsync(services =>
        {
            services.AddSingleton<AuthenticationStateProvider>(host._authentication);
            services.AddScoped<CurrentUserService>();
            // As in the app: writes are audited as the signed-in user.
            services.AddHttpContextAccessor();
            services.AddScoped<MdtReview.Data.Auditing.IAuditActorAccessor, WebAuditActorAccessor>();
        });
        await host.WithScopeAsync(async sp =>
        {
            await DemoSeeder.EnsureRolesAsync(sp.GetRequiredService<RoleManager<IdentityRole>>());
            return true;
        });
        return host;
    }

    /// <summary>Creates a user with the given roles and returns its id.</summary>
    public Task<string> CreateUserAsync(string email, params string[] roles) => WithScopeAsync(async sp =>
    {
        var users = sp.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email.Split('@')[0] };
        var created = await users.CreateAsync(user, "a long test passphrase");
        if (!created.Succeeded || !(await users.AddToRolesAsync(user, roles)).Succeeded)
        {
            throw new InvalidOperationException($"Could not create {email}.");
        }

        return user.Id;
    });

    public void SignInAs(string userId) => _authentication.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "Test"));

    /// <summary>Signs in with the name claim too, as the real sign-in does (the audit trail records it).</summary>
    public void SignInAs(string userId, string userName) =>
        _authentication.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId), new Claim(ClaimTypes.Name, userName)], "Test"));

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = _database.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private sealed class SwitchableAuthenticationStateProvider : AuthenticationStateProvider
    {
        public ClaimsPrincipal User { get; set; } = new(new ClaimsIdentity());

        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(User));
    }
}
