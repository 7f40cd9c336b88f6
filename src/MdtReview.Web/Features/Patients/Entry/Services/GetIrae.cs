using MdtReview.Clinical.Irae;
using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Patients.Entry.Services;

/// <summary>An irAE as an entry dialog needs it: what it is, where its grade stands, and the version the user is editing.</summary>
public sealed record IraeState(
    int Id,
    int PatientId,
    IraeCategory Category,
    string CtcaeTerm,
    int CurrentGrade,
    DateOnly OnsetDate,
    DateOnly? ResolvedDate,
    DateOnly LatestGradeDate,
    IraeManagement Management,
    string? ManagementDetail,
    uint Version);

/// <summary>
/// Loads one of the patient's irAEs for the grade-change and resolution dialogs, with the version they save against. Null
/// when it is gone, belongs to another patient, or the caller may not enter data.
/// </summary>
public sealed class GetIrae(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory)
{
    public async Task<IraeState?> HandleAsync(int patientId, int adverseEventId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.EditClinicalData, cancellationToken) is null)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var ae = await db.AdverseEvents.AsNoTracking().Include(a => a.GradeHistory)
            .SingleOrDefaultAsync(a => a.Id == adverseEventId && a.PatientId == patientId, cancellationToken);
        return ae is null ? null : IraeRules.StateOf(ae);
    }
}
