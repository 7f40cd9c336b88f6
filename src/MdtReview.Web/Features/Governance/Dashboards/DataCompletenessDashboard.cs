using MdtReview.Clinical.Ctcae;
using MdtReview.Clinical.Recist;
using MdtReview.Clinical.Schedules;
using MdtReview.Data;
using MdtReview.Data.Evidence;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;
using InfusionStatus = MdtReview.Data.Model.InfusionStatus;

namespace MdtReview.Web.Features.Governance.Dashboards;

/// <summary>
/// Data completeness per month: pre-cycle bloods within 7 days before each infusion given, and scans on schedule (rules in
/// <see cref="DataCompletenessCalculator"/>). Tumour group: the patient's site, grouped as the meetings are.
/// </summary>
public sealed class DataCompletenessDashboard(
    CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, TimeProvider clock) : IDashboard
{
    public string Key => "data-completeness";

    public int Order => 70;

    public async Task<DashboardTable?> LoadAsync(DashboardFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (await currentUser.RequireAsync(Capability.Governance, cancellationToken) is null)
        {
            return null;
        }

        var today = DashboardScope.HospitalDate(clock.GetUtcNow().UtcDateTime);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var sites = DashboardScope.Sites(filter);

        var infusionQuery = db.Infusions.AsNoTracking()
            .Where(i => i.Status == InfusionStatus.Given && i.Date >= filter.From && i.Date <= filter.To);
        if (sites is not null)
        {
            infusionQuery = infusionQuery.Where(i => sites.Contains(i.TreatmentCourse!.Patient!.TumourSite));
        }

        var infusions = await infusionQuery.Select(i => new GivenInfusion(i.TreatmentCourse!.PatientId, i.Date)).ToListAsync(cancellationToken);
        var bloods = await BloodsAsync(db, filter, infusions.Select(i => i.PatientId).Distinct().ToList(), cancellationToken);
        var scans = await ScanHistoriesAsync(db, filter, sites, today, cancellationToken);
        return Table(Key, DataCompletenessCalculator.Calculate(filter, infusions, bloods, scans, today));
    }

    /// <summary>Hospital dates of each patient's current results of catalogue (pre-cycle) tests, from a week before the range.</summary>
    private static async Task<IReadOnlyDictionary<int, IReadOnlyList<DateOnly>>> BloodsAsync(
        MdtReviewDbContext db, DashboardFilter filter, List<int> patientIds, CancellationToken cancellationToken)
    {
        var (fromUtc, toUtc) = DashboardScope.UtcBounds(filter);
        // One day more than the window, so a clock change inside it cannot drop a result on the window's first day.
        var since = fromUtc.AddDays(-(DataCompletenessCalculator.BloodsWindowDays + 1));
        var labs = await db.LabResults.AsNoTracking()
            .Where(l => patientIds.Contains(l.PatientId) && l.SupersededById == null && l.CollectedAt >= since && l.CollectedAt < toUtc)
            .Select(l => new { l.PatientId, l.TestCode, l.CollectedAt })
            .ToListAsync(cancellationToken);
        return labs.Where(l => LabTestCatalogue.FindByCode(l.TestCode) is not null)
            .GroupBy(l => l.PatientId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<DateOnly>)g.Select(l => DashboardScope.HospitalDate(l.CollectedAt)).Distinct().ToList());
    }

    /// <summary>
    /// The scan series and courses of patients on treatment at some point a scan request could fall due in the range. The whole
    /// series is read because iRECIST responses (iUPD, iCPD) depend on every scan from baseline.
    /// </summary>
    private static async Task<IReadOnlyList<ScanHistory>> ScanHistoriesAsync(
        MdtReviewDbContext db, DashboardFilter filter, IReadOnlyList<TumourSite>? sites, DateOnly today, CancellationToken cancellationToken)
    {
        // A request due before the range can still close inside it (a confirmation window is 56 days long).
        var earliestDue = filter.From.AddDays(-Schedule.IupdConfirmationLatestDays);
        var courseQuery = db.TreatmentCourses.AsNoTracking().Where(c => c.StartDate <= filter.To && (c.EndDate == null || c.EndDate >= earliestDue));
        if (sites is not null)
        {
            courseQuery = courseQuery.Where(c => sites.Contains(c.Patient!.TumourSite));
        }

        var patientIds = await courseQuery.Select(c => c.PatientId).Distinct().ToListAsync(cancellationToken);
        var courses = await db.TreatmentCourses.AsNoTracking().Where(c => patientIds.Contains(c.PatientId))
            .Select(c => new { c.PatientId, c.StartDate, c.EndDate })
            .ToListAsync(cancellationToken);
        var scans = await db.Scans.AsNoTracking().Include(s => s.Lesions)
            .Where(s => patientIds.Contains(s.PatientId) && s.ScanDate <= today)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        var scansByPatient = scans.ToLookup(s => s.PatientId);
        var coursesByPatient = courses.ToLookup(c => c.PatientId);
        return patientIds.Select(id => new ScanHistory(
                id,
                WithIrecist(scansByPatient[id].ToList(), today),
                coursesByPatient[id].Select(c => new CoursePeriod(c.StartDate, c.EndDate)).ToList()))
            .ToList();
    }

    /// <summary>Each scan with its iRECIST reading from the clinical library; a series it cannot evaluate is scheduled routinely.</summary>
    private static List<ScheduledScan> WithIrecist(List<Scan> scans, DateOnly today)
    {
        var byDate = new Dictionary<DateOnly, IrecistResponse>();
        if (RecistSeries.From(scans, today) is { } series && RecistEvaluator.Evaluate(series) is { IsValid: true } evaluation)
        {
            foreach (var point in evaluation.Timepoints.Where(t => t.Date is not null))
            {
                byDate[point.Date!.Value] = point.Irecist;
            }
        }

        return scans.Select(s => byDate.TryGetValue(s.ScanDate, out var r)
                ? new ScheduledScan(s.ScanDate, r == IrecistResponse.IUPD, r == IrecistResponse.ICPD)
                : new ScheduledScan(s.ScanDate, false, false))
            .ToList();
    }

    public static DashboardTable Table(string key, DataCompleteness completeness)
    {
        ArgumentNullException.ThrowIfNull(completeness);
        string[] columns =
        [
            "Month", "Infusions given", "With bloods within 7 days", "Bloods within 7 days (%)",
            "Scans due", "Scans on time", "Scans late", "Scans missing", "Scans on schedule (%)",
        ];
        var rows = completeness.Months.Select(m => (IReadOnlyList<string>)
        [
            m.Label, DashboardRules.Number(m.Infusions), DashboardRules.Number(m.InfusionsWithBloods), DashboardScope.Percent(m.InfusionsWithBloods, m.Infusions),
            DashboardRules.Number(m.ScansDue), DashboardRules.Number(m.ScansOnTime), DashboardRules.Number(m.ScansLate), DashboardRules.Number(m.ScansMissing),
            DashboardScope.Percent(m.ScansOnTime, m.ScansDue),
        ]).ToList();
        return new DashboardTable(
            key,
            "Data completeness",
            "Bloods: each infusion given in the month, and whether the patient had a result of any pre-cycle test (the lab catalogue: "
                + "FBC, U&E, LFTs, glucose, TFTs and the other graded tests) from 7 days before up to the infusion day. "
                + "Scans: each scan the schedule asked for while the patient was on treatment (routine every 12 weeks; an iUPD "
                + "confirmation 4–8 weeks after it), counted in the month its window closed: on time, late, or missing (window closed, "
                + "no scan yet). Requests whose window is still open are not counted.",
            columns,
            rows,
            [
                new DashboardFigure("Infusions with bloods within 7 days", DashboardRules.Rate(completeness.InfusionsWithBloods, completeness.Infusions)),
                new DashboardFigure("Scans on schedule", DashboardRules.Rate(completeness.ScansOnTime, completeness.ScansDue)),
                new DashboardFigure("Scans late", DashboardRules.Number(completeness.ScansLate)),
                new DashboardFigure("Scans missing", DashboardRules.Number(completeness.ScansMissing)),
            ],
            new DashboardChart(DashboardChartKind.StackedBar, 0, [5, 6, 7]));
    }
}
