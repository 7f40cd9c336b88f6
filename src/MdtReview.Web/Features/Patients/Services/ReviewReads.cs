using MdtReview.Clinical.Irae;
using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Patients.Services;

/// <summary>What the review page's queries share: the access check, the scans they evaluate and the irAE guidance wording.</summary>
internal static class ReviewReads
{
    public static string ActionText(IraeAction action) => action switch
    {
        IraeAction.Continue => "continue",
        IraeAction.Hold => "hold",
        IraeAction.Discontinue => "permanently discontinue",
        _ => action.ToString(),
    };

    /// <summary>
    /// A context for a patient the caller may see, or null: a patient they may not see is answered exactly as one that does
    /// not exist. The caller disposes the context.
    /// </summary>
    internal static async Task<MdtReviewDbContext?> OpenPatientAsync(
        CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, int patientId, CancellationToken cancellationToken)
    {
        if (await currentUser.RequireAsync(Capability.ViewClinicalData, cancellationToken) is null)
        {
            return null;
        }

        var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            return db;
        }

        await db.DisposeAsync();
        return null;
    }

    internal static IraeRecommendation? Recommend(IraeCategory category, int grade) =>
        grade is >= 1 and <= 4 ? IraeGuidance.Recommend(category, grade) : null;

    internal static async Task<List<Scan>> LoadScansAsync(MdtReviewDbContext db, int patientId, CancellationToken cancellationToken) =>
        await db.Scans.AsNoTracking().Include(s => s.Lesions)
            .Where(s => s.PatientId == patientId).OrderBy(s => s.ScanDate).AsSplitQuery()
            .ToListAsync(cancellationToken);
}
