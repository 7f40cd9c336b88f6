using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Patients.Entry.Services;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Tests.Features.Patients.Entry;

public sealed class InfusionEntryTests : IAsyncLifetime
{
    private EntryTestHost _host = default!;
    private int _patientId;
    private int _courseId;

    private static DateOnly Today => EntryTestHost.Today;

    public async ValueTask InitializeAsync()
    {
        _host = await EntryTestHost.StartAsync();
        (_patientId, _courseId) = await _host.AddPatientAsync(courseStartDaysAgo: 60);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private async Task<InfusionCourse> CourseAsync() => (await _host.Run((GetInfusionCourses s) => s.HandleAsync(_patientId))).Single();

    private async Task<EntryResult> RecordAsync(DateOnly date, InfusionStatus status = InfusionStatus.Given, string? reason = null, uint? version = null)
    {
        var course = await CourseAsync();
        return await _host.Run((RecordInfusion s) => s.HandleAsync(_patientId, new NewInfusion(_courseId, version ?? course.Version, date, status, reason)));
    }

    [Fact]
    public async Task Cycle_numbers_follow_the_last_given_cycle_and_a_deferred_cycle_keeps_its_number()
    {
        Assert.True((await RecordAsync(Today.AddDays(-60))).Succeeded);
        Assert.True((await RecordAsync(Today.AddDays(-39), InfusionStatus.Deferred, "grade 2 colitis")).Succeeded);
        Assert.True((await RecordAsync(Today.AddDays(-32))).Succeeded);

        var stored = await _host.Db(db => db.Infusions.OrderBy(i => i.Date).Select(i => new { i.CycleNumber, i.Status, i.DeferralReason }).ToListAsync());
        Assert.Equal([(1, InfusionStatus.Given, (string?)null), (2, InfusionStatus.Deferred, "grade 2 colitis"), (2, InfusionStatus.Given, null)],
            stored.Select(i => (i.CycleNumber, i.Status, i.DeferralReason)));
        Assert.Equal(3, (await CourseAsync()).NextCycleNumber);
    }

    [Fact]
    public async Task A_deferral_needs_a_reason()
    {
        var result = await RecordAsync(Today.AddDays(-10), InfusionStatus.Deferred, "  ");

        Assert.Contains("Enter why the infusion was deferred", result.Errors[nameof(NewInfusion.DeferralReason)], StringComparison.Ordinal);
        Assert.Equal(0, await _host.CountAsync<Infusion>());
    }

    [Fact]
    public async Task A_date_before_the_course_start_or_in_the_future_is_refused()
    {
        var before = await RecordAsync(Today.AddDays(-61));
        var future = await RecordAsync(Today.AddDays(1));

        Assert.Contains("an infusion cannot be before it", before.Errors[nameof(NewInfusion.Date)], StringComparison.Ordinal);
        Assert.Contains("cannot be in the future", future.Errors[nameof(NewInfusion.Date)], StringComparison.Ordinal);
        Assert.Equal(0, await _host.CountAsync<Infusion>());
    }

    [Fact]
    public async Task An_infusion_on_or_before_the_last_recorded_one_is_refused()
    {
        Assert.True((await RecordAsync(Today.AddDays(-20))).Succeeded);

        var same = await RecordAsync(Today.AddDays(-20));

        Assert.Contains("a new one must be after it", same.Errors[nameof(NewInfusion.Date)], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stopped_course_takes_no_infusion()
    {
        await _host.Db(async db =>
        {
            var course = await db.TreatmentCourses.SingleAsync();
            course.Status = TreatmentStatus.Stopped;
            return await db.SaveChangesAsync();
        });

        var result = await RecordAsync(Today);

        Assert.Contains("stopped", result.Errors[nameof(NewInfusion.TreatmentCourseId)], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_users_recording_the_next_cycle_from_the_same_course_version_conflict_instead_of_both_becoming_cycle_1()
    {
        var opened = await CourseAsync();

        var first = await _host.Run((RecordInfusion s) => s.HandleAsync(_patientId, new NewInfusion(_courseId, opened.Version, Today.AddDays(-2), InfusionStatus.Given, null)));
        var second = await _host.Run((RecordInfusion s) => s.HandleAsync(_patientId, new NewInfusion(_courseId, opened.Version, Today, InfusionStatus.Given, null)));

        Assert.True(first.Succeeded);
        Assert.Equal(EntryOutcome.Conflict, second.Outcome);
        Assert.Contains("Cycle 1 given", Assert.Single(second.Conflict!.Fields, f => f.Label == "Infusion").Theirs, StringComparison.Ordinal);
        Assert.Equal(1, await _host.CountAsync<Infusion>());
    }

    [Theory]
    [InlineData(Roles.GovernanceLead)]
    [InlineData(Roles.TrialInvestigator)]
    [InlineData(Roles.Administrator)]
    public async Task Only_an_oncologist_may_record_an_infusion(string role)
    {
        var course = await CourseAsync();
        _host.SignInAs(role);

        var result = await _host.Run((RecordInfusion s) => s.HandleAsync(_patientId, new NewInfusion(_courseId, course.Version, Today, InfusionStatus.Given, null)));

        Assert.Equal(EntryOutcome.Forbidden, result.Outcome);
        Assert.Empty(await _host.Run((GetInfusionCourses s) => s.HandleAsync(_patientId)));
        Assert.Equal(0, await _host.CountAsync<Infusion>());
    }
}
