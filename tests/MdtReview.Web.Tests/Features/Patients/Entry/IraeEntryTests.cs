using MdtReview.Clinical.Irae;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Patients.Entry.Services;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Tests.Features.Patients.Entry;

public sealed class IraeEntryTests : IAsyncLifetime
{
    private EntryTestHost _host = default!;
    private int _patientId;

    private static DateOnly Today => EntryTestHost.Today;

    public async ValueTask InitializeAsync()
    {
        _host = await EntryTestHost.StartAsync();
        (_patientId, _) = await _host.AddPatientAsync();
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static NewIrae Colitis(int grade = 2, DateOnly? onset = null, IraeManagement management = IraeManagement.Steroids, string? detail = "prednisolone 1 mg/kg/day") =>
        new(IraeCategory.Colitis, "Colitis", grade, onset ?? Today.AddDays(-10), Attribution.Probable, management, detail);

    private async Task<IraeState> RecordAsync(NewIrae irae)
    {
        var result = await _host.Run((RecordIrae s) => s.HandleAsync(_patientId, irae));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Values));
        return (await _host.Run((GetIrae s) => s.HandleAsync(_patientId, result.Id!.Value)))!;
    }

    [Fact]
    public async Task An_oncologist_records_an_irae_with_its_first_grade_in_the_history()
    {
        var state = await RecordAsync(Colitis(grade: 2));

        Assert.Equal(2, state.CurrentGrade);
        var history = await _host.Db(db => db.AdverseEventGrades.Where(g => g.AdverseEventId == state.Id).ToListAsync());
        var only = Assert.Single(history);
        Assert.Equal((2, Today.AddDays(-10), _host.OncologistId), (only.Grade, only.EffectiveDate, only.RecordedById));
        Assert.Equal("prednisolone 1 mg/kg/day", (await _host.Db(db => db.AdverseEvents.SingleAsync())).ManagementDetail);
    }

    [Fact]
    public async Task Recording_a_grade_2_irae_raises_the_patients_irae_alert_in_the_same_write()
    {
        await RecordAsync(Colitis(grade: 2));

        var state = await _host.Db(db => db.PatientAlertStates.SingleAsync(a => a.PatientId == _patientId));
        Assert.Equal(2, state.MaxActiveIraeGrade);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    public async Task A_grade_outside_1_to_5_is_refused_on_the_grade_field_and_nothing_is_written(int grade)
    {
        var result = await _host.Run((RecordIrae s) => s.HandleAsync(_patientId, Colitis(grade: grade)));

        Assert.Equal(EntryOutcome.Invalid, result.Outcome);
        Assert.Equal("The CTCAE grade must be between 1 and 5.", result.Errors[nameof(NewIrae.Grade)]);
        Assert.Equal(0, await _host.CountAsync<AdverseEvent>());
    }

    [Fact]
    public async Task An_onset_in_the_future_is_refused_on_the_onset_field()
    {
        var result = await _host.Run((RecordIrae s) => s.HandleAsync(_patientId, Colitis(onset: Today.AddDays(1))));

        Assert.Equal("The onset date cannot be in the future.", result.Errors[nameof(NewIrae.OnsetDate)]);
        Assert.Equal(0, await _host.CountAsync<AdverseEvent>());
    }

    [Fact]
    public async Task Every_invalid_field_gets_its_own_message_at_once()
    {
        var result = await _host.Run((RecordIrae s) => s.HandleAsync(_patientId,
            new NewIrae((IraeCategory)99, "  ", 7, default, (Attribution)42, IraeManagement.HormoneReplacement, " ")));

        Assert.Equal(
            [nameof(NewIrae.Attribution), nameof(NewIrae.Category), nameof(NewIrae.CtcaeTerm), nameof(NewIrae.Grade), nameof(NewIrae.ManagementDetail), nameof(NewIrae.OnsetDate)],
            result.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("levothyroxine", result.Errors[nameof(NewIrae.ManagementDetail)], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(IraeManagement.Steroids, "steroid and dose")]
    [InlineData(IraeManagement.HormoneReplacement, "hormone replacement and dose")]
    [InlineData(IraeManagement.OtherImmunosuppression, "immunosuppressant and dose")]
    public async Task Treated_irae_needs_the_drug_and_dose(IraeManagement management, string expected)
    {
        var result = await _host.Run((RecordIrae s) => s.HandleAsync(_patientId, Colitis(management: management, detail: null)));

        Assert.Contains(expected, result.Errors[nameof(NewIrae.ManagementDetail)], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_irae_without_treatment_needs_no_detail()
    {
        var state = await RecordAsync(Colitis(grade: 1, management: IraeManagement.None, detail: null));

        Assert.Equal(IraeManagement.None, state.Management);
    }

    [Fact]
    public async Task A_grade_change_appends_to_the_history_and_the_current_grade_follows_the_newest()
    {
        var irae = await RecordAsync(Colitis(grade: 2, onset: Today.AddDays(-20)));

        var result = await _host.Run((ChangeIraeGrade s) => s.HandleAsync(_patientId, new IraeGradeChange(irae.Id, irae.Version, 3, Today.AddDays(-5), "7 stools/day over baseline")));

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Values));
        var history = await _host.Db(db => db.AdverseEventGrades.Where(g => g.AdverseEventId == irae.Id).OrderBy(g => g.EffectiveDate).ToListAsync());
        Assert.Equal([(2, Today.AddDays(-20)), (3, Today.AddDays(-5))], history.Select(g => (g.Grade, g.EffectiveDate)));
        Assert.Equal("7 stools/day over baseline", history[1].Note);
        var after = await _host.Run((GetIrae s) => s.HandleAsync(_patientId, irae.Id));
        Assert.Equal(3, after!.CurrentGrade);
        Assert.NotEqual(irae.Version, after.Version);
    }

    [Fact]
    public async Task A_grade_change_dated_before_the_last_grade_or_in_the_future_is_refused()
    {
        var irae = await RecordAsync(Colitis(grade: 2, onset: Today.AddDays(-20)));

        var before = await _host.Run((ChangeIraeGrade s) => s.HandleAsync(_patientId, new IraeGradeChange(irae.Id, irae.Version, 3, Today.AddDays(-21), null)));
        var future = await _host.Run((ChangeIraeGrade s) => s.HandleAsync(_patientId, new IraeGradeChange(irae.Id, irae.Version, 3, Today.AddDays(2), null)));
        var same = await _host.Run((ChangeIraeGrade s) => s.HandleAsync(_patientId, new IraeGradeChange(irae.Id, irae.Version, 2, Today, null)));
        var outside = await _host.Run((ChangeIraeGrade s) => s.HandleAsync(_patientId, new IraeGradeChange(irae.Id, irae.Version, 6, Today, null)));

        Assert.Contains("on or after", before.Errors[nameof(IraeGradeChange.EffectiveDate)], StringComparison.Ordinal);
        Assert.Equal("The change date cannot be in the future.", future.Errors[nameof(IraeGradeChange.EffectiveDate)]);
        Assert.Equal("The irAE is already grade 2; choose the new grade.", same.Errors[nameof(IraeGradeChange.Grade)]);
        Assert.Equal("The CTCAE grade must be between 1 and 5.", outside.Errors[nameof(IraeGradeChange.Grade)]);
        Assert.Equal(1, await _host.CountAsync<AdverseEventGrade>());
    }

    [Fact]
    public async Task Resolving_sets_the_resolution_date_and_a_resolved_irae_takes_no_more_grade_changes()
    {
        var irae = await RecordAsync(Colitis(onset: Today.AddDays(-20)));

        var resolved = await _host.Run((ResolveIrae s) => s.HandleAsync(_patientId, new IraeResolution(irae.Id, irae.Version, Today.AddDays(-1), null)));
        var after = await _host.Run((GetIrae s) => s.HandleAsync(_patientId, irae.Id));
        var change = await _host.Run((ChangeIraeGrade s) => s.HandleAsync(_patientId, new IraeGradeChange(irae.Id, after!.Version, 3, Today, null)));

        Assert.True(resolved.Succeeded);
        Assert.Equal(Today.AddDays(-1), after!.ResolvedDate);
        Assert.Contains("Record a recurrence as a new irAE", change.Errors[EntryResult.FormKey], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resolution_before_onset_or_in_the_future_is_refused_and_nothing_changes()
    {
        var irae = await RecordAsync(Colitis(onset: Today.AddDays(-20)));

        var beforeOnset = await _host.Run((ResolveIrae s) => s.HandleAsync(_patientId, new IraeResolution(irae.Id, irae.Version, Today.AddDays(-21), null)));
        var future = await _host.Run((ResolveIrae s) => s.HandleAsync(_patientId, new IraeResolution(irae.Id, irae.Version, Today.AddDays(1), null)));

        Assert.Contains("cannot be before the onset", beforeOnset.Errors[nameof(IraeResolution.ResolvedDate)], StringComparison.Ordinal);
        Assert.Equal("The resolution date cannot be in the future.", future.Errors[nameof(IraeResolution.ResolvedDate)]);
        Assert.Null((await _host.Run((GetIrae s) => s.HandleAsync(_patientId, irae.Id)))!.ResolvedDate);
    }

    [Fact]
    public async Task A_grade_change_made_on_a_stale_version_is_a_conflict_with_both_versions_and_the_first_change_is_kept()
    {
        var irae = await RecordAsync(Colitis(grade: 2, onset: Today.AddDays(-20)));
        var mine = new IraeGradeChange(irae.Id, irae.Version, 4, Today, "mine");
        var theirs = new IraeGradeChange(irae.Id, irae.Version, 3, Today.AddDays(-1), "theirs");

        var first = await _host.Run((ChangeIraeGrade s) => s.HandleAsync(_patientId, theirs));
        var second = await _host.Run((ChangeIraeGrade s) => s.HandleAsync(_patientId, mine));

        Assert.True(first.Succeeded);
        Assert.Equal(EntryOutcome.Conflict, second.Outcome);
        var grade = Assert.Single(second.Conflict!.Fields, f => f.Label == "Grade");
        Assert.Contains("Grade 4", grade.Yours, StringComparison.Ordinal);
        Assert.Contains("Grade 3", grade.Theirs, StringComparison.Ordinal);
        Assert.Equal([2, 3], await _host.Db(db => db.AdverseEventGrades.OrderBy(g => g.EffectiveDate).Select(g => g.Grade).ToListAsync()));

        // Keeping mine after seeing theirs: saved on top of their version, and the history holds all three.
        var again = await _host.Run((ChangeIraeGrade s) => s.HandleAsync(_patientId, mine with { ExpectedVersion = second.Conflict.CurrentVersion }));
        Assert.True(again.Succeeded);
        Assert.Equal([2, 3, 4], await _host.Db(db => db.AdverseEventGrades.OrderBy(g => g.EffectiveDate).Select(g => g.Grade).ToListAsync()));
    }

    [Theory]
    [InlineData(Roles.GovernanceLead)]
    [InlineData(Roles.TrialInvestigator)]
    [InlineData(Roles.Administrator)]
    public async Task Only_an_oncologist_may_record_change_or_resolve_an_irae(string role)
    {
        var irae = await RecordAsync(Colitis());
        _host.SignInAs(role);

        var record = await _host.Run((RecordIrae s) => s.HandleAsync(_patientId, Colitis()));
        var change = await _host.Run((ChangeIraeGrade s) => s.HandleAsync(_patientId, new IraeGradeChange(irae.Id, irae.Version, 3, Today, null)));
        var resolve = await _host.Run((ResolveIrae s) => s.HandleAsync(_patientId, new IraeResolution(irae.Id, irae.Version, Today, null)));
        var read = await _host.Run((GetIrae s) => s.HandleAsync(_patientId, irae.Id));

        Assert.All([record, change, resolve], r => Assert.Equal((EntryOutcome.Forbidden, EntryResult.ForbiddenMessage), (r.Outcome, r.Errors[EntryResult.FormKey])));
        Assert.Null(read);
        Assert.Equal((1, 1), (await _host.CountAsync<AdverseEvent>(), await _host.CountAsync<AdverseEventGrade>()));
        Assert.Null((await _host.Db(db => db.AdverseEvents.SingleAsync())).ResolvedDate);
    }

    [Fact]
    public async Task An_irae_of_another_patient_is_not_found()
    {
        var irae = await RecordAsync(Colitis());
        var (otherPatient, _) = await _host.AddPatientAsync("RX000002");

        var result = await _host.Run((ChangeIraeGrade s) => s.HandleAsync(otherPatient, new IraeGradeChange(irae.Id, irae.Version, 3, Today, null)));

        Assert.Equal(EntryOutcome.NotFound, result.Outcome);
    }
}
