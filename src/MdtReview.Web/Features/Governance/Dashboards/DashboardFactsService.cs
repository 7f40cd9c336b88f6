using MdtReview.Data;
using MdtReview.Data.Evidence;
using MdtReview.Data.Model;
using MdtReview.Clinical.Recist;
using MdtReview.Web.Features.Meetings.Services;
using MdtReview.Web.Features.Patients.Services;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Governance.Dashboards;

[Flags]
public enum DashboardFactKinds
{
    None = 0,
    Decisions = 1,
    Scans = 2,
    Iupd = 4,
    SevereIraes = 8,
}

/// <summary>The facts one dashboard asked for (the others are empty) and today's hospital date.</summary>
public sealed record DashboardFacts(
    DateOnly Today,
    IReadOnlyList<DecisionFact> Decisions,
    IReadOnlyList<ScanFact> Scans,
    IReadOnlyList<IupdFact> Iupds,
    IReadOnlyList<AwaitingConfirmationFact> AwaitingConfirmation,
    IReadOnlyList<SevereIraeFact> SevereIraes);

/// <summary>
/// Reads what the clinical dashboards count, for governance leads only. Queries here, arithmetic in the calculators, so the
/// figures can be checked on a hand-made dataset.
/// </summary>
public sealed class DashboardFactsService(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, TimeProvider time)
{
    /// <summary>The site-specific tumour group of the patient's primary site ("Other" when no site group covers it).</summary>
    public static string GroupOf(TumourSite site) =>
        TumourGroups.All.Skip(1).FirstOrDefault(g => g.Sites.Contains(site))?.Name ?? "Other";

    public DateOnly Today => DateOnly.FromDateTime(HospitalTime.ToLocal(time.GetUtcNow().UtcDateTime));

    /// <summary>The facts of <paramref name="kinds"/>; null unless the caller is an active governance lead.</summary>
    public async Task<DashboardFacts?> LoadAsync(DashboardFactKinds kinds, DashboardFilter filter, CancellationToken cancellationToken = default)
    {
        if (!await IsGovernanceLeadAsync(cancellationToken))
        {
            return null;
        }

        var today = Today;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var decisions = kinds.HasFlag(DashboardFactKinds.Decisions) ? await DecisionsAsync(db, cancellationToken) : [];
        var scans = kinds.HasFlag(DashboardFactKinds.Scans) ? await ScansAsync(db, cancellationToken) : [];
        var (iupds, awaiting) = kinds.HasFlag(DashboardFactKinds.Iupd) ? await IupdsAsync(db, filter, today, cancellationToken) : ([], []);
        var iraes = kinds.HasFlag(DashboardFactKinds.SevereIraes) ? await SevereIraesAsync(db, cancellationToken) : [];
        return new DashboardFacts(today, decisions, scans, iupds, awaiting, iraes);
    }

    /// <summary>The groups a governance lead can filter on: every meeting's group and the groups of the patients' sites.</summary>
    public async Task<IReadOnlyList<string>> TumourGroupsAsync(CancellationToken cancellationToken = default)
    {
        if (!await IsGovernanceLeadAsync(cancellationToken))
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var meetingGroups = await db.Meetings.AsNoTracking().Select(m => m.TumourGroup).Distinct().ToListAsync(cancellationToken);
        var sites = await db.Patients.AsNoTracking().Select(p => p.TumourSite).Distinct().ToListAsync(cancellationToken);
        return [.. meetingGroups.Concat(sites.Select(GroupOf)).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)];
    }

    private async Task<bool> IsGovernanceLeadAsync(CancellationToken cancellationToken) =>
        await currentUser.RequireAsync(Capability.Governance, cancellationToken) is not null;

    private static async Task<IReadOnlyList<DecisionFact>> DecisionsAsync(MdtReviewDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.Decisions.AsNoTracking()
            .Where(d => d.Status == DecisionStatus.Final && d.FinalisedAt != null)
            .Select(d => new
            {
                d.Id,
                d.PatientId,
                d.Patient!.Mrn,
                d.Patient.TumourSite,
                d.Outcome,
                FinalisedAt = d.FinalisedAt!.Value,
                d.VersionNumber,
                d.SupersedesId,
                d.FinalisedById,
                d.DeviatesFromGuideline,
                d.DeviationReason,
                // Only a deviation shows its finding; the JSON of every other decision need not cross the wire.
                Findings = d.DeviatesFromGuideline ? d.GuidelineFindingsJson : null,
                d.InformPatientBy,
                d.PatientInformedAt,
            })
            .ToListAsync(cancellationToken);

        var finaliserIds = rows.Select(r => r.FinalisedById).OfType<string>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => finaliserIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);

        var byId = rows.ToDictionary(r => r.Id);
        var superseded = rows.Where(r => r.SupersedesId is not null).Select(r => r.SupersedesId!.Value).ToHashSet();
        DateOnly HospitalDate(DateTime utc) => DateOnly.FromDateTime(HospitalTime.ToLocal(utc));
        DateOnly FirstOfChain(int id)
        {
            var row = byId[id];
            // Bounded walk: a chain is short, and a malformed cycle must not hang the page.
            for (var step = 0; step < 100 && row.SupersedesId is { } previous && byId.TryGetValue(previous, out var earlier); step++)
            {
                row = earlier;
            }

            return HospitalDate(row.FinalisedAt);
        }

        return [.. rows.Select(r => new DecisionFact(
            r.Id,
            r.PatientId,
            r.Mrn,
            GroupOf(r.TumourSite),
            r.Outcome,
            HospitalDate(r.FinalisedAt),
            FirstOfChain(r.Id),
            r.VersionNumber,
            !superseded.Contains(r.Id),
            r.FinalisedById is { } by && names.TryGetValue(by, out var name) && !string.IsNullOrWhiteSpace(name) ? name : "(unknown)",
            r.DeviatesFromGuideline,
            r.DeviationReason,
            FindingsJson.Deserialize(r.Findings).FirstOrDefault(f => f.Severity == Clinical.GuidelineCheck.FindingSeverity.Must)?.Message,
            r.InformPatientBy,
            r.PatientInformedAt is { } informed ? HospitalDate(informed) : null))];
    }

    private static async Task<IReadOnlyList<ScanFact>> ScansAsync(MdtReviewDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.Scans.AsNoTracking().Where(s => !s.IsBaseline)
            .Select(s => new { s.PatientId, s.Patient!.Mrn, s.Patient.TumourSite, s.ScanDate })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(s => new ScanFact(s.PatientId, s.Mrn, GroupOf(s.TumourSite), s.ScanDate))];
    }

    private static async Task<(IReadOnlyList<IupdFact>, IReadOnlyList<AwaitingConfirmationFact>)> IupdsAsync(
        MdtReviewDbContext db, DashboardFilter filter, DateOnly today, CancellationToken cancellationToken)
    {
        // Only patients with a follow-up scan in the range can have an iUPD in it.
        var patientIds = await db.Scans.AsNoTracking()
            .Where(s => !s.IsBaseline && s.ScanDate >= filter.From && s.ScanDate <= filter.To)
            .Select(s => s.PatientId).Distinct().ToListAsync(cancellationToken);
        var scans = await db.Scans.AsNoTracking().Include(s => s.Lesions)
            .Where(s => patientIds.Contains(s.PatientId)).ToListAsync(cancellationToken);
        var patients = await db.Patients.AsNoTracking()
            .Where(p => patientIds.Contains(p.Id)).Select(p => new { p.Id, p.Mrn, p.TumourSite })
            .ToDictionaryAsync(p => p.Id, cancellationToken);

        var iupds = new List<IupdFact>();
        foreach (var group in scans.GroupBy(s => s.PatientId))
        {
            // iRECIST responses come from the clinical library over the stored series, never recomputed here.
            if (RecistSeries.From(group, today) is not { } series)
            {
                continue;
            }

            var evaluation = RecistEvaluator.Evaluate(series);
            if (!evaluation.IsValid)
            {
                continue;
            }

            var points = evaluation.Timepoints;
            var patient = patients[group.Key];
            for (var i = 0; i < points.Count; i++)
            {
                // One episode per run of iUPD time points: the clock starts at the first.
                if (points[i].Irecist == IrecistResponse.IUPD && points[i].Date is { } on && (i == 0 || points[i - 1].Irecist != IrecistResponse.IUPD))
                {
                    iupds.Add(new IupdFact(patient.Id, patient.Mrn, GroupOf(patient.TumourSite), on, i + 1 < points.Count ? points[i + 1].Date : null));
                }
            }
        }

        var awaiting = await db.PatientAlertStates.AsNoTracking()
            .Where(a => a.IupdSince != null && a.IupdConfirmBy != null)
            .Join(db.Patients, a => a.PatientId, p => p.Id, (a, p) => new { p.Id, p.Mrn, p.TumourSite, a.IupdSince, a.IupdConfirmBy })
            .ToListAsync(cancellationToken);
        return (iupds, [.. awaiting.Select(a => new AwaitingConfirmationFact(a.Id, a.Mrn, GroupOf(a.TumourSite), a.IupdSince!.Value, a.IupdConfirmBy!.Value))]);
    }

    private static async Task<IReadOnlyList<SevereIraeFact>> SevereIraesAsync(MdtReviewDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.AdverseEvents.AsNoTracking()
            .Where(a => a.CurrentGrade >= 3 || a.GradeHistory.Any(g => g.Grade >= 3))
            .Select(a => new
            {
                a.PatientId,
                a.Patient!.Mrn,
                a.Patient.TumourSite,
                a.CtcaeTerm,
                a.Category,
                a.CurrentGrade,
                a.OnsetDate,
                Grades = a.GradeHistory.Select(g => new { g.Grade, g.EffectiveDate }).ToList(),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(a =>
        {
            var severe = a.Grades.Where(g => g.Grade >= 3).Select(g => g.EffectiveDate).ToList();
            return new SevereIraeFact(
                a.PatientId, a.Mrn, GroupOf(a.TumourSite), a.CtcaeTerm, a.Category,
                Math.Max(a.CurrentGrade, a.Grades.Count == 0 ? 0 : a.Grades.Max(g => g.Grade)),
                severe.Count == 0 ? a.OnsetDate : severe.Min());
        })];
    }
}
