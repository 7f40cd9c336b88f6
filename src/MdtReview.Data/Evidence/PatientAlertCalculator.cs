using MdtReview.Clinical.Ctcae;
using MdtReview.Clinical.Recist;
using MdtReview.Clinical.Schedules;
using MdtReview.Data.Model;
using InfusionStatus = MdtReview.Data.Model.InfusionStatus;

namespace MdtReview.Data.Evidence;

/// <summary>
/// The part of a patient's record the alerts are computed from. <see cref="Labs"/> needs only the current results of the
/// last <see cref="PatientAlertRules.RecentLabDays"/> days and the pre-treatment ones (the baselines); more does no harm.
/// </summary>
/// <param name="Courses">Every treatment course, with its infusions.</param>
/// <param name="AdverseEvents">The irAEs (resolved ones may be included; they are ignored).</param>
/// <param name="Scans">Every scan, with its lesion measurements.</param>
/// <param name="Labs">Lab results (see above); superseded ones are ignored.</param>
/// <param name="LatestLabDate">Collection date of the patient's latest current lab result of any age; null to take it from <paramref name="Labs"/>.</param>
public sealed record PatientAlertInput(
    IReadOnlyCollection<TreatmentCourse> Courses,
    IReadOnlyCollection<AdverseEvent> AdverseEvents,
    IReadOnlyCollection<Scan> Scans,
    IReadOnlyCollection<LabResult> Labs,
    DateOnly? LatestLabDate = null);

/// <summary>
/// Computes a patient's <see cref="PatientAlertState"/> from the record with the clinical library: CTCAE grades through
/// <see cref="LabGrading"/>, responses through <see cref="RecistSeries"/> and <see cref="RecistEvaluator"/>, due dates through
/// <see cref="Schedule"/>. Pure: the caller passes today's date. Dates are stored rather than flags so that the state stays
/// right as days pass (see <see cref="PatientAlertRules"/> for how each alert reads them).
/// </summary>
public static class PatientAlertCalculator
{
    /// <summary>
    /// A deferred cycle is re-booked one week later (the unit's practice, as in the demo cohort); the clinical sources give
    /// no interval for a deferral, so this is a local convention, not a guideline rule.
    /// </summary>
    public const int DeferralRebookDays = 7;

    public static PatientAlertState Calculate(int patientId, PatientAlertInput input, DateOnly today, DateTime refreshedAtUtc)
    {
        ArgumentNullException.ThrowIfNull(input);
        var state = new PatientAlertState { PatientId = patientId, ComputedFor = today, RefreshedAt = refreshedAtUtc };
        state.MaxActiveIraeGrade = MaxActiveIraeGrade(input.AdverseEvents, today);
        state.LatestGrade3LabDate = LatestGrade3LabDate(input, today);
        ApplyScans(state, input.Scans, today);
        ApplyInfusionAndBloods(state, input, today);
        return state;
    }

    /// <summary>The highest current grade among irAEs not resolved by <paramref name="today"/>.</summary>
    private static int? MaxActiveIraeGrade(IEnumerable<AdverseEvent> events, DateOnly today) =>
        events.Where(e => e.OnsetDate <= today && (e.ResolvedDate is null || e.ResolvedDate > today))
            .Select(e => (int?)e.CurrentGrade)
            .Max();

    /// <summary>
    /// The newest collection date, within the alert window, of a current result graded CTCAE v5 ≥3 by the clinical library
    /// (with the abnormal-baseline rules for ALT/AST/ALP/bilirubin, which need the pre-treatment value). Results the library
    /// cannot grade from the value alone (a grade that depends on symptoms, or a missing range) raise no alert here; the review
    /// page shows their possible grades.
    /// </summary>
    private static DateOnly? LatestGrade3LabDate(PatientAlertInput input, DateOnly today)
    {
        var windowStart = today.AddDays(-PatientAlertRules.RecentLabDays);
        var current = input.Labs.Where(l => l.SupersededById is null).ToList();
        var recent = current
            .Where(l => DateOnly.FromDateTime(l.CollectedAt) is var d && d >= windowStart && d <= today)
            .OrderByDescending(l => l.CollectedAt)
            .ToList();
        if (recent.Count == 0)
        {
            return null;
        }

        var start = input.Courses.Count == 0 ? (DateOnly?)null : input.Courses.Min(c => c.StartDate);
        var baselines = start is { } s ? LabGrading.BaselineOf(current, s) : new Dictionary<string, LabResult>();
        foreach (var lab in recent)
        {
            if (LabTestCatalogue.FindByCode(lab.TestCode) is null)
            {
                continue;
            }

            var baseline = baselines.GetValueOrDefault(lab.TestCode);
            var grade = LabGrading.Grade(lab, baseline == lab ? null : baseline);
            if (grade.Grade >= PatientAlertRules.LabAlertGrade)
            {
                return DateOnly.FromDateTime(lab.CollectedAt);
            }
        }

        return null;
    }

    /// <summary>
    /// Latest RECIST 1.1 / iRECIST response, iUPD awaiting confirmation with its window, and the next scan:
    /// iRECIST (Seymour et al., Lancet Oncol 2017;18:e143, Table 2; clinical-rules.md §3): after iUPD the confirmation is the
    /// next assessment 4–8 weeks later, so the next scan is due at 4 weeks and overdue after 8; otherwise routine assessment
    /// about every 12 weeks (clinical-rules.md §5; <see cref="Schedule.NextScan"/>). After confirmed progression (iCPD)
    /// iRECIST assessment ends and the next line of treatment sets its own baseline, so no scan is scheduled here.
    /// </summary>
    private static void ApplyScans(PatientAlertState state, IReadOnlyCollection<Scan> scans, DateOnly today)
    {
        var past = scans.Where(s => s.ScanDate <= today).OrderBy(s => s.ScanDate).ToList();
        if (past.Count == 0)
        {
            return;
        }

        TimepointResponse? latest = null;
        if (RecistSeries.From(past, today) is { } series)
        {
            var evaluation = RecistEvaluator.Evaluate(series);
            latest = evaluation.IsValid && evaluation.Timepoints.Count > 0 ? evaluation.Timepoints[^1] : null;
        }

        var lastScan = past[^1].ScanDate;
        if (latest is not null)
        {
            state.LatestRecist = latest.Recist11;
            state.LatestIrecist = latest.Irecist;
            state.LatestResponseDate = latest.Date;
            if (latest.Irecist == IrecistResponse.ICPD)
            {
                return;
            }

            if (latest.Irecist == IrecistResponse.IUPD && latest.ConfirmationWindowFirstDay is { } first && latest.ConfirmationWindowLastDay is { } last)
            {
                // The library counts days from the baseline scan; the window opens 4 weeks after the iUPD scan itself.
                var baseline = past[0].ScanDate;
                var iupdScan = baseline.AddDays(first - Schedule.IupdConfirmationEarliestDays);
                var next = Schedule.NextScan(iupdScan, awaitingIupdConfirmation: true, today);
                state.IupdSince = iupdScan;
                state.IupdConfirmFrom = baseline.AddDays(first);
                state.IupdConfirmBy = baseline.AddDays(last);
                state.NextScanDue = next.Due;
                state.NextScanLatest = next.Latest;
                return;
            }
        }

        var routine = Schedule.NextScan(lastScan, awaitingIupdConfirmation: false, today);
        state.NextScanDue = routine.Due;
        state.NextScanLatest = routine.Latest;
    }

    /// <summary>
    /// Next infusion of the current course when it is active (<see cref="Schedule.NextInfusionDue"/>: last dose + regimen
    /// interval) and the pre-cycle bloods for it (<see cref="Schedule.BloodsDue"/>: FBC, U&amp;E, LFTs, glucose, TFTs before every
    /// cycle — clinical-rules.md §5, ASCO/ESMO via eviQ). Bloods already inside the window leave no alert.
    /// </summary>
    private static void ApplyInfusionAndBloods(PatientAlertState state, PatientAlertInput input, DateOnly today)
    {
        var course = input.Courses.OrderBy(c => c.StartDate).ThenBy(c => c.Id).LastOrDefault();
        if (course is null || course.Status != TreatmentStatus.Active)
        {
            return;
        }

        var records = course.Infusions.Where(i => i.Date <= today).OrderBy(i => i.Date).ThenBy(i => i.CycleNumber).ToList();
        var lastGiven = records.LastOrDefault(i => i.Status == InfusionStatus.Given);
        var due = lastGiven is null ? course.StartDate : Schedule.NextInfusionDue(lastGiven.Date, course.IntervalDays);
        if (records.LastOrDefault() is { Status: InfusionStatus.Deferred } deferred && deferred.Date >= due)
        {
            due = Schedule.NextInfusionDue(deferred.Date, DeferralRebookDays);
        }

        if (course.PlannedDurationMonths is int months && due >= course.StartDate.AddMonths(months))
        {
            // A fixed-term course (e.g. 24 months of pembrolizumab, NICE TA428) ends; no further cycle is due.
            return;
        }

        state.NextInfusionDue = due;
        var latestLab = input.LatestLabDate;
        foreach (var lab in input.Labs.Where(l => l.SupersededById is null))
        {
            var date = DateOnly.FromDateTime(lab.CollectedAt);
            if (date <= today && (latestLab is null || date > latestLab))
            {
                latestLab = date;
            }
        }

        var bloods = Schedule.BloodsDue(due, latestLab, today);
        if (!bloods.Done)
        {
            state.BloodsWindowOpens = bloods.WindowOpens;
            state.BloodsDueBy = bloods.DueBy;
        }
    }
}
