using MdtReview.Data;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Patients.Services;

/// <summary>
/// One page of a patient's lab history: every stored value, current and superseded, newest first, paged in the database.
/// Answers null for a patient the caller may not see or that does not exist.
/// </summary>
public sealed class GetLabHistory(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory)
{
    public async Task<LabHistoryPage?> HandleAsync(int patientId, string? testCode, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        await using var db = await ReviewReads.OpenPatientAsync(currentUser, contextFactory, patientId, cancellationToken);
        if (db is null)
        {
            return null;
        }

        pageSize = Math.Clamp(pageSize, 1, 200);
        var query = db.LabResults.AsNoTracking().Where(l => l.PatientId == patientId);
        if (!string.IsNullOrWhiteSpace(testCode))
        {
            query = query.Where(l => l.TestCode == testCode);
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await LabReads.Project(db, query.OrderByDescending(l => l.CollectedAt).ThenByDescending(l => l.Id)
            .Skip(Math.Max(0, page) * pageSize).Take(pageSize)).ToListAsync(cancellationToken);
        var baselines = await LabReads.BaselinesAsync(db, patientId, await LabReads.TreatmentStartAsync(db, patientId, cancellationToken), cancellationToken);
        return new LabHistoryPage(rows.Select(r => LabReads.ToView(r, baselines)).ToList(), total);
    }
}
