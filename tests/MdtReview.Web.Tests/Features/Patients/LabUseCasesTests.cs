using MdtReview.Data;
using MdtReview.Data.Identity;
using MdtReview.Web.Features.Patients.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.Web.Tests.Features.Patients;

public sealed class LabUseCasesTests : IAsyncLifetime
{
    private static readonly DateTime _now = DateTime.UtcNow;
    private ServiceTestHost _host = default!;
    private string _oncologist = "";
    private int _patientId;

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceTestHost.StartAsync();
        _oncologist = await _host.CreateUserAsync("onc@test.local", Roles.Oncologist);
        _host.SignInAs(_oncologist);
        _patientId = await ReviewTestData.AddPatientAsync(_host, DateOnly.FromDateTime(_now.AddDays(-200)), p =>
        {
            for (var i = 0; i < 60; i++)
            {
                p.LabResults.Add(ReviewTestData.Lab("ALT", 20 + i, "U/L", 0, 40, _now.AddDays(-i - 1)));
            }
        });
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private Task<T> Run<TUseCase, T>(Func<TUseCase, Task<T>> action) where TUseCase : notnull =>
        _host.WithScopeAsync(sp => action(ActivatorUtilities.CreateInstance<TUseCase>(sp)));

    private static LabPanelEntry Panel(DateTime collectedAtUtc, params LabEntryRow[] rows) =>
        new() { CollectedAtLocal = HospitalTime.ToLocal(collectedAtUtc), Rows = [.. rows] };

    [Fact]
    public async Task History_pages_in_the_database_newest_first()
    {
        var first = await Run((GetLabHistory s) => s.HandleAsync(_patientId, null, 0, 25));
        var last = await Run((GetLabHistory s) => s.HandleAsync(_patientId, null, 2, 25));

        Assert.Equal(60, first!.TotalCount);
        Assert.Equal(25, first.Items.Count);
        Assert.Equal(20m, first.Items[0].Value);
        Assert.True(first.Items.Zip(first.Items.Skip(1)).All(p => p.First.CollectedAtUtc >= p.Second.CollectedAtUtc));
        Assert.Equal(10, last!.Items.Count);
        Assert.Equal(79m, last.Items[^1].Value);
    }

    [Fact]
    public async Task A_panel_of_several_tests_is_saved_and_graded_by_the_library()
    {
        var result = await Run((AddLabPanel s) => s.HandleAsync(_patientId, Panel(_now.AddMinutes(-5),
            new LabEntryRow { TestCode = "PLT", Value = 40, Unit = "10^9/L", Lln = 150, Uln = 400 },
            new LabEntryRow { TestCode = "na", Value = 138, Unit = "mEq/L", Lln = 135, Uln = 145 })));

        Assert.True(result.Succeeded);
        var panel = await Run((GetLatestLabPanel s) => s.HandleAsync(_patientId));
        var platelets = Assert.Single(panel!.Values, v => v.TestCode == "PLT");
        Assert.Equal(3, platelets.Grade.Grade);
        Assert.Equal(LabRangeStatus.Low, platelets.Flag);
        var sodium = Assert.Single(panel.Values, v => v.TestCode == "NA");
        Assert.Equal("mmol/L", sodium.Unit);
        Assert.Equal(0, sodium.Grade.Grade);
    }

    [Fact]
    public async Task A_grade_3_value_raises_the_patients_lab_alert_in_the_same_write()
    {
        var collected = _now.AddMinutes(-5);

        var result = await Run((AddLabPanel s) => s.HandleAsync(_patientId, Panel(collected,
            new LabEntryRow { TestCode = "PLT", Value = 40, Unit = "10^9/L", Lln = 150, Uln = 400 })));

        Assert.True(result.Succeeded);
        var state = await _host.WithScopeAsync(async sp =>
        {
            await using var db = await sp.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync();
            return await db.PatientAlertStates.AsNoTracking().SingleAsync(a => a.PatientId == _patientId);
        });
        Assert.Equal(DateOnly.FromDateTime(collected), state.LatestGrade3LabDate);
    }

    [Fact]
    public async Task A_panel_with_one_bad_value_writes_nothing_and_names_the_field()
    {
        var before = await ReviewTestData.CountLabsAsync(_host, _patientId);

        var result = await Run((AddLabPanel s) => s.HandleAsync(_patientId, Panel(_now.AddMinutes(-5),
            new LabEntryRow { TestCode = "PLT", Value = 240, Unit = "10^9/L", Lln = 150, Uln = 400 },
            new LabEntryRow { TestCode = "HGB", Value = 98, Unit = "g/dL", Lln = 12, Uln = 16 },
            new LabEntryRow { TestCode = "XYZ", Value = 1, Unit = "U/L" })));

        Assert.False(result.Succeeded);
        Assert.Contains("cannot be a result", result.Errors[LabFields.Row(1, "Value")], StringComparison.Ordinal);
        Assert.Equal("'XYZ' is not a test this app knows.", result.Errors[LabFields.Row(2, "TestCode")]);
        Assert.Equal(before, await ReviewTestData.CountLabsAsync(_host, _patientId));
    }

    [Fact]
    public async Task A_collection_time_in_the_future_or_an_unknown_unit_is_refused()
    {
        var result = await Run((AddLabPanel s) => s.HandleAsync(_patientId, Panel(_now.AddHours(2),
            new LabEntryRow { TestCode = "ALT", Value = 30, Unit = "furlongs" })));

        Assert.False(result.Succeeded);
        Assert.Equal("The collection time is in the future.", result.Errors[LabFields.CollectedAt]);
        Assert.Equal("'furlongs' is not a unit for Alanine aminotransferase (ALT).", result.Errors[LabFields.Row(0, "Unit")]);
    }

    [Fact]
    public async Task A_correction_supersedes_the_value_and_keeps_it_as_history()
    {
        var original = (await Run((GetLatestLabPanel s) => s.HandleAsync(_patientId)))!.Values.Single(v => v.TestCode == "ALT");

        var result = await Run((CorrectLabResult s) => s.HandleAsync(original.Id, new LabCorrectionEntry { Value = 250, Unit = "U/L", Lln = 0, Uln = 40, Reason = "Transcription error" }));

        Assert.True(result.Succeeded);
        var history = await Run((GetLabHistory s) => s.HandleAsync(_patientId, "ALT", 0, 5));
        Assert.Equal(61, history!.TotalCount);
        var old = Assert.Single(history.Items, v => v.Id == original.Id);
        Assert.False(old.IsCurrent);
        var correction = Assert.Single(history.Items, v => v.CorrectsId == original.Id);
        Assert.True(correction.IsCurrent);
        Assert.Equal(250m, correction.Value);
        Assert.Equal(original.Value, correction.CorrectsValue);
        Assert.Equal("Transcription error", correction.CorrectionReason);
        Assert.Equal(original.CollectedAtUtc, correction.CollectedAtUtc);
        var latest = (await Run((GetLatestLabPanel s) => s.HandleAsync(_patientId)))!.Values.Single(v => v.TestCode == "ALT");
        Assert.Equal(250m, latest.Value);
        Assert.Equal(3, latest.Grade.Grade);
    }

    [Fact]
    public async Task Correcting_a_value_that_was_already_corrected_is_a_conflict_showing_both_versions()
    {
        var original = (await Run((GetLatestLabPanel s) => s.HandleAsync(_patientId)))!.Values.Single(v => v.TestCode == "ALT");
        await Run((CorrectLabResult s) => s.HandleAsync(original.Id, new LabCorrectionEntry { Value = 25, Unit = "U/L", Lln = 0, Uln = 40, Reason = "First correction" }));
        var before = await ReviewTestData.CountLabsAsync(_host, _patientId);

        var second = await Run((CorrectLabResult s) => s.HandleAsync(original.Id, new LabCorrectionEntry { Value = 26, Unit = "U/L", Lln = 0, Uln = 40, Reason = "Second correction" }));

        Assert.False(second.Succeeded);
        Assert.NotNull(second.Conflict);
        Assert.Equal(original.Value, second.Conflict.Yours.Value);
        Assert.Equal(25m, second.Conflict.Current.Value);
        Assert.Equal("First correction", second.Conflict.Current.CorrectionReason);
        Assert.Equal(before, await ReviewTestData.CountLabsAsync(_host, _patientId));
    }

    [Fact]
    public async Task A_correction_needs_a_reason()
    {
        var original = (await Run((GetLatestLabPanel s) => s.HandleAsync(_patientId)))!.Values.Single(v => v.TestCode == "ALT");

        var result = await Run((CorrectLabResult s) => s.HandleAsync(original.Id, new LabCorrectionEntry { Value = 25, Unit = "U/L", Reason = " " }));

        Assert.Equal("Say why the value is being corrected.", result.Errors[LabFields.Reason]);
    }

    [Theory]
    [InlineData(Roles.GovernanceLead)]
    [InlineData(Roles.TrialInvestigator)]
    [InlineData(Roles.Administrator)]
    public async Task Only_an_oncologist_may_add_or_correct_lab_results(string role)
    {
        var original = (await Run((GetLatestLabPanel s) => s.HandleAsync(_patientId)))!.Values.Single(v => v.TestCode == "ALT");
        _host.SignInAs(await _host.CreateUserAsync($"{role}@test.local", role));
        var before = await ReviewTestData.CountLabsAsync(_host, _patientId);

        var added = await Run((AddLabPanel s) => s.HandleAsync(_patientId, Panel(_now.AddMinutes(-5), new LabEntryRow { TestCode = "ALT", Value = 30, Unit = "U/L" })));
        var corrected = await Run((CorrectLabResult s) => s.HandleAsync(original.Id, new LabCorrectionEntry { Value = 25, Unit = "U/L", Reason = "x" }));

        Assert.Equal(LabWriteMessages.Forbidden, added.Errors[LabFields.Form]);
        Assert.Equal(LabWriteMessages.Forbidden, corrected.Errors[LabFields.Form]);
        Assert.Equal(before, await ReviewTestData.CountLabsAsync(_host, _patientId));
    }

    [Theory]
    [InlineData(Roles.TrialInvestigator)]
    [InlineData(Roles.Administrator)]
    public async Task Roles_without_clinical_access_see_no_lab_data(string role)
    {
        _host.SignInAs(await _host.CreateUserAsync($"{role}@test.local", role));

        Assert.Null(await Run((GetLatestLabPanel s) => s.HandleAsync(_patientId)));
        Assert.Null(await Run((GetLabHistory s) => s.HandleAsync(_patientId, null, 0, 25)));
        Assert.Null(await Run((GetLabTrends s) => s.HandleAsync(_patientId, null)));
    }

    [Fact]
    public async Task A_governance_lead_reads_the_same_results()
    {
        _host.SignInAs(await _host.CreateUserAsync("gov@test.local", Roles.GovernanceLead));

        var page = await Run((GetLabHistory s) => s.HandleAsync(_patientId, null, 0, 25));

        Assert.Equal(60, page!.TotalCount);
    }

    [Fact]
    public async Task Trends_carry_at_most_500_points_and_keep_a_grade_4_spike()
    {
        var heavy = await ReviewTestData.AddPatientAsync(_host, DateOnly.FromDateTime(_now.AddDays(-800)), p =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                p.LabResults.Add(ReviewTestData.Lab("ALT", 20 + (i % 7), "U/L", 0, 40, _now.AddHours(-(i * 9) - 1)));
            }

            p.LabResults.Add(ReviewTestData.Lab("ALT", 900, "U/L", 0, 40, _now.AddHours(-9_000.5)));
        });

        var trends = await Run((GetLabTrends s) => s.HandleAsync(heavy, null));

        var alt = Assert.Single(trends!.Trends);
        Assert.InRange(alt.Chart.Points.Count, 2, Downsampler.MaxPoints);
        Assert.Equal(2_001, alt.Chart.SourceCount);
        Assert.Contains(alt.Chart.Points, p => p.Value == 900);
        Assert.Contains(alt.Chart.Thresholds, t => t.Label == "G4 above 800");
    }

    [Fact]
    public async Task An_unknown_patient_reads_as_not_found()
    {
        Assert.Null(await Run((GetLatestLabPanel s) => s.HandleAsync(987_654)));
        var result = await Run((AddLabPanel s) => s.HandleAsync(987_654, Panel(_now.AddMinutes(-5), new LabEntryRow { TestCode = "ALT", Value = 30, Unit = "U/L" })));
        Assert.Equal(AddLabPanel.PatientNotFound, result.Errors[LabFields.Form]);
    }
}
