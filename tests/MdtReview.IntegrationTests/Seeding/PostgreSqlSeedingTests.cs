using MdtReview.Data;
using MdtReview.Data.Seeding;
using MdtReview.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.IntegrationTests.Seeding;

/// <summary>The seeders on a real PostgreSQL: the synthetic seed's raw lab INSERT must suit Npgsql's types as well as SQLite's.</summary>
public sealed class PostgreSqlSeedingTests
{
    [Fact]
    public async Task The_demo_and_synthetic_seeds_write_on_PostgreSQL_and_lab_times_read_back_as_UTC()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await PostgresTestServer.CreateDatabaseAsync();
        try
        {
            await using var services = TestDatabase.CreateServices(DatabaseProvider.PostgreSql, connectionString);
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
            var demo = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(ct);
            var synthetic = await scope.ServiceProvider.GetRequiredService<SyntheticCohortSeeder>().SeedAsync(100, 3, ct);

            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync(ct);
            Assert.True(demo.Seeded);
            Assert.Equal(100, await db.Patients.CountAsync(p => p.Mrn.StartsWith(SyntheticCohortSeeder.MrnPrefix), ct));
            var syntheticLabs = db.LabResults.Where(l => l.Patient!.Mrn.StartsWith(SyntheticCohortSeeder.MrnPrefix));
            Assert.Equal(synthetic.LabResults, await syntheticLabs.CountAsync(ct));
            var lab = await syntheticLabs.OrderBy(l => l.Id).FirstAsync(ct);
            Assert.Equal(DateTimeKind.Utc, lab.CollectedAt.Kind);
            Assert.True(lab.CollectedAt < DateTime.UtcNow);
            Assert.Equal(MdtReview.Data.Model.LabSource.FhirImport, lab.Source);
        }
        finally
        {
            await PostgresTestServer.DropDatabaseAsync(connectionString);
        }
    }
}
