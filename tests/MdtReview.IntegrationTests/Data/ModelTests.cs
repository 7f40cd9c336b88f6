using MdtReview.Data;
using MdtReview.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.IntegrationTests.Data;

/// <summary>Behaviour of the model that differs by provider: concurrency tokens, UTC times, decimals and dates.</summary>
public abstract class ModelTests(MdtReviewAppFactory factory)
{
    private async Task<MdtReviewDbContext> NewContextAsync()
    {
        var contexts = factory.Services.GetRequiredService<IServiceScopeFactory>().CreateScope().ServiceProvider
            .GetRequiredService<IDbContextFactory<MdtReviewDbContext>>();
        return await contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_concurrent_edit_of_the_same_record_is_a_conflict_not_a_silent_overwrite()
    {
        int patientId;
        await using (var setup = await NewContextAsync())
        {
            patientId = await setup.Patients.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync(TestContext.Current.CancellationToken);
        }

        await using var first = await NewContextAsync();
        await using var second = await NewContextAsync();
        var mine = await first.Patients.SingleAsync(p => p.Id == patientId, TestContext.Current.CancellationToken);
        var theirs = await second.Patients.SingleAsync(p => p.Id == patientId, TestContext.Current.CancellationToken);

        mine.Stage = "IVA (first editor)";
        await first.SaveChangesAsync(TestContext.Current.CancellationToken);
        theirs.Stage = "IVB (second editor)";

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync(TestContext.Current.CancellationToken));
        await using var check = await NewContextAsync();
        Assert.Equal("IVA (first editor)", (await check.Patients.SingleAsync(p => p.Id == patientId, TestContext.Current.CancellationToken)).Stage);
    }

    [Fact]
    public async Task Every_save_of_an_editable_record_changes_its_version()
    {
        await using var db = await NewContextAsync();
        var course = await db.TreatmentCourses.OrderBy(c => c.Id).FirstAsync(TestContext.Current.CancellationToken);
        var before = course.Version;

        course.StatusReason = $"edited {Guid.NewGuid():N}";
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);

        Assert.NotEqual(before, course.Version);
    }

    [Fact]
    public async Task Times_come_back_as_utc_and_decimals_and_dates_exactly_as_stored()
    {
        var collected = new DateTime(2026, 3, 1, 8, 30, 15, DateTimeKind.Utc);
        int id;
        await using (var db = await NewContextAsync())
        {
            var patientId = await db.Patients.Select(p => p.Id).FirstAsync(TestContext.Current.CancellationToken);
            var lab = new LabResult { PatientId = patientId, TestCode = "ALT", Value = 123.4567m, Unit = "U/L", Uln = 40m, CollectedAt = collected, RecordedAt = collected };
            db.LabResults.Add(lab);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            id = lab.Id;
        }

        await using var read = await NewContextAsync();
        var stored = await read.LabResults.AsNoTracking().SingleAsync(l => l.Id == id, TestContext.Current.CancellationToken);
        Assert.Equal(DateTimeKind.Utc, stored.CollectedAt.Kind);
        Assert.Equal(collected, stored.CollectedAt);
        Assert.Equal(123.4567m, stored.Value);
        var ordered = await read.LabResults.AsNoTracking().Where(l => l.CollectedAt >= collected).OrderBy(l => l.CollectedAt).Select(l => l.Id).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Contains(id, ordered);
    }
}

public sealed class SqliteModelTests(SqliteApp app) : ModelTests(app.Factory), IClassFixture<SqliteApp>
{
    [Fact]
    public async Task The_embedded_database_runs_in_wal_mode_with_foreign_keys_on()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var command = db.Database.GetDbConnection().CreateCommand();

        command.CommandText = "PRAGMA journal_mode;";
        var journal = (string?)await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        command.CommandText = "PRAGMA foreign_keys;";
        var foreignKeys = (long?)await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);

        Assert.Equal("wal", journal);
        Assert.Equal(1, foreignKeys);
    }
}

public sealed class PostgreSqlModelTests(PostgreSqlApp app) : ModelTests(app.Factory), IClassFixture<PostgreSqlApp>;
