using System.Security.Claims;
using MdtReview.Data;
using MdtReview.Data.Seeding;
using MdtReview.Testing;
using MdtReview.Web.Features.Decisions.Services;
using MdtReview.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.IntegrationTests.Decisions;

/// <summary>
/// The demo cohort on a fresh database of one provider, with the decision service and a signed-in user the test chooses.
/// Each test works on its own meeting case or patient, so the tests of a class can share it.
/// </summary>
public abstract class DecisionDatabase(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly SwitchableAuthenticationStateProvider _authentication = new();
    private string _connectionString = "";
    private string? _sqliteFile;

    public ServiceProvider Services { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        if (provider == DatabaseProvider.PostgreSql)
        {
            _connectionString = await PostgresTestServer.CreateDatabaseAsync();
        }
        else
        {
            _sqliteFile = Path.Combine(Path.GetTempPath(), $"mdtreview-decisions-{Guid.NewGuid():N}.db");
            _connectionString = $"Data Source={_sqliteFile}";
        }

        Services = TestDatabase.CreateServices(provider, _connectionString, services =>
        {
            services.AddSingleton<AuthenticationStateProvider>(_authentication);
            services.AddScoped<CurrentUserService>();
            services.AddScoped<DecisionService>();
        });
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync();
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
    }

    /// <summary>Signs in the demo user with this email (the demo users are seeded with the cohort).</summary>
    public async Task SignInAsync(string email)
    {
        await using var db = await ContextAsync();
        var id = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        _authentication.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id)], "Test"));
    }

    public async Task<MdtReviewDbContext> ContextAsync()
    {
        var scope = Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync();
    }

    /// <summary>A decision service in its own scope, as each circuit would have.</summary>
    public DecisionService NewService() => Services.CreateScope().ServiceProvider.GetRequiredService<DecisionService>();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (provider == DatabaseProvider.PostgreSql)
        {
            await PostgresTestServer.DropDatabaseAsync(_connectionString);
        }
        else if (_sqliteFile is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm" })
            {
                File.Delete(file);
            }
        }

        GC.SuppressFinalize(this);
    }

    private sealed class SwitchableAuthenticationStateProvider : AuthenticationStateProvider
    {
        public ClaimsPrincipal User { get; set; } = new(new ClaimsIdentity());

        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(User));
    }
}

public sealed class SqliteDecisionDatabase() : DecisionDatabase(DatabaseProvider.Sqlite);

public sealed class PostgreSqlDecisionDatabase() : DecisionDatabase(DatabaseProvider.PostgreSql);
