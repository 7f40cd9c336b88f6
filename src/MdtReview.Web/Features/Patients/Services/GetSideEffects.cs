using MdtReview.Data;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Patients.Services;

/// <summary>
/// The review page's side effects: every irAE with its grade history, active ones first, each active one with the guideline
/// recommendation for its current grade. Answers null for a patient the caller may not see or that does not exist.
/// </summary>
public sealed class GetSideEffects(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory)
{
    public async Task<IReadOnlyList<IraeView>?> HandleAsync(int patientId, CancellationToken cancellationToken = default)
    {
        await using var db = await ReviewReads.OpenPatientAsync(currentUser, contextFactory, patientId, cancellationToken);
        if (db is null)
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
            a.ResolvedDate is null ? ReviewReads.Recommend(a.Category, a.CurrentGrade) : null)).ToList();
    }
}
