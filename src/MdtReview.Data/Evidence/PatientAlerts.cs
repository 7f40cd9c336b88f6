using MdtReview.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Data.Evidence;

/// <summary>Keeps <see cref="PatientAlertState"/> in step with the clinical record.</summary>
public static class PatientAlerts
{
    private const int PatientsPerQuery = 500;

    /// <summary>
    /// Recomputes and stores the alert state of <paramref name="patientIds"/> (<see cref="PatientAlertCalculator"/>) as of
    /// <paramref name="today"/>: loads what it needs, inserts or updates one row per patient and calls
    /// <c>SaveChangesAsync</c> itself. Ids of patients that do not exist are ignored.
    /// <para>
    /// Every write that changes what the alerts are computed from — lab results, irAEs and their grades, scans and lesions,
    /// treatment courses and infusions — calls it for the patients it touched, <b>after its own <c>SaveChangesAsync</c> and
    /// inside the same transaction</b>, so the record and its alerts commit or roll back together:
    /// </para>
    /// <code>
    /// await using var db = await contextFactory.CreateDbContextAsync(ct);
    /// await using var tx = await db.Database.BeginTransactionAsync(ct);
    /// db.LabResults.Add(result);
    /// await db.SaveChangesAsync(ct);
    /// await PatientAlerts.RefreshAsync(db, [result.PatientId], today, ct);
    /// await tx.CommitAsync(ct);
    /// </code>
    /// Reads are untracked, so the caller's tracked entities are left as they were. <paramref name="today"/> comes from the
    /// caller's <see cref="TimeProvider"/>; the stored dates keep time-dependent alerts right on later days without a refresh.
    /// </summary>
    public static async Task RefreshAsync(MdtReviewDbContext db, IReadOnlyCollection<int> patientIds, DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(patientIds);
        var refreshedAt = DateTime.UtcNow;
        foreach (var chunk in patientIds.Distinct().Chunk(PatientsPerQuery))
        {
            var states = await ComputeAsync(db, chunk, today, refreshedAt, ct);
            var existing = await db.PatientAlertStates.Where(s => chunk.Contains(s.PatientId)).ToDictionaryAsync(s => s.PatientId, ct);
            foreach (var state in states)
            {
                if (existing.TryGetValue(state.PatientId, out var row))
                {
                    db.Entry(row).CurrentValues.SetValues(state);
                }
                else
                {
                    db.PatientAlertStates.Add(state);
                }
            }

            await db.SaveChangesAsync(ct);
        }
    }

    private static async Task<List<PatientAlertState>> ComputeAsync(
        MdtReviewDbContext db, int[] ids, DateOnly today, DateTime refreshedAt, CancellationToken ct)
    {
        var patients = await db.Patients.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct);
        if (patients.Count == 0)
        {
            return [];
        }

        var courses = (await db.TreatmentCourses.AsNoTracking().Include(c => c.Infusions)
            .Where(c => ids.Contains(c.PatientId)).ToListAsync(ct)).ToLookup(c => c.PatientId);
        var events = (await db.AdverseEvents.AsNoTracking()
            .Where(a => ids.Contains(a.PatientId) && (a.ResolvedDate == null || a.ResolvedDate > today)).ToListAsync(ct)).ToLookup(a => a.PatientId);
        var scans = (await db.Scans.AsNoTracking().Include(s => s.Lesions).AsSplitQuery()
            .Where(s => ids.Contains(s.PatientId) && s.ScanDate <= today).ToListAsync(ct)).ToLookup(s => s.PatientId);

        // Labs: only what a grade ≥3 alert can come from (the recent window) and the pre-treatment baselines of patients
        // with recent results; plus the date of each patient's latest result for the bloods schedule.
        var since = DateTime.SpecifyKind(today.AddDays(-PatientAlertRules.RecentLabDays).ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc);
        var recent = await db.LabResults.AsNoTracking()
            .Where(l => ids.Contains(l.PatientId) && l.SupersededById == null && l.CollectedAt >= since).ToListAsync(ct);
        var withRecent = recent.Select(l => l.PatientId).Distinct().ToList();
        var baselines = withRecent.Count == 0 ? [] : await db.LabResults.AsNoTracking()
            .Where(l => withRecent.Contains(l.PatientId) && l.SupersededById == null && l.CollectedAt < since
                && DateOnly.FromDateTime(l.CollectedAt) <= db.TreatmentCourses.Where(c => c.PatientId == l.PatientId).Min(c => (DateOnly?)c.StartDate))
            .ToListAsync(ct);
        var labs = recent.Concat(baselines).ToLookup(l => l.PatientId);
        var latestLab = await db.LabResults.AsNoTracking()
            .Where(l => ids.Contains(l.PatientId) && l.SupersededById == null)
            .GroupBy(l => l.PatientId)
            .Select(g => new { PatientId = g.Key, Latest = g.Max(l => l.CollectedAt) })
            .ToDictionaryAsync(x => x.PatientId, x => DateOnly.FromDateTime(x.Latest), ct);

        return patients.Select(id => PatientAlertCalculator.Calculate(
                id,
                new PatientAlertInput([.. courses[id]], [.. events[id]], [.. scans[id]], [.. labs[id]], latestLab.TryGetValue(id, out var d) ? d : null),
                today,
                refreshedAt))
            .ToList();
    }
}
