using MdtReview.Data;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Patients.Services;

/// <summary>
/// The review page's treatment: every course with its infusions, newest first, and the latest version of each MDT decision.
/// Answers null for a patient the caller may not see or that does not exist.
/// </summary>
public sealed class GetTreatment(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory)
{
    public async Task<TreatmentView?> HandleAsync(int patientId, CancellationToken cancellationToken = default)
    {
        await using var db = await ReviewReads.OpenPatientAsync(currentUser, contextFactory, patientId, cancellationToken);
        if (db is null)
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
}
