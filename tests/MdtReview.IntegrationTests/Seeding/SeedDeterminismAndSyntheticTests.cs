using MdtReview.Data;
using MdtReview.Data.Seeding;
using MdtReview.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.IntegrationTests.Seeding;

/// <summary>The demo seed is the same from the same seed and date; the synthetic seed adds without colliding.</summary>
public sealed class SeedDeterminismAndSyntheticTests
{
    private static readonly DateTimeOffset _fixedNow = new(2026, 3, 12, 9, 30, 0, TimeSpan.Zero);

    private static Task<SqliteTestDatabase> FixedClockDatabaseAsync() =>
        TestDatabase.CreateSqliteAsync(s => s.AddSingleton<TimeProvider>(new FixedTimeProvider(_fixedNow)), TestContext.Current.CancellationToken);

    private static Task<MdtReviewDbContext> ContextAsync(SqliteTestDatabase database) => database.CreateContextAsync();

    [Fact]
    public async Task The_same_seed_and_date_give_the_same_patients_and_values_in_two_fresh_databases()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var first = await FixedClockDatabaseAsync();
        await using var second = await FixedClockDatabaseAsync();
        await first.WithScopeAsync<DemoSeeder, SeedResult>(s => s.SeedAsync(ct));
        await second.WithScopeAsync<DemoSeeder, SeedResult>(s => s.SeedAsync(ct));

        async Task<(List<string> Patients, List<string> Labs, List<string> Scans)> Read(SqliteTestDatabase database)
        {
            await using var db = await ContextAsync(database);
            var patients = await db.Patients.OrderBy(p => p.Id)
                .Select(p => p.Mrn + "|" + p.NhsNumber + "|" + p.GivenName + "|" + p.FamilyName + "|" + p.DateOfBirth + "|" + p.Stage).ToListAsync(ct);
            var labs = (await db.LabResults.OrderBy(l => l.Id).Select(l => new { l.PatientId, l.TestCode, l.Value, l.CollectedAt }).ToListAsync(ct))
                .Select(l => $"{l.PatientId}|{l.TestCode}|{l.Value}|{l.CollectedAt:O}").ToList();
            var scans = (await db.LesionMeasurements.OrderBy(l => l.Id).Select(l => new { l.ScanId, l.LesionKey, l.DiameterMm }).ToListAsync(ct))
                .Select(l => $"{l.ScanId}|{l.LesionKey}|{l.DiameterMm}").ToList();
            return (patients, labs, scans);
        }

        var a = await Read(first);
        var b = await Read(second);
        Assert.Equal(a.Patients, b.Patients);
        Assert.Equal(a.Labs, b.Labs);
        Assert.Equal(a.Scans, b.Scans);
        Assert.True(a.Patients.Count >= 40);
    }

    [Fact]
    public async Task A_synthetic_seed_writes_the_counts_it_reports_beside_the_demo_cohort_and_a_second_run_continues_without_collision()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await FixedClockDatabaseAsync();
        await database.WithScopeAsync<DemoSeeder, SeedResult>(s => s.SeedAsync(ct));
        var before = await CountsAsync(database, ct);

        var result = await database.WithScopeAsync<SyntheticCohortSeeder, SyntheticSeedResult>(s => s.SeedAsync(200, 7, ct));
        var after = await CountsAsync(database, ct);

        Assert.Equal(200, result.Patients);
        Assert.Equal(before.Patients + 200, after.Patients);
        Assert.Equal(before.Labs + result.LabResults, after.Labs);
        Assert.Equal(result.Rows, after.Rows - before.Rows);
        await using (var check = await ContextAsync(database))
        {
            // Both seeders leave every patient with an alert state, so the list's alert filters see the whole cohort.
            Assert.Equal(after.Patients, await check.PatientAlertStates.CountAsync(ct));
        }

        Assert.InRange(result.LabResults / 200.0, 100, 400);

        var again = await database.WithScopeAsync<SyntheticCohortSeeder, SyntheticSeedResult>(s => s.SeedAsync(50, 7, ct));
        Assert.Equal(50, again.Patients);

        await using var db = await ContextAsync(database);
        var patients = await db.Patients.Select(p => new { p.Mrn, p.NhsNumber }).ToListAsync(ct);
        Assert.Equal(before.Patients + 250, patients.Count);
        Assert.All(patients, p => Assert.True(NhsNumber.IsValid(p.NhsNumber), p.NhsNumber));
        Assert.Equal(patients.Count, patients.Select(p => p.NhsNumber).Distinct().Count());
        var synthetic = patients.Where(p => p.Mrn.StartsWith(SyntheticCohortSeeder.MrnPrefix, StringComparison.Ordinal)).Select(p => p.Mrn).Order().ToList();
        Assert.Equal(250, synthetic.Count);
        Assert.Equal("SYN0000001", synthetic[0]);
        Assert.Equal("SYN0000250", synthetic[^1]);
    }

    private static async Task<(int Patients, long Labs, long Rows)> CountsAsync(SqliteTestDatabase database, CancellationToken ct)
    {
        await using var db = await ContextAsync(database);
        long rows = await db.Patients.CountAsync(ct) + await db.Biomarkers.CountAsync(ct) + await db.EcogAssessments.CountAsync(ct)
            + await db.TreatmentCourses.CountAsync(ct) + await db.Infusions.CountAsync(ct) + await db.LabResults.CountAsync(ct)
            + await db.AdverseEvents.CountAsync(ct) + await db.AdverseEventGrades.CountAsync(ct) + await db.Scans.CountAsync(ct)
            + await db.LesionMeasurements.CountAsync(ct) + await db.PatientAlertStates.CountAsync(ct);
        return (await db.Patients.CountAsync(ct), await db.LabResults.CountAsync(ct), rows);
    }
}
