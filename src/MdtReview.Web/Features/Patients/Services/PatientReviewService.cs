using MdtReview.Clinical.Irae;
using MdtReview.Clinical.Recist;
using MdtReview.Clinical.Schedules;
using MdtReview.Data;
using MdtReview.Data.Evidence;
using MdtReview.Data.Model;
using MdtReview.Data.Seeding;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Patients.Services;

/// <summary>
/// The read side of the review page except blood results (see <see cref="LabResultsService"/>): header, side effects,
/// scans and treatment. Every operation re-checks the caller and answers null for a patient they may not see, exactly as
/// for one that does not exist. Grades, responses, recommended actions and due dates all come from the clinical library.
/// </summary>
public sealed class PatientReviewService(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, TimeProvider clock)
{
    /// <summary>What the scans section says when the baseline found no disease (for example after complete resection).</summary>
    public const string NoDiseaseAtBaseline =
        "No disease at baseline: RECIST 1.1 and iRECIST responses do not apply; scans are read for recurrence (a new lesion).";

    /// <summary>Days a lab grade ≥3 stays an alert (issue 4: "a lab grade ≥3 in the last 14 days").</summary>
    public const int RecentLabAlertDays = 14;


    public async Task<PatientHeaderView?> GetHeaderAsync(int patientId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.ViewClinicalData, cancellationToken) is null)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var patient = await db.Patients.AsNoTracking()
            .Include(p => p.Biomarkers)
            .SingleOrDefaultAsync(p => p.Id == patientId, cancellationToken);
        if (patient is null)
        {
            return null;
        }

        var today = Today();
        var ecog = await db.Set<EcogAssessment>().AsNoTracking().Where(e => e.PatientId == patientId)
            .OrderByDescending(e => e.AssessedOn).FirstOrDefaultAsync(cancellationToken);
        var course = await LatestCourseAsync(db, patientId, cancellationToken);
        var scans = await LoadScansAsync(db, patientId, cancellationToken);
        var evaluation = RecistSeries.From(scans) is { } series ? RecistEvaluator.Evaluate(series) : null;
        var lastResponse = evaluation is { Timepoints.Count: > 0 } ? evaluation.Timepoints[^1] : null;
        var awaitingConfirmation = lastResponse?.Irecist == IrecistResponse.IUPD;

        Clinical.Schedules.InfusionStatus? nextInfusion = null;
        BloodsStatus? bloods = null;
        if (course is { Status: TreatmentStatus.Active, LastGiven: { } lastGiven })
        {
            nextInfusion = Schedule.Infusion(lastGiven, course.IntervalDays, today);
            var lastBloods = await db.LabResults.AsNoTracking()
                .Where(l => l.PatientId == patientId && l.SupersededById == null)
                .OrderByDescending(l => l.CollectedAt).Select(l => (DateTime?)l.CollectedAt).FirstOrDefaultAsync(cancellationToken);
            bloods = Schedule.BloodsDue(nextInfusion.Due, lastBloods is { } b ? DateOnly.FromDateTime(b) : null, today);
        }

        var lastScan = scans.Count == 0 ? null : scans[^1];
        var nextScan = lastScan is not null && course is { Status: TreatmentStatus.Active or TreatmentStatus.Paused }
            ? Schedule.NextScan(lastScan.ScanDate, awaitingConfirmation, today)
            : null;

        var alerts = new List<ReviewAlert>();
        var activeIraes = await db.AdverseEvents.AsNoTracking()
            .Where(a => a.PatientId == patientId && a.ResolvedDate == null && a.CurrentGrade >= 2)
            .OrderByDescending(a => a.CurrentGrade).ToListAsync(cancellationToken);
        foreach (var irae in activeIraes)
        {
            var action = Recommend(irae.Category, irae.CurrentGrade)?.Action;
            alerts.Add(new("irae", $"{irae.CtcaeTerm} grade {irae.CurrentGrade} (active){(action is { } a ? $": guideline says {ActionText(a)}" : "")}", irae.CurrentGrade >= 3 ? AlertLevel.Error : AlertLevel.Warning));
        }

        alerts.AddRange(await RecentLabAlertsAsync(db, patientId, course?.StartDate, cancellationToken));
        if (awaitingConfirmation && lastScan is not null)
        {
            var window = Schedule.NextScan(lastScan.ScanDate, true, today);
            alerts.Add(new("iupd", $"iUPD on {lastScan.ScanDate:d MMM yyyy}: pseudo-progression? awaiting confirmation scan {window.Earliest:d MMM yyyy} – {window.Latest:d MMM yyyy}", AlertLevel.Warning));
        }

        if (nextScan is { Overdue: true })
        {
            alerts.Add(new("scan-overdue", $"Scan overdue since {nextScan.Latest:d MMM yyyy}", AlertLevel.Error));
        }

        if (nextInfusion is { Overdue: true })
        {
            alerts.Add(new("infusion-overdue", $"Infusion overdue since {nextInfusion.Due:d MMM yyyy}", AlertLevel.Warning));
        }

        if (bloods is { Done: false })
        {
            alerts.Add(new("bloods-due", bloods.Overdue
                ? $"Bloods overdue for the infusion on {nextInfusion!.Due:d MMM yyyy} (due by {bloods.DueBy:d MMM yyyy})"
                : $"Bloods due {bloods.WindowOpens:d MMM yyyy} – {bloods.DueBy:d MMM yyyy} before the next cycle", bloods.Overdue ? AlertLevel.Error : AlertLevel.Warning));
        }

        var age = today.Year - patient.DateOfBirth.Year - (today < patient.DateOfBirth.AddYears(today.Year - patient.DateOfBirth.Year) ? 1 : 0);
        return new PatientHeaderView(
            patient.Id, $"{patient.FamilyName.ToUpperInvariant()}, {patient.GivenName}", age, patient.DateOfBirth, patient.Sex, patient.Mrn,
            NhsNumber.Format(patient.NhsNumber), patient.TumourSite, patient.Histology, patient.Stage,
            patient.Biomarkers.OrderBy(b => b.Name).Select(b => new BiomarkerView(b.Name, b.Result, b.TestedOn)).ToList(),
            ecog?.Score, ecog?.AssessedOn, course, nextInfusion, bloods, nextScan, alerts);
    }

    public async Task<IReadOnlyList<IraeView>?> GetSideEffectsAsync(int patientId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.ViewClinicalData, cancellationToken) is null)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            return null;
        }

        var events = await db.AdverseEvents.AsNoTracking().Include(a => a.GradeHistory)
            .Where(a => a.PatientId == patientId)
            .OrderBy(a => a.ResolvedDate != null).ThenByDescending(a => a.OnsetDate)
            .ToListAsync(cancellationToken);
        return events.Select(a => new IraeView(
            a.Id, a.Category, a.CtcaeTerm, a.CurrentGrade, a.OnsetDate, a.ResolvedDate, a.Attribution, a.Management, a.ManagementDetail,
            a.GradeHistory.OrderBy(g => g.EffectiveDate).ThenBy(g => g.RecordedAt).Select(g => new GradeChange(g.Grade, g.EffectiveDate, g.Note)).ToList(),
            a.ResolvedDate is null ? Recommend(a.Category, a.CurrentGrade) : null)).ToList();
    }

    public async Task<ScansView?> GetScansAsync(int patientId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.ViewClinicalData, cancellationToken) is null)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            return null;
        }

        var scans = await LoadScansAsync(db, patientId, cancellationToken);
        return BuildScans(scans);
    }

    public async Task<TreatmentView?> GetTreatmentAsync(int patientId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.ViewClinicalData, cancellationToken) is null)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            return null;
        }

        var courses = await db.TreatmentCourses.AsNoTracking().Include(c => c.Infusions)
            .Where(c => c.PatientId == patientId).OrderByDescending(c => c.StartDate).ToListAsync(cancellationToken);
        // Latest version of each decision chain: a decision no later version supersedes.
        var decisions = await db.Decisions.AsNoTracking()
            .Where(d => d.PatientId == patientId && !db.Decisions.Any(later => later.SupersedesId == d.Id))
            .OrderByDescending(d => d.CreatedAt)
            .Select(d => new DecisionSummary(d.Id, d.Outcome, d.Status, d.VersionNumber, d.CreatedAt, d.FinalisedAt, d.Rationale, d.DeviatesFromGuideline))
            .ToListAsync(cancellationToken);
        return new TreatmentView(
            courses.Select(c => new CourseView(c.Id, c.Regimen, c.Drugs, c.Intent, c.LineOfTherapy, c.StartDate, c.EndDate, c.Status, c.StatusReason, c.PlannedNextTreatment,
                c.Infusions.OrderByDescending(i => i.Date).ThenByDescending(i => i.CycleNumber)
                    .Select(i => new InfusionView(i.CycleNumber, i.Date, i.Status, i.DeferralReason)).ToList())).ToList(),
            decisions);
    }

    internal static ScansView BuildScans(IReadOnlyList<Scan> scans)
    {
        var errors = new List<string>();
        var problems = new List<string>();
        var responses = new Dictionary<DateOnly, TimepointResponse>();
        if (scans.Count > 0)
        {
            if (RecistSeries.From(scans) is { } series)
            {
                var evaluation = RecistEvaluator.Evaluate(series);
                errors.AddRange(evaluation.Errors);
                problems.AddRange(evaluation.BaselineProblems.Select(p => p.Message));
                foreach (var t in evaluation.Timepoints.Where(t => t.Date is not null))
                {
                    responses[t.Date!.Value] = t;
                }
            }
            else if (scans[0].IsBaseline && scans[0].Lesions.Count == 0)
            {
                // RECIST 1.1 (Eisenhauer 2009, section 3) assesses response only in patients with disease at baseline; after
                // complete resection (adjuvant treatment) scans look for recurrence, which is a new lesion, not a response.
                problems.Add(NoDiseaseAtBaseline);
            }
            else
            {
                errors.Add("Responses cannot be computed: the first scan is not a baseline with target lesions.");
            }
        }

        var baselineDate = scans.FirstOrDefault(s => s.IsBaseline)?.ScanDate;
        var views = scans.Select(s =>
        {
            var response = responses.GetValueOrDefault(s.ScanDate);
            DateOnly? from = null, to = null;
            if (response is { Irecist: IrecistResponse.IUPD })
            {
                var window = Schedule.NextScan(s.ScanDate, true, s.ScanDate);
                (from, to) = (window.Earliest, window.Latest);
            }

            var disagrees = response is not null
                && ((s.RadiologistRecist is { } rr && rr != response.Recist11) || (s.RadiologistIrecist is { } ri && ri != response.Irecist));
            return new ScanView(s.Id, s.ScanDate, s.Modality, s.IsBaseline, s.ReportText, s.NonTargetStatus,
                s.Lesions.OrderBy(l => l.Kind).ThenBy(l => l.LesionKey, StringComparer.Ordinal)
                    .Select(l => new LesionView(l.LesionKey, l.Organ, l.IsLymphNode, l.Kind, l.DiameterMm, l.TooSmallToMeasure, l.Measurable)).ToList(),
                response, s.RadiologistRecist, s.RadiologistIrecist, disagrees, from, to);
        }).ToList();

        ChartModel? chart = null;
        var points = views.Where(v => v.Response?.ChangeFromBaselinePercent is not null)
            .Select(v => new ChartPoint(v.ScanDate.ToDateTime(TimeOnly.MinValue), (double)v.Response!.ChangeFromBaselinePercent!.Value))
            .ToList();
        if (baselineDate is { } bd && points.Count > 0)
        {
            points.Insert(0, new ChartPoint(bd.ToDateTime(TimeOnly.MinValue), 0));
            // RECIST 1.1 (Eisenhauer 2009 §4.3.1): PR is a 30% decrease from baseline; PD is 20% (and 5 mm) above the nadir,
            // which is drawn against the baseline only when the nadir is the baseline, so the line is labelled as such.
            chart = new ChartModel("Target lesions: change in sum of diameters from baseline",
                "Percentage change of the RECIST target sum from the baseline scan at each follow-up scan.",
                "% change from baseline", points, null, null, null,
                [new ChartThreshold(-30, "−30% (PR)"), new ChartThreshold(20, "+20% (PD if nadir = baseline)")], points.Count);
        }

        return new ScansView(views, errors, problems, chart);
    }

    internal static IraeRecommendation? Recommend(IraeCategory category, int grade) =>
        grade is >= 1 and <= 4 ? IraeGuidance.Recommend(category, grade) : null;

    public static string ActionText(IraeAction action) => action switch
    {
        IraeAction.Continue => "continue",
        IraeAction.Hold => "hold",
        IraeAction.Discontinue => "permanently discontinue",
        _ => action.ToString(),
    };

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private async Task<IReadOnlyList<ReviewAlert>> RecentLabAlertsAsync(MdtReviewDbContext db, int patientId, DateOnly? treatmentStart, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-RecentLabAlertDays);
        var recent = await db.LabResults.AsNoTracking()
            .Where(l => l.PatientId == patientId && l.SupersededById == null && l.CollectedAt >= since)
            .ToListAsync(cancellationToken);
        if (recent.Count == 0)
        {
            return [];
        }

        var baselines = await LabResultsService.BaselinesAsync(db, patientId, treatmentStart, cancellationToken);
        return recent
            .Select(r => (Result: r, Grade: LabResultsService.GradeOf(r, baselines)))
            .Where(x => x.Grade.Grade >= 3)
            .GroupBy(x => x.Result.TestCode)
            .Select(g => g.MaxBy(x => (x.Grade.Grade, x.Result.CollectedAt)))
            .Select(x => new ReviewAlert("lab", $"{LabResultsService.NameOf(x.Result.TestCode)} grade {x.Grade.Grade} on {x.Result.CollectedAt:d MMM yyyy}", AlertLevel.Error))
            .ToList();
    }

    internal static async Task<CourseSummary?> LatestCourseAsync(MdtReviewDbContext db, int patientId, CancellationToken cancellationToken) =>
        await db.TreatmentCourses.AsNoTracking()
            .Where(c => c.PatientId == patientId)
            .OrderByDescending(c => c.StartDate)
            .Select(c => new CourseSummary(c.Id, c.Regimen, c.Drugs, c.Status, c.IntervalDays, c.StartDate,
                c.Infusions.Count(i => i.Status == Data.Model.InfusionStatus.Given),
                c.Infusions.Where(i => i.Status == Data.Model.InfusionStatus.Given).Max(i => (DateOnly?)i.Date)))
            .FirstOrDefaultAsync(cancellationToken);

    private static async Task<List<Scan>> LoadScansAsync(MdtReviewDbContext db, int patientId, CancellationToken cancellationToken) =>
        await db.Scans.AsNoTracking().Include(s => s.Lesions)
            .Where(s => s.PatientId == patientId).OrderBy(s => s.ScanDate).AsSplitQuery()
            .ToListAsync(cancellationToken);
}
