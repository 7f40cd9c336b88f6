using System.Data.Common;
using System.Security.Claims;
using MdtReview.Data;
using MdtReview.Data.Seeding;
using MdtReview.Testing;
using MdtReview.Web.Features.Decisions;
using MdtReview.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.IntegrationTests.Decisions;

/// <summary>
/// The demo cohort on a fresh database of one provider, with the decision use cases and a signed-in user the test chooses.
/// Each test works on its own meeting case or patient, so the tests of a class can share it.
/// </summary>
public abstract class DecisionDatabase(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly SwitchableAuthenticationStateProvider _authentication = new();
    private string _connectionString = "";
    private string? _sqliteFile;

    public ServiceProvider Services { get; private set; } = default!;

    /// <summary>Tells a test when a writer has begun to save.</summary>
    public SaveSignal Saves { get; } = new();

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
            services.AddDecisions();
            services.AddSingleton(Saves);
            services.ConfigureDbContext<MdtReviewDbContext>((sp, o) => o.AddInterceptors(sp.GetRequiredService<SaveSignal>()));
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

    /// <summary>A decision use case in its own scope, as each circuit would have.</summary>
    public T New<T>() where T : notnull => Services.CreateScope().ServiceProvider.GetRequiredService<T>();

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

    /// <summary>
    /// Completes the task of <see cref="NextSave"/> when the next transaction starts: a save opens one (the audit trail's)
    /// before it writes or waits on another writer's lock, so the writer has passed every check it makes before saving.
    /// Disarmed otherwise, so the other tests are not affected.
    /// </summary>
    public sealed class SaveSignal : DbTransactionInterceptor
    {
        private TaskCompletionSource? _next;

        public Task NextSave()
        {
            var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _next = next;
            return next.Task;
        }

        public override ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
            DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Exchange(ref _next, null)?.TrySetResult();
            return base.TransactionStartingAsync(connection, eventData, result, cancellationToken);
        }
    }

    private sealed class SwitchableAuthenticationStateProvider : AuthenticationStateProvider
    {
        public ClaimsPrincipal User { get; set; } = new(new ClaimsIdentity());

        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(User));
    }
}

public sealed class SqliteDecisionDatabase() : DecisionDatabase(DatabaseProvider.Sqlite);

public sealed class PostgreSqlDecisionDatabase() : DecisionDatabase(DatabaseProvider.PostgreSql);
