using MdtReview.Data;
using MdtReview.Data.Seeding;
using MdtReview.Testing;

namespace MdtReview.IntegrationTests.Seeding;

/// <summary>One SQLite database seeded with the demo cohort (on today's date, as the app would), shared by the read-only tests.</summary>
public sealed class DemoCohortFixture : IAsyncLifetime
{
    private SqliteTestDatabase? _database;

    public SqliteTestDatabase Database => _database ?? throw new InvalidOperationException("Not initialised.");

    public SeedResult FirstSeed { get; private set; } = new(false, "");

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateSqliteAsync();
        FirstSeed = await Database.WithScopeAsync<DemoSeeder, SeedResult>(s => s.SeedAsync());
    }

    public Task<MdtReviewDbContext> ContextAsync() => Database.CreateContextAsync();

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
