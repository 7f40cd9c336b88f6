using MdtReview.Clinical.Schedules;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Governance.Dashboards;
using MdtReview.Web.Features.Meetings.Services;

namespace MdtReview.Web.Tests.Features.Governance;

/// <summary>
/// The referral funnel, meetings and data-completeness calculators on small hand-made datasets. Every expected number is worked
/// out by hand in the comments, not by running the code.
/// </summary>
public sealed class OperationsDashboardCalculatorTests
{
    private static readonly DateOnly _march1 = new(2026, 3, 1);

    private static readonly FunnelCriterion[] _alphaCriteria =
    [
        new(1, "ECOG performance status 0–1", false),
        new(2, "Prior anti-CTLA-4 therapy", true),
    ];

    private static FunnelReferral Referral(string trial, ReferralStatus status, params FunnelStep[] steps) =>
        new(trial == "ALPHA" ? 1 : 2, trial, _march1, status, steps, trial == "ALPHA" ? _alphaCriteria : []);

    private static FunnelStep Step(ReferralStatus to, int day, string? reason = null, string? failed = null) =>
        new(to, _march1.AddDays(day), reason, failed);

    /// <summary>
    /// ALPHA: r1 referred only; r2 screening (day 4); r3 screening (2) → eligible; r4 screening (6) → eligible → enrolled;
    /// r5 ineligible straight from referral, failing criteria 1 and 2; r6 screening (3) → declined; r7 screening (5) → eligible →
    /// enrolled → withdrawn. BETA: r8 screening (1) → ineligible with a free-text reason and no criterion ticked.
    /// </summary>
    private static List<FunnelReferral> FunnelSet() =>
    [
        Referral("ALPHA", ReferralStatus.Referred),
        Referral("ALPHA", ReferralStatus.Screening, Step(ReferralStatus.Screening, 4)),
        Referral("ALPHA", ReferralStatus.Eligible, Step(ReferralStatus.Screening, 2), Step(ReferralStatus.Eligible, 9)),
        Referral("ALPHA", ReferralStatus.Enrolled, Step(ReferralStatus.Screening, 6), Step(ReferralStatus.Eligible, 12), Step(ReferralStatus.Enrolled, 20)),
        Referral("ALPHA", ReferralStatus.Ineligible, Step(ReferralStatus.Ineligible, 3, "ECOG 2 and prior ipilimumab", "1, 2")),
        Referral("ALPHA", ReferralStatus.Declined, Step(ReferralStatus.Screening, 3), Step(ReferralStatus.Declined, 8, "Travel to the trial centre")),
        Referral("ALPHA", ReferralStatus.Withdrawn, Step(ReferralStatus.Screening, 5), Step(ReferralStatus.Eligible, 10),
            Step(ReferralStatus.Enrolled, 15), Step(ReferralStatus.Withdrawn, 40, "Withdrew consent")),
        Referral("BETA", ReferralStatus.Ineligible, Step(ReferralStatus.Screening, 1), Step(ReferralStatus.Ineligible, 7, "Brain metastases on MRI")),
    ];

    [Fact]
    public void The_funnel_counts_a_referral_at_every_stage_it_ever_reached_and_once_by_how_it_ended()
    {
        var funnel = ReferralFunnelCalculator.Calculate(FunnelSet());

        // ALPHA: referred 7; reached screening r2 r3 r4 r6 r7 = 5; eligible r3 r4 r7 = 3; enrolled r4 r7 = 2 (r7 later withdrew);
        // ineligible r5, declined r6, withdrawn r7 = 1 each; still open r1 r2 r3 = 3. 3 + 1 + 1 + 1 + 1 enrolled now (r4) = 7.
        // Days to screening 4, 2, 6, 3, 5 → sorted 2 3 4 5 6 → median 4.
        var alpha = Assert.Single(funnel.Trials, t => t.Trial == "ALPHA");
        Assert.Equal(new FunnelRow("ALPHA", 7, 5, 3, 2, 1, 1, 1, 3, 4), alpha);
        // BETA: referred 1, screened 1 (day 1), ineligible 1, nothing open.
        var beta = Assert.Single(funnel.Trials, t => t.Trial == "BETA");
        Assert.Equal(new FunnelRow("BETA", 1, 1, 0, 0, 1, 0, 0, 0, 1), beta);
        // Overall: 8 referrals, 2 enrolled; days to screening 4 2 6 3 5 1 → 1 2 3 4 5 6 → nearest rank ⌈0.5 × 6⌉ = 3rd value = 3 over 6 screened.
        Assert.Equal(8, funnel.Referred);
        Assert.Equal(2, funnel.Enrolled);
        Assert.Equal(3, funnel.MedianDaysToScreening);
        Assert.Equal(6, funnel.ReachedScreening);
    }

    [Fact]
    public void Ineligibility_is_counted_by_the_failed_criteria_texts_and_declines_by_their_reason()
    {
        var funnel = ReferralFunnelCalculator.Calculate(FunnelSet());

        // r5 failed ALPHA criteria 1 (inclusion) and 2 (exclusion): one count under each text. r8 ticked none: its reason.
        // r6 declined with its reason. r7 was withdrawn, which is not a reason row.
        Assert.Equal(
            [
                new FunnelReason(ReferralStatus.Ineligible, "ALPHA", "Exclusion criterion present: Prior anti-CTLA-4 therapy", 1),
                new FunnelReason(ReferralStatus.Ineligible, "ALPHA", "Inclusion criterion not met: ECOG performance status 0–1", 1),
                new FunnelReason(ReferralStatus.Ineligible, "BETA", "Brain metastases on MRI", 1),
                new FunnelReason(ReferralStatus.Declined, "ALPHA", "Travel to the trial centre", 1),
            ],
            funnel.Reasons);
    }

    [Fact]
    public void The_funnel_table_shows_the_counts_as_cells_and_the_rate_and_median_as_figures()
    {
        var table = ReferralFunnelTables.Funnel("referral-funnel", ReferralFunnelCalculator.Calculate(FunnelSet()));

        Assert.Equal(["ALPHA", "7", "5", "3", "2", "1", "1", "1", "3", "4"], table.Rows[0]);
        Assert.Equal(["BETA", "1", "1", "0", "0", "1", "0", "0", "0", "1"], table.Rows[1]);
        // 2 of 8 = 25%.
        Assert.Equal(
            [
                new DashboardFigure("Referrals", "8"),
                new DashboardFigure("Enrolment rate", "2 of 8 (25.0%)"),
                new DashboardFigure("Median days from referral to screening", "3 days (6 screened)"),
            ],
            table.Figures);
        Assert.Equal(["Referred", "Reached screening", "Eligible", "Enrolled"], table.Chart!.SeriesColumns.Select(c => table.Columns[c]));
    }

    [Fact]
    public void A_failed_criterion_position_the_trial_does_not_have_is_named_as_such()
    {
        Assert.Equal(["Criterion 9 (not on the trial's checklist)"], ReferralFunnelCalculator.CriterionTexts("9", _alphaCriteria));
    }

    private static readonly QuorumRequirement _twoOneOne = new(2, 1, 1);
    private static readonly string[] _quorate = ["Medical oncologist", "Clinical oncologist", "Radiologist", "Clinical nurse specialist"];

    private static MeetingRecord Meeting(int id, int day, MeetingStatus status, string[] attendees, string? reason, params MeetingCaseLink[] cases) =>
        new(id, _march1.AddDays(day), "Immuno-oncology", status, _twoOneOne, attendees, reason, cases);

    /// <summary>
    /// M1 quorate: c1 discussed, c2 (patient 11) deferred, c3 discussed. M2 one oncologist short, closed with a reason: c4 (11)
    /// deferred from c2, c5 discussed. M3 quorate: c6 (11) deferred from c4 — a third deferral; c7 (14) deferred from c99, a
    /// deferred case of a meeting before the range. M4 planned: c8 (11) listed from c6.
    /// </summary>
    private static MeetingsSummary MeetingsSet()
    {
        MeetingRecord[] meetings =
        [
            Meeting(1, 0, MeetingStatus.Closed, _quorate, null,
                new MeetingCaseLink(1, 10, MeetingCaseStatus.Discussed, null), new MeetingCaseLink(2, 11, MeetingCaseStatus.Deferred, null),
                new MeetingCaseLink(3, 12, MeetingCaseStatus.Discussed, null)),
            Meeting(2, 7, MeetingStatus.Closed, ["Medical oncologist", "Radiologist", "Clinical nurse specialist"], "Two urgent cases could not wait a week",
                new MeetingCaseLink(4, 11, MeetingCaseStatus.Deferred, 2), new MeetingCaseLink(5, 13, MeetingCaseStatus.Discussed, null)),
            Meeting(3, 14, MeetingStatus.Closed, _quorate, null,
                new MeetingCaseLink(6, 11, MeetingCaseStatus.Deferred, 4), new MeetingCaseLink(7, 14, MeetingCaseStatus.Deferred, 99)),
            Meeting(4, 21, MeetingStatus.Planned, [], null, new MeetingCaseLink(8, 11, MeetingCaseStatus.Listed, 6)),
        ];
        var earlier = new Dictionary<int, MeetingCaseLink> { [99] = new(99, 14, MeetingCaseStatus.Deferred, null) };
        return MeetingsCalculator.Calculate(meetings, earlier);
    }

    [Fact]
    public void Each_meeting_shows_attendance_by_specialty_quorum_and_what_happened_to_its_cases()
    {
        var lines = MeetingsSet().Lines;

        // M1: oncologists 2 (medical + clinical), radiologist 1, other 1 (nurse); quorum 2/1/1 met; 3 listed, 2 discussed, 1 deferred.
        Assert.Equal(new MeetingLine(1, _march1, "Immuno-oncology", MeetingStatus.Closed, 2, 1, 1, true, 3, 2, 1, 0, null), lines[0]);
        // M2: 1 oncologist of 2 → not quorate, closed with the chair's reason; c4 is patient 11's second deferral in a row.
        Assert.Equal(new MeetingLine(2, _march1.AddDays(7), "Immuno-oncology", MeetingStatus.Closed, 1, 1, 1, false, 2, 1, 1, 1,
            "Two urgent cases could not wait a week"), lines[1]);
        // M3: c6 is patient 11's third deferral (c6 ← c4 ← c2), not counted again; c7 ← c99 is patient 14's second.
        Assert.Equal(new MeetingLine(3, _march1.AddDays(14), "Immuno-oncology", MeetingStatus.Closed, 2, 1, 1, true, 2, 0, 2, 1, null), lines[2]);
        // M4 not held: no quorum verdict, one case listed.
        Assert.Equal(new MeetingLine(4, _march1.AddDays(21), "Immuno-oncology", MeetingStatus.Planned, 0, 0, 0, null, 1, 0, 0, 0, null), lines[3]);
    }

    [Fact]
    public void The_meetings_figures_are_the_sums_of_the_lines()
    {
        var summary = MeetingsSet();
        var table = MeetingsDashboard.Table("meetings", summary);

        // Closed 3 (M1–M3), quorate M1 and M3 → 2 of 3 = 66.7%; discussed 2 + 1 + 0 = 3; deferred 1 + 1 + 2 = 4; twice 1 + 1 = 2.
        Assert.Equal(
            [
                new DashboardFigure("Meetings", "4"),
                new DashboardFigure("Closed meetings that were quorate", "2 of 3 (66.7%)"),
                new DashboardFigure("Cases discussed vs deferred", "3 discussed, 4 deferred"),
                new DashboardFigure("Cases deferred twice in a row", "2"),
            ],
            table.Figures);
        Assert.Equal(["8 Mar 2026", "Immuno-oncology", "Closed", "1", "1", "1", "No", "2", "1", "1", "1", "Two urgent cases could not wait a week"], table.Rows[1]);
        Assert.Equal("Not held yet", table.Rows[3][6]);
        Assert.Equal(["Discussed", "Deferred"], table.Chart!.SeriesColumns.Select(c => table.Columns[c]));
    }

    [Fact]
    public void A_meeting_closed_without_quorum_and_without_a_reason_says_so()
    {
        var summary = MeetingsCalculator.Calculate([Meeting(1, 0, MeetingStatus.Closed, ["Radiologist"], null)], new Dictionary<int, MeetingCaseLink>());

        Assert.Equal("No reason recorded", Assert.Single(summary.Lines).ClosedWithoutQuorumReason);
    }

    [Fact]
    public void Bloods_exactly_7_days_before_an_infusion_count_and_8_days_before_do_not()
    {
        var infusion = new DateOnly(2026, 3, 10);

        Assert.True(DataCompletenessCalculator.HasBloods(infusion, [new DateOnly(2026, 3, 3)]));   // 10 − 7 = 3 March
        Assert.False(DataCompletenessCalculator.HasBloods(infusion, [new DateOnly(2026, 3, 2)]));  // 10 − 8 = 2 March
        Assert.True(DataCompletenessCalculator.HasBloods(infusion, [new DateOnly(2026, 3, 10)]));  // the morning of the infusion
        Assert.False(DataCompletenessCalculator.HasBloods(infusion, [new DateOnly(2026, 3, 11)])); // after it
    }

    [Fact]
    public void A_scan_on_the_last_day_of_its_window_is_on_time_and_a_day_later_is_late()
    {
        CoursePeriod[] onTreatment = [new(new DateOnly(2025, 12, 1), null)];

        // 8 Dec 2025 + 84 days = 2 Mar 2026 (the window's last day): on time.
        var onTime = DataCompletenessCalculator.ScansDue(
            new ScanHistory(3, [new(new DateOnly(2025, 12, 8), false, false), new(new DateOnly(2026, 3, 2), false, false)], onTreatment),
            new DateOnly(2026, 4, 1));
        // 15 Dec 2025 + 84 days = 9 Mar 2026; the scan on 10 Mar is a day late.
        var late = DataCompletenessCalculator.ScansDue(
            new ScanHistory(4, [new(new DateOnly(2025, 12, 15), false, false), new(new DateOnly(2026, 3, 10), false, false)], onTreatment),
            new DateOnly(2026, 4, 1));

        Assert.Equal(new ScanDue(3, ScanReason.Routine, new(2025, 12, 8), new(2026, 3, 2), new(2026, 3, 2), new(2026, 3, 2), ScanTimeliness.OnTime), onTime[0]);
        Assert.Equal(new ScanDue(4, ScanReason.Routine, new(2025, 12, 15), new(2026, 3, 9), new(2026, 3, 9), new(2026, 3, 10), ScanTimeliness.Late), late[0]);
        // The second scans' own requests (due 25 May and 2 Jun) are still open on 1 April.
        Assert.Equal(ScanTimeliness.NotYetDue, onTime[1].Outcome);
        Assert.Equal(ScanTimeliness.NotYetDue, late[1].Outcome);
    }

    [Fact]
    public void Completeness_by_month_counts_bloods_per_infusion_and_each_scan_request_in_the_month_its_window_closes()
    {
        var filter = new DashboardFilter(new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 30), null);
        var today = new DateOnly(2026, 6, 1);
        GivenInfusion[] infusions =
        [
            new(1, new DateOnly(2026, 3, 10)),  // bloods 3 Mar, 7 days before → yes
            new(2, new DateOnly(2026, 3, 10)),  // bloods 2 Mar, 8 days before → no
            new(1, new DateOnly(2026, 3, 31)),  // bloods the same day → yes
            new(2, new DateOnly(2026, 4, 14)),  // bloods only on 15 Apr, after it → no
            new(1, new DateOnly(2026, 2, 28)),  // before the range: not counted
        ];
        var bloods = new Dictionary<int, IReadOnlyList<DateOnly>>
        {
            [1] = [new(2026, 3, 3), new(2026, 3, 31)],
            [2] = [new(2026, 3, 2), new(2026, 4, 15)],
        };
        CoursePeriod[] fromDecember = [new(new DateOnly(2025, 12, 1), null)];
        ScanHistory[] scans =
        [
            // Routine from 8 Dec, closes 2 Mar, scanned 2 Mar → on time (March). Its next request closes 25 May: outside the range.
            new(3, [new(new(2025, 12, 8), false, false), new(new(2026, 3, 2), false, false)], fromDecember),
            // Routine from 15 Dec, closes 9 Mar, scanned 10 Mar → late (March).
            new(4, [new(new(2025, 12, 15), false, false), new(new(2026, 3, 10), false, false)], fromDecember),
            // Routine from 5 Jan, closes 30 Mar, no scan since; 1 June is past it → missing (March).
            new(5, [new(new(2026, 1, 5), false, false)], fromDecember),
            // Baseline 5 Jan (course from 6 Jan) → next scan 2 Feb, on time (closes 30 Mar). 2 Feb is iUPD: confirmation window
            // 2 Mar – 30 Mar; the 20 Feb scan is too early to confirm, the next is 1 Apr → late (March). 1 Apr is iCPD: nothing
            // further asked. The 20 Feb scan's own routine request closes 15 May: outside the range.
            new(6, [new(new(2026, 1, 5), false, false), new(new(2026, 2, 2), true, false), new(new(2026, 2, 20), false, false), new(new(2026, 4, 1), false, true)],
                [new(new DateOnly(2026, 1, 6), null)]),
            // Course ended 31 Jan: the request due 30 Mar is not while on treatment, so not counted.
            new(7, [new(new(2026, 1, 5), false, false)], [new(new DateOnly(2025, 10, 1), new DateOnly(2026, 1, 31))]),
        ];

        var result = DataCompletenessCalculator.Calculate(filter, infusions, bloods, scans, today);

        // March: infusions 3, with bloods 2; scans on time 2 (p3, p6 baseline), late 2 (p4, p6 confirmation), missing 1 (p5).
        // April: infusions 1, with bloods 0; no scan request closes in April.
        Assert.Equal([new CompletenessMonth(2026, 3, 3, 2, 2, 2, 1), new CompletenessMonth(2026, 4, 1, 0, 0, 0, 0)], result.Months);
        var table = DataCompletenessDashboard.Table("data-completeness", result);
        // 2 / 3 = 66.7%; 2 / 5 = 40.0%; April has no scan due, so no percentage.
        Assert.Equal(["Mar 2026", "3", "2", "66.7", "5", "2", "2", "1", "40.0"], table.Rows[0]);
        Assert.Equal(["Apr 2026", "1", "0", "0.0", "0", "0", "0", "0", ""], table.Rows[1]);
        // Overall: bloods 2 of 4 = 50%; scans 2 of 5 = 40%.
        Assert.Equal(
            [
                new DashboardFigure("Infusions with bloods within 7 days", "2 of 4 (50.0%)"),
                new DashboardFigure("Scans on schedule", "2 of 5 (40.0%)"),
                new DashboardFigure("Scans late", "2"),
                new DashboardFigure("Scans missing", "1"),
            ],
            table.Figures);
    }
}
