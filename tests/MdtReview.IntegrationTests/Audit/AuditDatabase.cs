using MdtReview.Data;
using MdtReview.Data.Auditing;
using MdtReview.Data.Model;
using MdtReview.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.IntegrationTests.Audit;

/// <summary>
/// A fresh, migrated database of one provider with the data services, for audit tests. Writes are audited as
/// <see cref="Actor"/> unless a test says otherwise.
/// </summary>
public sealed class AuditDatabase : IAsyncDisposable
{
    public static readonly AuditActor Actor = new("user-under-test", "dr.test@trust.test");

    private AuditDatabase(DatabaseProvider provider, string connectionString, string? sqliteFile)
    {
        Provider = provider;
        ConnectionString = connectionString;
        SqliteFile = sqliteFile;
        Services = TestDatabase.CreateServices(provider, connectionString,
            services => services.AddScoped<IAuditActorAccessor>(_ => new FixedAuditActorAccessor(Actor)));
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    public string? SqliteFile { get; }
    public ServiceProvider Services { get; }

    public static async Task<AuditDatabase> CreateAsync(DatabaseProvider provider)
    {
        AuditDatabase database;
        if (provider == DatabaseProvider.PostgreSql)
        {
            database = new AuditDatabase(provider, await PostgresTestServer.CreateDatabaseAsync(), null);
        }
        else
        {
            var file = Path.Combine(Path.GetTempPath(), $"mdtreview-audit-{Guid.NewGuid():N}.db");
            database = new AuditDatabase(provider, $"Data Source={file}", file);
        }

        await using var scope = database.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync();
        return database;
    }

    /// <summary>A context from a new scope's factory, exactly as a feature service gets one.</summary>
    public async Task<MdtReviewDbContext> ContextAsync()
    {
        var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync();
    }

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<AuditVerification> VerifyAsync((long, string)? anchor = null) =>
        WithScopeAsync(sp => sp.GetRequiredService<AuditChainVerifier>().VerifyAsync(anchor));

    public async Task<List<AuditEvent>> EventsAsync()
    {
        await using var db = await ContextAsync();
        return await db.AuditEvents.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
    }

    /// <summary>Runs SQL on the database directly, as someone with database access and no key would tamper with it.</summary>
    public async Task ExecuteSqlAsync(string sql)
    {
        await using var db = await ContextAsync();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    /// <summary>Settings for the CLI pointing at this database.</summary>
    public Dictionary<string, string?> CliSettings => new()
    {
        ["Database:Provider"] = Provider.ToString(),
        ["ConnectionStrings:MdtReview"] = ConnectionString,
        ["Audit:HmacKey"] = TestDatabase.AuditKey,
    };

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (Provider == DatabaseProvider.PostgreSql)
        {
            await PostgresTestServer.DropDatabaseAsync(ConnectionString);
        }
        else if (SqliteFile is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var path in new[] { SqliteFile, SqliteFile + "-wal", SqliteFile + "-shm" })
            {
                File.Delete(path);
            }
        }
    }
}
