using MdtReview.Clinical.GuidelineCheck;
using MdtReview.Clinical.Irae;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Governance.Dashboards;

namespace MdtReview.Web.Tests.Features.Governance.Dashboards;

/// <summary>
/// The four clinical dashboards on a small hand-made dataset; every expected figure is worked out by hand in the comments.
/// Range: 1 Jan – 31 Mar 2026 (February has no decision), "today" 1 Apr 2026.
/// </summary>
public sealed class DashboardCalculatorTests
{
    private static readonly DashboardFilter FirstQuarter = new(new(2026, 1, 1), new(2026, 3, 31), null);
    private static readonly DateOnly Today = new(2026, 4, 1);

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    // d1  patient 1, Lung,      Continue, 10 Jan, informed 12 Jan.
    // d2  patient 2, Melanoma,  Stop,     20 Jan — superseded by d3, never counted as it stands.
    // d3  patient 2, Melanoma,  Pause,    22 Jan, version 2 amending d2 (chain decided 20 Jan), DEVIATES (clinical judgement), not informed, due 29 Jan.
    // d4  patient 3, Urology,   Continue,  5 Mar, DEVIATES (patient choice), informed 15 Mar.
    // d5  patient 1, Lung,      Trial,    15 Dec 2025 — before the range.
    // d6  patient 4, Lung,      Pause,    31 Mar (last day of the range), not informed, due 7 Apr (not yet late).
    private static readonly DecisionFact[] Decisions =
    [
        new(1, 1, "MRN1", "Lung", DecisionOutcome.Continue, D(2026, 1, 10), D(2026, 1, 10), 1, true, "Dr A", false, null, null, D(2026, 1, 17), D(2026, 1, 12)),
        new(2, 2, "MRN2", "Melanoma", DecisionOutcome.Stop, D(2026, 1, 20), D(2026, 1, 20), 1, false, "Dr B", false, null, null, D(2026, 1, 27), D(2026, 1, 21)),
        new(3, 2, "MRN2", "Melanoma", DecisionOutcome.Pause, D(2026, 1, 22), D(2026, 1, 20), 2, true, "Dr A", true, DeviationReason.ClinicalJudgement,
            "Grade 4 hepatitis: permanently discontinue", D(2026, 1, 29), null),
        new(4, 3, "MRN3", "Urology", DecisionOutcome.Continue, D(2026, 3, 5), D(2026, 3, 5), 1, true, "Dr B", true, DeviationReason.PatientChoice,
            "Grade 3 pneumonitis: permanently discontinue", D(2026, 3, 12), D(2026, 3, 15)),
        new(5, 1, "MRN1", "Lung", DecisionOutcome.ReferToTrial, D(2025, 12, 15), D(2025, 12, 15), 1, true, "Dr A", false, null, null, null, D(2025, 12, 16)),
        new(6, 4, "MRN4", "Lung", DecisionOutcome.Pause, D(2026, 3, 31), D(2026, 3, 31), 1, true, "Dr B", false, null, null, D(2026, 4, 7), null),
    ];

    [Fact]
    public void Decisions_by_outcome_count_each_decision_as_it_stands_in_every_month_of_the_range()
    {
        var table = OutcomeDashboardCalculator.Calculate(Decisions, FirstQuarter);

        // Counted (latest version, finalised in range): d1, d3, d4, d6 = 4. d2 is superseded; d5 is before the range.
        // Jan: d1 Continue, d3 Pause. Feb: none (row of zeros). Mar: d4 Continue, d6 Pause.
        Assert.Equal(["Month", "Continue", "Pause", "Stop", "Switch to chemotherapy", "Switch to targeted therapy", "Refer to a clinical trial", "Total"], table.Columns);
        Assert.Equal(
            [
                ["Jan 2026", "1", "1", "0", "0", "0", "0", "2"],
                ["Feb 2026", "0", "0", "0", "0", "0", "0", "0"],
                ["Mar 2026", "1", "1", "0", "0", "0", "0", "2"],
            ],
            table.Rows.Select(r => r.ToArray()).ToArray());
        Assert.Equal("4", Figure(table, "Total decisions"));
        Assert.Equal("2 of 4 (50.0%)", Figure(table, "Continue"));
        Assert.Equal("2 of 4 (50.0%)", Figure(table, "Pause"));
        Assert.Equal("0 of 4 (0.0%)", Figure(table, "Stop"));
        Assert.Equal(new DashboardChart(DashboardChartKind.StackedBar, 0, [1, 2, 3, 4, 5, 6]).SeriesColumns, table.Chart!.SeriesColumns);
        Assert.Equal(DashboardChartKind.StackedBar, table.Chart.Kind);
    }

    [Fact]
    public void The_tumour_group_filter_keeps_only_decisions_of_that_group()
    {
        // Lung in range: d1 (Jan, Continue) and d6 (Mar, Pause); d5 is Lung but before the range.
        var table = OutcomeDashboardCalculator.Calculate(Decisions, FirstQuarter with { TumourGroup = "lung" });

        Assert.Equal("2", Figure(table, "Total decisions"));
        Assert.Equal(["1", "0", "1"], table.Rows.Select(r => r[^1]).ToArray());
    }

    [Fact]
    public void The_immuno_oncology_group_covers_every_site_and_a_site_group_only_its_own()
    {
        // In range as they stand: d1 Lung, d3 Melanoma (amendment of d2), d4 Urology, d6 Lung → 4 under Immuno-oncology;
        // Urology covers renal and bladder → d4 only; Head and neck → none.
        Assert.Equal("4", Figure(OutcomeDashboardCalculator.Calculate(Decisions, FirstQuarter with { TumourGroup = "Immuno-oncology" }), "Total decisions"));
        Assert.Equal("1", Figure(OutcomeDashboardCalculator.Calculate(Decisions, FirstQuarter with { TumourGroup = "Urology" }), "Total decisions"));
        Assert.Equal("0", Figure(OutcomeDashboardCalculator.Calculate(Decisions, FirstQuarter with { TumourGroup = "Head and neck" }), "Total decisions"));
    }

    [Fact]
    public void A_deviating_amendment_is_listed_once_with_its_reason_clinician_and_finding()
    {
        var table = DeviationDashboardCalculator.Calculate(Decisions, FirstQuarter);

        // Deviations among the 4 counted decisions: d3 (the amendment, finalised by Dr A) and d4 (Dr B) → 2 of 4 = 50.0%.
        Assert.Equal(
            [
                ["22 Jan 2026", "Dr A", "MRN2", "Pause", "Grade 4 hepatitis: permanently discontinue", "Clinical judgement", "2", "/decisions/3"],
                ["5 Mar 2026", "Dr B", "MRN3", "Continue", "Grade 3 pneumonitis: permanently discontinue", "Patient choice", "1", "/decisions/4"],
            ],
            table.Rows.Select(r => r.ToArray()).ToArray());
        Assert.Equal("2 of 4 (50.0%)", Figure(table, "Deviation rate"));
        Assert.Equal("1", Figure(table, "Reason: Clinical judgement"));
        Assert.Equal("1", Figure(table, "Reason: Patient choice"));
        Assert.Equal("0", Figure(table, "Reason: Comorbidity"));
        Assert.Equal("1", Figure(table, "Clinician: Dr A"));
        Assert.Equal("1", Figure(table, "Clinician: Dr B"));
        Assert.Equal("1", Figure(table, "Month: Jan 2026"));
        Assert.Equal("1", Figure(table, "Month: Mar 2026"));
        // February had no deviation: no figure rather than a row of noise.
        Assert.DoesNotContain(table.Figures, f => f.Label == "Month: Feb 2026");
        Assert.True(DashboardColumns.IsLink(table.Columns[^1], table.Rows[0][^1]));
    }

    [Fact]
    public void Timeliness_measures_each_interval_and_summarises_by_nearest_rank()
    {
        ScanFact[] scans =
        [
            new(1, "MRN1", "Lung", D(2026, 1, 3)),     // → d1 10 Jan: 7 days
            new(2, "MRN2", "Melanoma", D(2026, 1, 14)), // → d3's chain, decided 20 Jan (not the 22 Jan amendment): 6 days, but see 20 Jan
            new(3, "MRN3", "Urology", D(2026, 2, 19)),  // → d4 5 Mar, but the 1 Mar scan came first: the MDT decided on that one, not counted
            new(3, "MRN3", "Urology", D(2026, 3, 1)),   // → d4 5 Mar: 4 days
            new(3, "MRN3", "Urology", D(2026, 2, 20)),  // → d4 5 Mar, also superseded by the 1 Mar scan: not counted
            new(4, "MRN4", "Lung", D(2026, 3, 31)),     // → d6 the same day: 0 days
            new(4, "MRN4", "Lung", D(2026, 1, 2)),      // → d6 31 Mar, superseded by the 31 Mar scan: not counted
            new(2, "MRN2", "Melanoma", D(2026, 1, 20)), // → d3's chain on the same day (20 Jan): 0 days; supersedes nothing later
            new(5, "MRN5", "Lung", D(2026, 2, 10)),     // patient 5 has no decision: not counted
            new(1, "MRN1", "Lung", D(2025, 12, 1)),     // → d5 15 Dec 2025: decision before the range, not counted
            new(1, "MRN1", "Lung", D(2026, 3, 20)),     // no decision since: not counted
        ];
        IupdFact[] iupds =
        [
            new(4, "MRN4", "Lung", D(2026, 2, 2), D(2026, 3, 9)), // 35 days
            new(1, "MRN1", "Lung", D(2026, 3, 25), null),        // awaiting
            new(1, "MRN1", "Lung", D(2025, 12, 10), D(2026, 1, 20)), // iUPD before the range
        ];
        AwaitingConfirmationFact[] awaiting =
        [
            new(1, "MRN1", "Lung", D(2026, 3, 25), D(2026, 5, 20)), // window still open
            new(5, "MRN5", "Lung", D(2026, 1, 1), D(2026, 2, 26)),  // closed 26 Feb: overdue; 1 Jan → 1 Apr = 31 + 28 + 31 = 90 days
        ];

        var table = TimelinessDashboardCalculator.Calculate(Decisions, scans, iupds, awaiting, FirstQuarter, Today);

        // The 14 Jan scan of MRN2 is superseded by the 20 Jan scan (on or before d3's chain date, 20 Jan): not counted.
        // Counted, in scan-date order: MRN1 3 Jan → 7; MRN2 20 Jan → 0; MRN3 1 Mar → 4; MRN4 31 Mar → 0.
        // Sorted 0, 0, 4, 7 (n = 4). Median rank ⌈0.5×4⌉ = 2 → 0; P90 rank ⌈0.9×4⌉ = ⌈3.6⌉ = 4 → 7.
        Assert.Equal(["7", "0", "4", "0"], Cells(table, TimelinessDashboardCalculator.ScanToDecision, "Days"));
        Assert.Equal(["3 Jan 2026", "20 Jan 2026", "1 Mar 2026", "31 Mar 2026"], Cells(table, TimelinessDashboardCalculator.ScanToDecision, "From"));
        Assert.Equal("0 days (n = 4)", Figure(table, "Scan to MDT decision: median"));
        Assert.Equal("7 days (n = 4)", Figure(table, "Scan to MDT decision: 90th percentile"));

        // Decision → informed, decisions as they stand in range: d1 2 days, d3 not informed and late (due 29 Jan),
        // d4 10 days, d6 not informed but not yet due (7 Apr). Sorted 2, 10: median rank 1 → 2; P90 rank ⌈1.8⌉ = 2 → 10.
        Assert.Equal(["2", "", "10", ""], Cells(table, TimelinessDashboardCalculator.DecisionToInformed, "Days"));
        Assert.Equal(["Informed", "Not informed; was due by 29 Jan 2026", "Informed", "Not yet informed; due by 7 Apr 2026"],
            Cells(table, TimelinessDashboardCalculator.DecisionToInformed, "Status"));
        Assert.Equal("2 days (n = 2)", Figure(table, "Decision to patient informed: median"));
        Assert.Equal("10 days (n = 2)", Figure(table, "Decision to patient informed: 90th percentile"));
        Assert.Equal("1", Figure(table, "Not informed past the inform-by date"));

        // iUPD → confirmation: 2 Feb → 9 Mar = 26 + 9 = 35 days; 25 Mar still awaiting; Dec 2025 out of range.
        Assert.Equal(["35", ""], Cells(table, TimelinessDashboardCalculator.IupdToConfirmation, "Days"));
        Assert.Equal("35 days (n = 1)", Figure(table, "iUPD to confirmation scan: median"));

        // Overdue now: only MRN5, whose window closed on 26 Feb.
        Assert.Equal(["90"], Cells(table, TimelinessDashboardCalculator.OverdueConfirmation, "Days"));
        Assert.Equal(["MRN5"], Cells(table, TimelinessDashboardCalculator.OverdueConfirmation, "Patient (MRN)"));
        Assert.Equal("1", Figure(table, "Overdue confirmation scans now"));
    }

    [Fact]
    public void Timeliness_with_nothing_to_measure_says_no_data()
    {
        var table = TimelinessDashboardCalculator.Calculate([], [], [], [], FirstQuarter, Today);

        Assert.Empty(table.Rows);
        Assert.Equal("no data", Figure(table, "Scan to MDT decision: median"));
        Assert.Equal("0", Figure(table, "Overdue confirmation scans now"));
    }

    [Fact]
    public void Irae_handling_compares_the_decision_that_followed_with_the_guideline()
    {
        SevereIraeFact[] iraes =
        [
            // Grade 4 hepatitis (ASCO: permanently discontinue) → d3's chain (decided 20 Jan), as it stands a Pause (hold): No.
            new(2, "MRN2", "Melanoma", "Alanine aminotransferase increased", IraeCategory.Hepatitis, 4, D(2026, 1, 18)),
            // Grade 3 pneumonitis (ASCO: permanently discontinue) → d4 Continue: No.
            new(3, "MRN3", "Urology", "Pneumonitis", IraeCategory.Pneumonitis, 3, D(2026, 3, 1)),
            // Grade 3, general rule (hold) → d6 Pause on 31 Mar: Yes.
            new(4, "MRN4", "Lung", "Arthralgia", IraeCategory.Other, 3, D(2026, 3, 28)),
            // Grade 3 myocarditis; patient 5 has no decision yet.
            new(5, "MRN5", "Lung", "Myocarditis", IraeCategory.Myocarditis, 3, D(2026, 3, 20)),
            // Before the range.
            new(1, "MRN1", "Lung", "Colitis", IraeCategory.Colitis, 3, D(2025, 12, 1)),
        ];

        var table = IraeDashboardCalculator.Calculate(iraes, Decisions, FirstQuarter);

        Assert.Equal(
            [
                ["MRN2", "Alanine aminotransferase increased", "4", "18 Jan 2026", "20 Jan 2026", "Pause", "Permanently discontinue", "No", "/decisions/3"],
                ["MRN3", "Pneumonitis", "3", "1 Mar 2026", "5 Mar 2026", "Continue", "Permanently discontinue", "No", "/decisions/4"],
                ["MRN5", "Myocarditis", "3", "20 Mar 2026", "", "", "Permanently discontinue", "No decision yet", ""],
                ["MRN4", "Arthralgia", "3", "28 Mar 2026", "31 Mar 2026", "Pause", "Hold", "Yes", "/decisions/6"],
            ],
            table.Rows.Select(r => r.ToArray()).ToArray());
        // Concordant 1, discordant 2: 1 of 3 = 33.3%; the irAE awaiting a decision is not in the rate.
        Assert.Equal("1 of 3 (33.3%)", Figure(table, "Concordance rate"));
        Assert.Equal("1", Figure(table, "Awaiting a decision"));
        Assert.Equal("4", Figure(table, "Grade ≥3 irAEs"));
    }

    [Theory]
    [InlineData(DecisionOutcome.Continue, IraeAction.Continue)]
    [InlineData(DecisionOutcome.Pause, IraeAction.Hold)]
    [InlineData(DecisionOutcome.Stop, IraeAction.Discontinue)]
    [InlineData(DecisionOutcome.SwitchToChemotherapy, IraeAction.Discontinue)]
    [InlineData(DecisionOutcome.SwitchToTargetedTherapy, IraeAction.Discontinue)]
    [InlineData(DecisionOutcome.ReferToTrial, null)]
    public void Each_outcome_maps_to_its_action_on_the_checkpoint_inhibitor(DecisionOutcome outcome, IraeAction? action) =>
        Assert.Equal(action, IraeDashboardCalculator.ActionOf(outcome));

    [Theory]
    // 1..10: P90 rank ⌈0.9 × 10⌉ = 9 exactly (no floating-point rounding up to 10) → 9; median rank 5 → 5 (the lower middle value).
    [InlineData(10, 90, 9)]
    [InlineData(10, 50, 5)]
    // 1..11: P90 rank ⌈9.9⌉ = 10 → 10; median rank ⌈5.5⌉ = 6 → 6 (the middle value).
    [InlineData(11, 90, 10)]
    [InlineData(11, 50, 6)]
    // 1..20: P90 rank 18 → 18. Extremes: P100 is the maximum, P0 the minimum.
    [InlineData(20, 90, 18)]
    [InlineData(20, 100, 20)]
    [InlineData(20, 0, 1)]
    // One value is every percentile.
    [InlineData(1, 90, 1)]
    public void Nearest_rank_percentile_takes_the_observed_value_at_rank_ceiling_p_times_n(int count, int percentile, int expected)
    {
        // Shuffled input: the method sorts.
        var values = Enumerable.Range(1, count).Reverse().ToList();

        Assert.Equal(expected, DashboardRules.NearestRank(values, percentile));
    }

    [Fact]
    public void Nearest_rank_of_an_empty_list_is_no_value() => Assert.Null(DashboardRules.NearestRank([], 50));

    [Fact]
    public void Nearest_rank_on_a_list_with_a_known_answer()
    {
        // Wikipedia's nearest-rank example: 15, 20, 35, 40, 50 → P30 = 20 (rank ⌈1.5⌉ = 2), P40 = 20 (rank 2), P50 = 35, P100 = 50.
        int[] values = [15, 20, 35, 40, 50];

        Assert.Equal([20, 20, 35, 50], new[] { 30, 40, 50, 100 }.Select(p => DashboardRules.NearestRank(values, p)!.Value).ToArray());
    }

    [Fact]
    public void A_month_range_includes_every_month_it_touches()
    {
        var months = DashboardRules.Months(new DashboardFilter(D(2025, 11, 28), D(2026, 2, 3), null));

        Assert.Equal([D(2025, 11, 1), D(2025, 12, 1), D(2026, 1, 1), D(2026, 2, 1)], months);
    }

    private static string Figure(DashboardTable table, string label) => Assert.Single(table.Figures, f => f.Label == label).Value;

    private static string[] Cells(DashboardTable table, string measure, string column)
    {
        var index = table.Columns.ToList().IndexOf(column);
        return [.. table.Rows.Where(r => r[0] == measure).Select(r => r[index])];
    }
}
