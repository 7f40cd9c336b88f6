using MdtReview.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.Testing;

/// <summary>
/// The data services (<c>AddMdtReviewData</c>) over a given database, without the web app: for tests of seeding, queries
/// and services that need a real database. Provider-agnostic: pass a SQLite file (see <see cref="CreateSqliteAsync"/>) or a
/// PostgreSQL database from <see cref="PostgresTestServer.CreateDatabaseAsync"/>.
/// </summary>
public static class TestDatabase
{
    /// <summary>The audit HMAC key of test databases (base64 of 32 bytes); tests that verify the chain use the same one.</summary>
    public const string AuditKey = "dGVzdC1vbmx5LWF1ZGl0LWtleS0zMi1ieXRlcy1sb25nIQ==";

    /// <summary>
    /// A service provider with logging and the data services for <paramref name="provider"/> and <paramref name="connectionString"/>.
    /// <paramref name="configure"/> runs last, so it can replace registrations (for example the <see cref="TimeProvider"/>).
    /// </summary>
    public static ServiceProvider CreateServices(DatabaseProvider provider, string connectionString, Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = provider.ToString(),
                ["ConnectionStrings:MdtReview"] = connectionString,
                ["Audit:HmacKey"] = AuditKey,
            })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddMdtReviewData(configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>A migrated database in a new SQLite temp file; disposing it deletes the file.</summary>
    public static async Task<SqliteTestDatabase> CreateSqliteAsync(Action<IServiceCollection>? configure = null, CancellationToken cancellationToken = default)
    {
        var database = new SqliteTestDatabase(Path.Combine(Path.GetTempPath(), $"mdtreview-test-{Guid.NewGuid():N}.db"), configure);
        await database.MigrateAsync(cancellationToken);
        return database;
    }
}

/// <summary>A SQLite temp-file database with its data services. Scopes come from <see cref="Services"/>.</summary>
public sealed class SqliteTestDatabase : IAsyncDisposable
{
    internal SqliteTestDatabase(string file, Action<IServiceCollection>? configure)
    {
        File = file;
        ConnectionString = $"Data Source={file}";
        Services = TestDatabase.CreateServices(DatabaseProvider.Sqlite, ConnectionString, configure);
    }

    public string File { get; }
    public string ConnectionString { get; }
    public ServiceProvider Services { get; }

    // The context factory is registered per scope; one scope serves every context this database hands out.
    private AsyncServiceScope? _scope;

    /// <summary>A new context from the registered factory (the caller disposes it).</summary>
    public Task<MdtReviewDbContext> CreateContextAsync(CancellationToken cancellationToken = default)
    {
        _scope ??= Services.CreateAsyncScope();
        return _scope.Value.ServiceProvider.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync(cancellationToken);
    }

    /// <summary>Resolves <typeparamref name="T"/> in a new scope and runs <paramref name="action"/> with it.</summary>
    public async Task<TResult> WithScopeAsync<T, TResult>(Func<T, Task<TResult>> action)
        where T : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<T>());
    }

    internal async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_scope is { } scope)
        {
            await scope.DisposeAsync();
        }

        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var path in new[] { File, File + "-wal", File + "-shm" })
        {
            System.IO.File.Delete(path);
        }
    }
}

/// <summary>A clock stopped at a given instant, so date-relative data (the demo cohort) is the same on every run.</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
