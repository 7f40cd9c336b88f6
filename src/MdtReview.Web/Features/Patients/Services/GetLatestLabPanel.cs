using MdtReview.Data;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Patients.Services;

/// <summary>
/// The latest current value of each test for one patient, graded against the pre-treatment baseline, in the catalogue's
/// order. Answers null for a patient the caller may not see or that does not exist.
/// </summary>
public sealed class GetLatestLabPanel(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory)
{
    public async Task<LabPanelView?> HandleAsync(int patientId, CancellationToken cancellationToken = default)
    {
        await using var db = await ReviewReads.OpenPatientAsync(currentUser, contextFactory, patientId, cancellationToken);
        if (db is null)
        {
            return null;
        }

        var latestIds = await db.LabResults.AsNoTracking()
            .Where(l => l.PatientId == patientId && l.SupersededById == null)
            .GroupBy(l => l.TestCode)
            .Select(g => g.OrderByDescending(l => l.CollectedAt).ThenByDescending(l => l.Id).Select(l => l.Id).First())
            .ToListAsync(cancellationToken);
        var rows = await LabReads.Project(db, db.LabResults.AsNoTracking().Where(l => latestIds.Contains(l.Id))).ToListAsync(cancellationToken);
        var baselines = await LabReads.BaselinesAsync(db, patientId, await LabReads.TreatmentStartAsync(db, patientId, cancellationToken), cancellationToken);
        return new LabPanelView(rows.Select(r => LabReads.ToView(r, baselines))
            .OrderBy(v => LabReads.CatalogueOrder.GetValueOrDefault(v.TestCode, int.MaxValue)).ToList());
    }
}
