using MdtReview.Data;
using MdtReview.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MdtReview.IntegrationTests;

/// <summary>The real app over a fresh database of the given provider, migrated and seeded with the demo data on start.</summary>
public sealed class MdtReviewAppFactory(DatabaseProvider provider) : WebApplicationFactory<Program>, IAsyncLifetime
{
    private string _connectionString = "";
    private string? _sqliteFile;

    public DatabaseProvider Provider => provider;

    public string ConnectionString => _connectionString;

    public async ValueTask InitializeAsync()
    {
        if (provider == DatabaseProvider.PostgreSql)
        {
            _connectionString = await PostgresTestServer.CreateDatabaseAsync();
        }
        else
        {
            _sqliteFile = Path.Combine(Path.GetTempPath(), $"mdtreview-test-{Guid.NewGuid():N}.db");
            _connectionString = $"Data Source={_sqliteFile}";
        }

        // Starts the host: migrations and the demo seed run in Program before the first request.
        _ = Server;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", provider.ToString());
        builder.UseSetting("ConnectionStrings:MdtReview", _connectionString);
        builder.UseSetting("Seed:Demo", "true");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
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
    }
}

public sealed class SqliteApp() : IAsyncLifetime
{
    public MdtReviewAppFactory Factory { get; } = new(DatabaseProvider.Sqlite);

    public ValueTask InitializeAsync() => Factory.InitializeAsync();

    public ValueTask DisposeAsync() => Factory.DisposeAsync();
}

public sealed class PostgreSqlApp() : IAsyncLifetime
{
    public MdtReviewAppFactory Factory { get; } = new(DatabaseProvider.PostgreSql);

    public ValueTask InitializeAsync() => Factory.InitializeAsync();

    public ValueTask DisposeAsync() => Factory.DisposeAsync();
}
