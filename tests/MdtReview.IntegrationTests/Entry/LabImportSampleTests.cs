using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Data.Seeding;
using MdtReview.Testing;
using MdtReview.Web.Features.Patients.Import.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.IntegrationTests.Entry;

/// <summary>docs/lab-import-sample.csv is what the documentation promises: a valid file for the demo cohort.</summary>
public sealed class LabImportSampleTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    internal static string SamplePath()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MdtReview.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Repository root not found."), "docs", "lab-import-sample.csv");
    }

    [Fact]
    public async Task The_documented_sample_imports_cleanly_into_the_demo_cohort()
    {
        var content = await File.ReadAllTextAsync(SamplePath(), TestContext.Current.CancellationToken);
        var rows = content.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;
        await using var oncologist = await AppUserScope.SignInAsync(app.Factory, "oncologist@demo.mdtreview.local");

        var preview = await oncologist.Get<PreviewLabImport>().HandleAsync(content, cancellationToken: TestContext.Current.CancellationToken);
        var result = await oncologist.Get<ImportLabResults>().HandleAsync(content, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(preview!.CanImport, string.Join("; ", preview.FileErrors.Concat(preview.Rows.SelectMany(r => r.Errors.Select(e => $"line {r.Line}: {e}")))));
        Assert.Equal(3, preview.PatientCount);
        Assert.Equal((LabImportOutcome.Imported, rows), (result.Outcome, result.ImportedCount));
        await using var scope = app.Factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        Assert.Equal(rows, await db.LabResults.CountAsync(l => l.Source == LabSource.CsvImport, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_sample_names_demo_patients_whatever_day_the_demo_is_seeded()
    {
        // The demo timeline moves with the seed date; the sample's patients must exist on any day it is seeded.
        var content = await File.ReadAllTextAsync(SamplePath(), TestContext.Current.CancellationToken);
        var lines = content.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToList();
        foreach (var day in new[] { new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 3, 2, 9, 0, 0, TimeSpan.Zero) })
        {
            await using var database = await TestDatabase.CreateSqliteAsync(s => s.AddSingleton<TimeProvider>(new FixedTimeProvider(day)), TestContext.Current.CancellationToken);
            await database.WithScopeAsync<DemoSeeder, SeedResult>(s => s.SeedAsync(TestContext.Current.CancellationToken));
            await using var db = await database.CreateContextAsync(TestContext.Current.CancellationToken);
            var mrns = await db.Patients.Select(p => p.Mrn).ToListAsync(TestContext.Current.CancellationToken);
            var nhs = await db.Patients.Select(p => p.NhsNumber).ToListAsync(TestContext.Current.CancellationToken);

            Assert.All(lines, l => Assert.True(l[0].Length > 0 ? mrns.Contains(l[0]) : nhs.Contains(l[1]), $"{l[0]}{l[1]} is not a demo patient when seeded on {day:d MMM yyyy}."));
        }
    }
}
