using MdtReview.Data.Seeding;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MdtReview.Data;

/// <summary>Creates and migrates the database for the configured provider and, when asked, seeds the demo data.</summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<MdtReviewDbContext> contextFactory,
    DemoSeeder demoSeeder,
    IOptions<SeedOptions> seedOptions,
    ILogger<DatabaseInitializer> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            var dataSource = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
            if (!string.IsNullOrEmpty(folder) && dataSource != ":memory:")
            {
                Directory.CreateDirectory(folder);
            }
        }

        await db.Database.MigrateAsync(cancellationToken);

        if (db.Database.IsSqlite())
        {
            // WAL lets readers carry on while one writer commits; the mode is stored in the file, so once is enough.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    /// <summary>Migrates, then seeds the demo cohort and users when <c>Seed:Demo</c> is true and the database holds no users.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await MigrateAsync(cancellationToken);
        if (seedOptions.Value.Demo)
        {
            var result = await demoSeeder.SeedAsync(cancellationToken);
            if (result.Seeded)
            {
                logger.LogInformation("Seeded the demo cohort: {Summary}", result.Summary);
            }
        }
    }
}
