using MdtReview.Clinical.Recist;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Patients.Entry.Services;
using Microsoft.EntityFrameworkCore;
using NonTargetStatus = MdtReview.Clinical.Recist.NonTargetStatus;

namespace MdtReview.Web.Tests.Features.Patients.Entry;

public sealed class ScanEntryTests : IAsyncLifetime
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

    private static LesionInput Target(string key, string organ, decimal? mm, bool node = false) => new(key, organ, node, LesionKind.Target, mm);

    private static NewScan Baseline(DateOnly date, params LesionInput[] lesions) => new(
        date, ScanModality.Ct, true, "Baseline CT", lesions.Any(l => l.Kind == LesionKind.NonTarget) ? NonTargetStatus.Present : NonTargetStatus.None,
        null, null, false, null, null, lesions);

    private static NewScan FollowUp(DateOnly date, NonTargetStatus nonTarget, params LesionInput[] lesions) =>
        new(date, ScanModality.Ct, false, null, nonTarget, null, true, false, null, null, lesions);

    private Task<EntryResult> RecordAsync(NewScan scan) => _host.Run((RecordScan s) => s.HandleAsync(_patientId, scan));

    private async Task RecordStandardBaselineAsync()
    {
        var result = await RecordAsync(Baseline(Today.AddDays(-90),
            Target("T1", "Liver", 32m), Target("T2", "Lung", 18m), Target("T3", "Mediastinum", 21m, node: true),
            new LesionInput("NT1", "Bone", false, LesionKind.NonTarget, null)));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Values));
    }

    [Fact]
    public async Task A_valid_baseline_is_stored_with_its_lesions_and_the_context_offers_them_to_the_next_scan()
    {
        await RecordStandardBaselineAsync();

        var context = await _host.Run((GetScanEntryContext s) => s.HandleAsync(_patientId));

        Assert.Equal(Today.AddDays(-90), context!.BaselineDate);
        Assert.Equal(NonTargetStatus.Present, context.BaselineNonTargetStatus);
        Assert.Equal(["T1", "T2", "T3", "NT1"], context.BaselineLesions.Select(l => l.LesionKey));
        Assert.Equal(4, await _host.CountAsync<LesionMeasurement>());
    }

    [Fact]
    public async Task A_baseline_breaking_the_recist_target_rules_gets_the_rules_library_messages_and_nothing_is_written()
    {
        var result = await RecordAsync(Baseline(Today.AddDays(-90),
            Target("T1", "Liver", 30m), Target("T2", "Liver", 25m), Target("T3", "Liver", 22m),
            Target("T4", "Lung", 8m), Target("T5", "Axilla", 12m, node: true), Target("T6", "Adrenal", 15m)));

        Assert.Equal(EntryOutcome.Invalid, result.Outcome);
        Assert.Contains("RECIST 1.1 allows at most 5", result.Errors[nameof(NewScan.Lesions)], StringComparison.Ordinal);
        Assert.Contains("at least 10 mm", result.Errors[RecordScan.Field(3, nameof(LesionInput.DiameterMm))], StringComparison.Ordinal);
        Assert.Contains("at least 15 mm in short axis", result.Errors[RecordScan.Field(4, nameof(LesionInput.DiameterMm))], StringComparison.Ordinal);
        Assert.Equal(0, await _host.CountAsync<Scan>());
    }

    [Fact]
    public async Task Three_targets_in_one_organ_are_refused_with_the_per_organ_rule()
    {
        var result = await RecordAsync(Baseline(Today.AddDays(-90), Target("T1", "Liver", 30m), Target("T2", "liver", 25m), Target("T3", "Liver", 22m)));

        Assert.Contains("at most 2 per organ", result.Errors[nameof(NewScan.Lesions)], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, "cannot be negative")]
    [InlineData(501, "larger than any lesion")]
    public async Task A_negative_or_absurd_diameter_is_refused_on_that_row(int mm, string expected)
    {
        var result = await RecordAsync(Baseline(Today.AddDays(-90), Target("T1", "Liver", 30m), Target("T2", "Lung", mm)));

        Assert.Contains(expected, result.Errors[RecordScan.Field(1, nameof(LesionInput.DiameterMm))], StringComparison.Ordinal);
        Assert.Equal(0, await _host.CountAsync<Scan>());
    }

    [Fact]
    public async Task Duplicate_or_missing_lesion_ids_and_missing_organs_are_refused_per_row()
    {
        var result = await RecordAsync(Baseline(Today.AddDays(-90), Target("T1", "Liver", 30m), Target("t1", "Lung", 20m), Target(" ", "", 20m)));

        Assert.Contains("used twice", result.Errors[RecordScan.Field(1, nameof(LesionInput.LesionKey))], StringComparison.Ordinal);
        Assert.Equal("Enter the lesion id, e.g. T1, NT1 or N1.", result.Errors[RecordScan.Field(2, nameof(LesionInput.LesionKey))]);
        Assert.Equal("Enter the organ or site.", result.Errors[RecordScan.Field(2, nameof(LesionInput.Organ))]);
    }

    [Fact]
    public async Task A_scan_in_the_future_is_refused()
    {
        var result = await RecordAsync(Baseline(Today.AddDays(1), Target("T1", "Liver", 30m)));

        Assert.Equal("The scan date cannot be in the future.", result.Errors[nameof(NewScan.ScanDate)]);
    }

    [Fact]
    public async Task A_baseline_lists_no_new_lesions_and_no_response()
    {
        var scan = Baseline(Today.AddDays(-90), Target("T1", "Liver", 30m), new LesionInput("N1", "Brain", false, LesionKind.New, 12m))
            with { RadiologistRecist = Recist11Response.SD };

        var result = await RecordAsync(scan);

        Assert.Contains("A baseline has no new lesions", result.Errors[RecordScan.Field(1, nameof(LesionInput.Kind))], StringComparison.Ordinal);
        Assert.Contains("no response", result.Errors[nameof(NewScan.RadiologistRecist)], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_baseline_is_refused()
    {
        await RecordStandardBaselineAsync();

        var result = await RecordAsync(Baseline(Today.AddDays(-10), Target("T1", "Liver", 30m)));

        Assert.Contains("already has a baseline", result.Errors[nameof(NewScan.IsBaseline)], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_follow_up_without_a_baseline_is_refused()
    {
        var result = await RecordAsync(FollowUp(Today.AddDays(-10), NonTargetStatus.None, Target("T1", "Liver", 30m)));

        Assert.Equal("This patient has no baseline scan yet; record the baseline first.", result.Errors[nameof(NewScan.IsBaseline)]);
    }

    [Fact]
    public async Task A_follow_up_on_or_before_the_baseline_is_refused()
    {
        await RecordStandardBaselineAsync();

        var result = await RecordAsync(FollowUp(Today.AddDays(-100), NonTargetStatus.Present,
            Target("T1", "Liver", 30m), Target("T2", "Lung", 18m), Target("T3", "Mediastinum", 21m, node: true)));

        Assert.Contains("must be after the baseline", result.Errors[nameof(NewScan.ScanDate)], StringComparison.Ordinal);
        Assert.Equal(1, await _host.CountAsync<Scan>());
    }

    [Fact]
    public async Task A_follow_up_must_measure_every_baseline_target_and_only_them()
    {
        await RecordStandardBaselineAsync();

        var result = await RecordAsync(FollowUp(Today.AddDays(-5), NonTargetStatus.Present,
            Target("T1", "Liver", 30m), Target("T2", "Lung", null), Target("T9", "Spleen", 14m)));

        Assert.Contains("Measure target lesion T2", result.Errors[RecordScan.Field(1, nameof(LesionInput.DiameterMm))], StringComparison.Ordinal);
        Assert.Contains("T9 is not a target lesion of the baseline", result.Errors[RecordScan.Field(2, nameof(LesionInput.LesionKey))], StringComparison.Ordinal);
        Assert.Contains("Baseline target lesion T3", result.Errors[nameof(NewScan.Lesions)], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_target_disease_present_at_baseline_cannot_be_recorded_as_none_later()
    {
        await RecordStandardBaselineAsync();

        var result = await RecordAsync(FollowUp(Today.AddDays(-5), NonTargetStatus.None,
            Target("T1", "Liver", 30m), Target("T2", "Lung", 18m), Target("T3", "Mediastinum", 21m, node: true)));

        Assert.Contains("present at baseline", result.Errors[nameof(NewScan.NonTargetStatus)], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_follow_up_with_a_new_lesion_is_stored_and_its_measurability_is_derived_from_its_size()
    {
        await RecordStandardBaselineAsync();

        var result = await RecordAsync(FollowUp(Today.AddDays(-5), NonTargetStatus.Present,
            Target("T1", "Liver", 0m), Target("T2", "Lung", 12m), Target("T3", "Mediastinum", 9m, node: true),
            new LesionInput("N1", "Liver", false, LesionKind.New, 14m), new LesionInput("N2", "Peritoneum", false, LesionKind.New, 6m)) with
        {
            RadiologistIrecist = IrecistResponse.IUPD,
        });

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Values));
        var stored = await _host.Db(db => db.Scans.Include(s => s.Lesions).SingleAsync(s => s.Id == result.Id));
        Assert.Equal([("N1", true), ("N2", false)], stored.Lesions.Where(l => l.Kind == LesionKind.New).OrderBy(l => l.LesionKey).Select(l => (l.LesionKey, l.Measurable)));
        Assert.Equal(IrecistResponse.IUPD, stored.RadiologistIrecist);
        Assert.True(stored.ClinicallyStable);
    }

    [Fact]
    public async Task A_new_lesion_cannot_reuse_a_baseline_lesion_id()
    {
        await RecordStandardBaselineAsync();

        var result = await RecordAsync(FollowUp(Today.AddDays(-5), NonTargetStatus.Present,
            Target("T1", "Liver", 30m), Target("T2", "Lung", 18m), Target("T3", "Mediastinum", 21m, node: true),
            new LesionInput("NT1", "Liver", false, LesionKind.New, 14m)));

        Assert.Contains("NT1 is a baseline lesion", result.Errors[RecordScan.Field(3, nameof(LesionInput.LesionKey))], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.GovernanceLead)]
    [InlineData(Roles.TrialInvestigator)]
    [InlineData(Roles.Administrator)]
    public async Task Only_an_oncologist_may_record_a_scan(string role)
    {
        _host.SignInAs(role);

        var result = await RecordAsync(Baseline(Today.AddDays(-90), Target("T1", "Liver", 30m)));
        var context = await _host.Run((GetScanEntryContext s) => s.HandleAsync(_patientId));

        Assert.Equal(EntryOutcome.Forbidden, result.Outcome);
        Assert.Null(context);
        Assert.Equal(0, await _host.CountAsync<Scan>());
    }
}
