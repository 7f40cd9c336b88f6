using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Patients.Entry.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.IntegrationTests.Entry;

/// <summary>
/// Two oncologists editing the same record at once, each in their own scope and DbContext, on the real app and database:
/// one save wins, the other is a conflict carrying both versions, and no value is lost or silently overwritten.
/// </summary>
public abstract class EntryConcurrencyTests(MdtReviewAppFactory factory)
{
    private const string Oncologist = "oncologist@demo.mdtreview.local";
    private const string Oncologist2 = "oncologist2@demo.mdtreview.local";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private async Task<T> DbAsync<T>(Func<MdtReviewDbContext, Task<T>> query)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        return await query(db);
    }

    [Fact]
    public async Task Two_oncologists_changing_the_same_irae_grade_from_the_same_version_give_one_save_and_one_conflict_with_both_versions()
    {
        var ae = await DbAsync(db => db.AdverseEvents.Where(a => a.ResolvedDate == null && a.CurrentGrade < 4)
            .OrderBy(a => a.Id).Select(a => new { a.Id, a.PatientId, a.CurrentGrade }).FirstAsync());
        await using var mine = await AppUserScope.SignInAsync(factory, Oncologist);
        await using var theirs = await AppUserScope.SignInAsync(factory, Oncologist2);
        var opened = (await mine.Get<GetIrae>().HandleAsync(ae.PatientId, ae.Id, Ct))!;
        var before = await DbAsync(db => db.AdverseEventGrades.CountAsync(g => g.AdverseEventId == ae.Id));

        // Both saves start together; the database decides which is first.
        var results = await Task.WhenAll(
            mine.Get<ChangeIraeGrade>().HandleAsync(ae.PatientId, new IraeGradeChange(ae.Id, opened.Version, ae.CurrentGrade + 1, Today, "mine"), Ct),
            theirs.Get<ChangeIraeGrade>().HandleAsync(ae.PatientId, new IraeGradeChange(ae.Id, opened.Version, ae.CurrentGrade + 1, Today, "theirs"), Ct));

        Assert.Single(results, r => r.Outcome == EntryOutcome.Saved);
        var conflict = Assert.Single(results, r => r.Outcome == EntryOutcome.Conflict).Conflict!;
        var grade = Assert.Single(conflict.Fields, f => f.Label == "Grade");
        Assert.Contains($"Grade {ae.CurrentGrade + 1}", grade.Yours, StringComparison.Ordinal);
        Assert.Contains($"Grade {ae.CurrentGrade + 1}", grade.Theirs, StringComparison.Ordinal);
        Assert.Equal(before + 1, await DbAsync(db => db.AdverseEventGrades.CountAsync(g => g.AdverseEventId == ae.Id)));
        var stored = await DbAsync(db => db.AdverseEvents.AsNoTracking().SingleAsync(a => a.Id == ae.Id));
        Assert.Equal(ae.CurrentGrade + 1, stored.CurrentGrade);
        Assert.Equal(stored.Version, conflict.CurrentVersion);
    }

    [Fact]
    public async Task A_stale_grade_change_is_a_conflict_and_can_then_be_saved_on_top_of_the_other_users_version()
    {
        var ae = await DbAsync(db => db.AdverseEvents.Where(a => a.ResolvedDate == null && a.CurrentGrade < 4)
            .OrderByDescending(a => a.Id).Select(a => new { a.Id, a.PatientId, a.CurrentGrade }).FirstAsync());
        await using var mine = await AppUserScope.SignInAsync(factory, Oncologist);
        await using var theirs = await AppUserScope.SignInAsync(factory, Oncologist2);
        var opened = (await mine.Get<GetIrae>().HandleAsync(ae.PatientId, ae.Id, Ct))!;

        var theirResult = await theirs.Get<ResolveIrae>().HandleAsync(ae.PatientId, new IraeResolution(ae.Id, opened.Version, Today, "settled"), Ct);
        var myResult = await mine.Get<ChangeIraeGrade>().HandleAsync(ae.PatientId, new IraeGradeChange(ae.Id, opened.Version, ae.CurrentGrade + 1, Today, null), Ct);

        Assert.True(theirResult.Succeeded);
        Assert.Equal(EntryOutcome.Conflict, myResult.Outcome);
        Assert.Equal(Today.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture),
            Assert.Single(myResult.Conflict!.Fields, f => f.Label == "Resolved").Theirs);
        Assert.Equal(Today, (await DbAsync(db => db.AdverseEvents.AsNoTracking().SingleAsync(a => a.Id == ae.Id))).ResolvedDate);
    }

    [Fact]
    public async Task Two_oncologists_recording_the_next_infusion_of_one_course_at_once_never_make_two_cycles_with_one_number()
    {
        var courseId = await DbAsync(db => db.TreatmentCourses
            .Where(c => c.Status == TreatmentStatus.Active && c.Infusions.All(i => i.Date < DateOnly.FromDateTime(DateTime.UtcNow)))
            .OrderBy(c => c.Id).Select(c => c.Id).FirstAsync());
        var patientId = await DbAsync(db => db.TreatmentCourses.Where(c => c.Id == courseId).Select(c => c.PatientId).SingleAsync());
        await using var mine = await AppUserScope.SignInAsync(factory, Oncologist);
        await using var theirs = await AppUserScope.SignInAsync(factory, Oncologist2);
        var course = (await mine.Get<GetInfusionCourses>().HandleAsync(patientId, Ct)).Single(c => c.Id == courseId);
        var before = await DbAsync(db => db.Infusions.CountAsync(i => i.TreatmentCourseId == courseId));

        var results = await Task.WhenAll(
            mine.Get<RecordInfusion>().HandleAsync(patientId, new NewInfusion(courseId, course.Version, Today, InfusionStatus.Given, null), Ct),
            theirs.Get<RecordInfusion>().HandleAsync(patientId, new NewInfusion(courseId, course.Version, Today, InfusionStatus.Deferred, "neutropenia"), Ct));

        Assert.Single(results, r => r.Outcome == EntryOutcome.Saved);
        Assert.Single(results, r => r.Outcome == EntryOutcome.Conflict);
        Assert.Equal(before + 1, await DbAsync(db => db.Infusions.CountAsync(i => i.TreatmentCourseId == courseId)));
    }
}

public sealed class SqliteEntryConcurrencyTests(SqliteApp app) : EntryConcurrencyTests(app.Factory), IClassFixture<SqliteApp>;

public sealed class PostgreSqlEntryConcurrencyTests(PostgreSqlApp app) : EntryConcurrencyTests(app.Factory), IClassFixture<PostgreSqlApp>;
