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
/// The review page's header: demographics, biomarkers, ECOG, current course, next infusion, bloods and scan due dates and
/// the alerts (active irAEs, recent lab grades ≥3, iUPD awaiting confirmation, overdue care). Answers null for a patient
/// the caller may not see, exactly as for one that does not exist. Due dates and grades come from the clinical library.
/// </summary>
public sealed class GetPatientHeader(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, TimeProvider clock)
{
    /// <summary>Days a lab grade ≥3 stays an alert (issue 4: "a lab grade ≥3 in the last 14 days").</summary>
    public const int RecentLabAlertDays = 14;

    public async Task<PatientHeaderView?> HandleAsync(int patientId, CancellationToken cancellationToken = default)
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
        var scans = await ReviewReads.LoadScansAsync(db, patientId, cancellationToken);
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
            var action = ReviewReads.Recommend(irae.Category, irae.CurrentGrade)?.Action;
            alerts.Add(new("irae", $"{irae.CtcaeTerm} grade {irae.CurrentGrade} (active){(action is { } a ? $": guideline says {ReviewReads.ActionText(a)}" : "")}", irae.CurrentGrade >= 3 ? AlertLevel.Error : AlertLevel.Warning));
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

        var baselines = await LabReads.BaselinesAsync(db, patientId, treatmentStart, cancellationToken);
        return recent
            .Select(r => (Result: r, Grade: LabReads.GradeOf(r, baselines)))
            .Where(x => x.Grade.Grade >= 3)
            .GroupBy(x => x.Result.TestCode)
            .Select(g => g.MaxBy(x => (x.Grade.Grade, x.Result.CollectedAt)))
            .Select(x => new ReviewAlert("lab", $"{LabReads.NameOf(x.Result.TestCode)} grade {x.Grade.Grade} on {x.Result.CollectedAt:d MMM yyyy}", AlertLevel.Error))
            .ToList();
    }

    private static async Task<CourseSummary?> LatestCourseAsync(MdtReviewDbContext db, int patientId, CancellationToken cancellationToken) =>
        await db.TreatmentCourses.AsNoTracking()
            .Where(c => c.PatientId == patientId)
            .OrderByDescending(c => c.StartDate)
            .Select(c => new CourseSummary(c.Id, c.Regimen, c.Drugs, c.Status, c.IntervalDays, c.StartDate,
                c.Infusions.Count(i => i.Status == Data.Model.InfusionStatus.Given),
                c.Infusions.Where(i => i.Status == Data.Model.InfusionStatus.Given).Max(i => (DateOnly?)i.Date)))
            .FirstOrDefaultAsync(cancellationToken);
}
