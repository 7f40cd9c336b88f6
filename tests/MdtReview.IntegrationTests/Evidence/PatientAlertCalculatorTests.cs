using MdtReview.Clinical.Irae;
using MdtReview.Clinical.Recist;
using MdtReview.Data.Evidence;
using MdtReview.Data.Model;
using InfusionStatus = MdtReview.Data.Model.InfusionStatus;
using NonTargetStatus = MdtReview.Clinical.Recist.NonTargetStatus;

namespace MdtReview.IntegrationTests.Evidence;

/// <summary>
/// The alert state from a patient's record, with figures from the sources: CTCAE v5.0 bands (platelets &lt;50 ×10⁹/L is grade 3,
/// exactly 50 is grade 2; ALT &gt;5×ULN is grade 3, or &gt;5× the baseline when the baseline was abnormal), iRECIST's 4–8 week
/// confirmation window, routine scans every 12 weeks, and pre-cycle bloods in the 3 days before an infusion.
/// </summary>
public sealed class PatientAlertCalculatorTests
{
    private static readonly DateOnly _today = new(2026, 11, 27);
    private static readonly DateOnly _start = new(2026, 6, 1);

    [Fact]
    public void An_active_grade_2_irAE_raises_the_irAE_alert_and_a_resolved_grade_3_does_not_count()
    {
        var state = Calculate(events: [Irae(2, resolved: null), Irae(3, resolved: _today.AddDays(-3))]);

        Assert.Equal(2, state.MaxActiveIraeGrade);
        Assert.Contains(PatientAlertKind.IraeGrade2OrAbove, PatientAlertRules.Active(state, _today));
    }

    [Fact]
    public void An_active_grade_1_irAE_raises_no_irAE_alert()
    {
        var state = Calculate(events: [Irae(1, resolved: null)]);

        Assert.Equal(1, state.MaxActiveIraeGrade);
        Assert.DoesNotContain(PatientAlertKind.IraeGrade2OrAbove, PatientAlertRules.Active(state, _today));
    }

    [Theory]
    [InlineData(49, true)]
    [InlineData(50, false)]
    public void Platelets_below_50_are_grade_3_and_raise_the_lab_alert_while_exactly_50_is_grade_2(int platelets, bool alert)
    {
        var state = Calculate(labs: [Lab("PLT", platelets, "10^9/L", 150, 400, _today.AddDays(-1))]);

        Assert.Equal(alert, PatientAlertRules.IsActive(state, PatientAlertKind.RecentLabGrade3OrAbove, _today));
    }

    [Theory]
    [InlineData(14, true)]
    [InlineData(15, false)]
    public void A_grade_3_result_counts_for_14_days_after_collection(int daysAgo, bool alert)
    {
        var collected = _today.AddDays(-daysAgo);
        var state = Calculate(labs: [Lab("PLT", 30, "10^9/L", 150, 400, collected)]);

        Assert.Equal(alert, PatientAlertRules.IsActive(state, PatientAlertKind.RecentLabGrade3OrAbove, _today));
    }

    [Fact]
    public void The_lab_alert_lapses_on_the_15th_day_without_a_refresh()
    {
        var collected = _today.AddDays(-10);
        var state = Calculate(labs: [Lab("PLT", 30, "10^9/L", 150, 400, collected)]);

        Assert.Equal(collected, state.LatestGrade3LabDate);
        Assert.True(PatientAlertRules.IsActive(state, PatientAlertKind.RecentLabGrade3OrAbove, collected.AddDays(14)));
        Assert.False(PatientAlertRules.IsActive(state, PatientAlertKind.RecentLabGrade3OrAbove, collected.AddDays(15)));
    }

    [Fact]
    public void ALT_201_with_ULN_40_is_grade_3_but_exactly_5_times_ULN_is_grade_2()
    {
        var above = Calculate(labs: [Lab("ALT", 201, "U/L", null, 40, _today)]);
        var boundary = Calculate(labs: [Lab("ALT", 200, "U/L", null, 40, _today)]);

        Assert.Equal(_today, above.LatestGrade3LabDate);
        Assert.Null(boundary.LatestGrade3LabDate);
    }

    [Fact]
    public void ALT_is_graded_against_an_abnormal_baseline_so_six_times_ULN_from_a_baseline_of_twice_ULN_is_not_grade_3()
    {
        // CTCAE v5.0: with an abnormal baseline the ALT bands are multiples of the baseline: 240 U/L = 3×BL (80) → grade 2.
        var abnormal = Calculate(labs: [Lab("ALT", 80, "U/L", null, 40, _start.AddDays(-7)), Lab("ALT", 240, "U/L", null, 40, _today)]);
        var normal = Calculate(labs: [Lab("ALT", 30, "U/L", null, 40, _start.AddDays(-7)), Lab("ALT", 240, "U/L", null, 40, _today)]);

        Assert.Null(abnormal.LatestGrade3LabDate);
        Assert.Equal(_today, normal.LatestGrade3LabDate);
    }

    [Fact]
    public void A_superseded_grade_3_result_raises_no_alert()
    {
        var wrong = Lab("PLT", 20, "10^9/L", 150, 400, _today.AddDays(-2));
        wrong.SupersededById = 99;

        var state = Calculate(labs: [wrong, Lab("PLT", 200, "10^9/L", 150, 400, _today.AddDays(-2))]);

        Assert.Null(state.LatestGrade3LabDate);
    }

    [Fact]
    public void IUPD_on_the_latest_scan_awaits_confirmation_4_to_8_weeks_later_and_the_scan_is_overdue_from_the_day_after_the_window()
    {
        var baseline = new DateOnly(2026, 6, 1);
        var iupd = new DateOnly(2026, 11, 2);
        // Sum 60 mm → 80 mm: +33% and +20 mm from the nadir, RECIST 1.1 PD, iRECIST iUPD.
        var state = Calculate(scans: [Scan(baseline, 30, 30, isBaseline: true), Scan(iupd, 40, 40)]);

        Assert.Equal(Recist11Response.PD, state.LatestRecist);
        Assert.Equal(IrecistResponse.IUPD, state.LatestIrecist);
        Assert.Equal(iupd, state.IupdSince);
        Assert.Equal(iupd.AddDays(28), state.IupdConfirmFrom);
        Assert.Equal(iupd.AddDays(56), state.IupdConfirmBy);
        Assert.Equal(iupd.AddDays(28), state.NextScanDue);
        Assert.True(PatientAlertRules.IsActive(state, PatientAlertKind.IupdAwaitingConfirmation, _today));
        Assert.False(PatientAlertRules.IsActive(state, PatientAlertKind.ScanOverdue, iupd.AddDays(56)));
        Assert.True(PatientAlertRules.IsActive(state, PatientAlertKind.ScanOverdue, iupd.AddDays(57)));
    }

    [Fact]
    public void Confirmed_progression_ends_the_wait_and_schedules_no_further_iRECIST_scan()
    {
        var baseline = new DateOnly(2026, 6, 1);
        var iupd = new DateOnly(2026, 9, 1);
        // 5 weeks later the sum has grown a further 10 mm over the iUPD assessment: iCPD.
        var state = Calculate(scans: [Scan(baseline, 30, 30, isBaseline: true), Scan(iupd, 40, 40), Scan(iupd.AddDays(35), 45, 45)]);

        Assert.Equal(IrecistResponse.ICPD, state.LatestIrecist);
        Assert.Null(state.IupdSince);
        Assert.Null(state.NextScanDue);
        Assert.Empty(PatientAlertRules.Active(state, _today));
    }

    [Fact]
    public void A_routine_scan_is_due_12_weeks_after_the_last_and_overdue_from_the_next_day()
    {
        var last = new DateOnly(2026, 9, 1);
        var state = Calculate(scans: [Scan(new DateOnly(2026, 6, 1), 30, 30, isBaseline: true), Scan(last, 20, 20)]);

        Assert.Equal(Recist11Response.PR, state.LatestRecist);
        Assert.Equal(last.AddDays(84), state.NextScanDue);
        Assert.False(PatientAlertRules.IsActive(state, PatientAlertKind.ScanOverdue, last.AddDays(84)));
        Assert.True(PatientAlertRules.IsActive(state, PatientAlertKind.ScanOverdue, last.AddDays(85)));
    }

    [Fact]
    public void The_next_infusion_is_due_one_interval_after_the_last_dose_and_bloods_are_due_from_3_days_before()
    {
        var lastDose = _today.AddDays(-10);
        var state = Calculate(courses: [Course(TreatmentStatus.Active, 21, (lastDose, InfusionStatus.Given))]);

        var infusion = lastDose.AddDays(21);
        Assert.Equal(infusion, state.NextInfusionDue);
        Assert.Equal(infusion.AddDays(-3), state.BloodsWindowOpens);
        Assert.Equal(infusion.AddDays(-1), state.BloodsDueBy);
        Assert.False(PatientAlertRules.IsActive(state, PatientAlertKind.BloodsDue, infusion.AddDays(-4)));
        Assert.True(PatientAlertRules.IsActive(state, PatientAlertKind.BloodsDue, infusion.AddDays(-3)));
    }

    [Fact]
    public void Bloods_taken_inside_the_window_clear_the_bloods_alert()
    {
        var lastDose = _today.AddDays(-19);
        var state = Calculate(
            courses: [Course(TreatmentStatus.Active, 21, (lastDose, InfusionStatus.Given))],
            labs: [Lab("PLT", 250, "10^9/L", 150, 400, _today)]);

        Assert.Equal(lastDose.AddDays(21), state.NextInfusionDue);
        Assert.Null(state.BloodsWindowOpens);
        Assert.DoesNotContain(PatientAlertKind.BloodsDue, PatientAlertRules.Active(state, _today));
    }

    [Fact]
    public void A_paused_course_has_no_infusion_or_bloods_due()
    {
        var state = Calculate(courses: [Course(TreatmentStatus.Paused, 21, (_today.AddDays(-30), InfusionStatus.Given))]);

        Assert.Null(state.NextInfusionDue);
        Assert.Null(state.BloodsWindowOpens);
    }

    [Fact]
    public void A_cycle_deferred_on_its_due_date_is_rebooked_a_week_later()
    {
        var lastDose = _today.AddDays(-28);
        var state = Calculate(courses: [Course(TreatmentStatus.Active, 21, (lastDose, InfusionStatus.Given), (lastDose.AddDays(21), InfusionStatus.Deferred))]);

        Assert.Equal(lastDose.AddDays(28), state.NextInfusionDue);
    }

    [Fact]
    public void A_fixed_term_course_has_no_infusion_due_once_its_term_is_over()
    {
        var course = Course(TreatmentStatus.Active, 21, (_today.AddDays(-5), InfusionStatus.Given));
        course.StartDate = _today.AddMonths(-24).AddDays(10);
        course.PlannedDurationMonths = 24;

        var state = Calculate(courses: [course]);

        Assert.Null(state.NextInfusionDue);
    }

    private static PatientAlertState Calculate(
        List<TreatmentCourse>? courses = null, List<AdverseEvent>? events = null, List<Scan>? scans = null, List<LabResult>? labs = null) =>
        PatientAlertCalculator.Calculate(1, new PatientAlertInput(courses ?? [Course(TreatmentStatus.Stopped, 21)], events ?? [], scans ?? [], labs ?? []), _today, DateTime.UtcNow);

    private static TreatmentCourse Course(TreatmentStatus status, int interval, params (DateOnly Date, InfusionStatus Status)[] infusions)
    {
        var course = new TreatmentCourse { Regimen = "Pembrolizumab 200 mg q3w", Drugs = "pembrolizumab", IntervalDays = interval, StartDate = _start, Status = status };
        var cycle = 1;
        foreach (var (date, given) in infusions)
        {
            course.Infusions.Add(new Infusion { CycleNumber = cycle++, Date = date, Status = given });
        }

        return course;
    }

    private static AdverseEvent Irae(int grade, DateOnly? resolved) => new()
    {
        Category = IraeCategory.Colitis,
        CtcaeTerm = "Colitis",
        CurrentGrade = grade,
        OnsetDate = _today.AddDays(-20),
        ResolvedDate = resolved,
    };

    private static LabResult Lab(string code, decimal value, string unit, decimal? lln, decimal? uln, DateOnly collected) => new()
    {
        TestCode = code,
        Value = value,
        Unit = unit,
        Lln = lln,
        Uln = uln,
        CollectedAt = DateTime.SpecifyKind(collected.ToDateTime(new TimeOnly(9, 0)), DateTimeKind.Utc),
    };

    private static Scan Scan(DateOnly date, decimal t1, decimal t2, bool isBaseline = false) => new()
    {
        ScanDate = date,
        IsBaseline = isBaseline,
        NonTargetStatus = NonTargetStatus.None,
        ClinicallyStable = true,
        Lesions =
        [
            new LesionMeasurement { LesionKey = "T1", Organ = "Liver", Kind = LesionKind.Target, DiameterMm = t1 },
            new LesionMeasurement { LesionKey = "T2", Organ = "Lung", Kind = LesionKind.Target, DiameterMm = t2 },
        ],
    };
}
