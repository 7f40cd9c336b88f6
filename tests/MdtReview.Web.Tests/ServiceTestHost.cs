using System.Security.Claims;
using MdtReview.Data;
using MdtReview.Data.Identity;
using MdtReview.Data.Seeding;
using MdtReview.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.Web.Tests;

/// <summary>
/// Feature services over a real, migrated SQLite file, with a signed-in user the test chooses.
/// Users are created with Identity, so role checks read the same tables the app does.
/// </summary>
public sealed class ServiceTestHost : IAsyncDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"mdtreview-svc-{Guid.NewGuid():N}.db");
    private readonly SwitchableAuthenticationStateProvider _authentication = new();

    public ServiceProvider Services { get; }

    private ServiceTestHost()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:MdtReview"] = $"Data Source={_file}",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddMdtReviewData(configuration);
        services.AddSingleton<AuthenticationStateProvider>(_authentication);
        services.AddScoped<CurrentUserService>();
        Services = services.BuildServiceProvider();
    }

    public static async Task<ServiceTestHost> StartAsync()
    {
        var host = new ServiceTestHost();
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync();
        await DemoSeeder.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());
        return host;
    }

    /// <summary>Creates a user with the given roles and returns its id.</summary>
    public async Task<string> CreateUserAsync(string email, params string[] roles)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email.Split('@')[0] };
        var created = await users.CreateAsync(user, "a long test passphrase");
        if (!created.Succeeded || !(await users.AddToRolesAsync(user, roles)).Succeeded)
        {
            throw new InvalidOperationException($"Could not create {email}.");
        }

        return user.Id;
    }

    public void SignInAs(string userId) => _authentication.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "Test"));

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _file, _file + "-wal", _file + "-shm" })
        {
            File.Delete(file);
        }
    }

    private sealed class SwitchableAuthenticationStateProvider : AuthenticationStateProvider
    {
        public ClaimsPrincipal User { get; set; } = new(new ClaimsIdentity());

        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(User));
    }
}
