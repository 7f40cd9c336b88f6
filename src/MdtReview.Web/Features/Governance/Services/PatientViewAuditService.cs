using System.Globalization;
using MdtReview.Data;
using MdtReview.Data.Auditing;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Governance.Services;

/// <summary>
/// Records who looked at which patient's record (ISO 27789: reads are audit events too). The review page calls
/// <see cref="RecordPatientViewAsync"/> once per page view, after its own access check succeeded (once per patient id:
/// the router reuses the page component when the user moves to another patient); prerendering is off for app pages, so
/// a view is not counted twice.
/// </summary>
public sealed class PatientViewAuditService(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, AuditChain chain)
{
    /// <summary>
    /// Appends one <see cref="AuditAction.View"/> event for <paramref name="patientId"/> by the signed-in user. Returns false,
    /// writing nothing, when the caller may not view clinical data or the patient does not exist.
    /// </summary>
    public async Task<bool> RecordPatientViewAsync(int patientId, CancellationToken cancellationToken = default)
    {
        var user = await currentUser.RequireAsync(Capability.ViewClinicalData, cancellationToken);
        if (user is null)
        {
            return false;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            return false;
        }

        var record = new AuditRecord(new AuditActor(user.Id, user.Email), nameof(Patient), patientId.ToString(CultureInfo.InvariantCulture), AuditAction.View, patientId, null);
        await chain.AppendOwnTransactionAsync(db, record, cancellationToken);
        return true;
    }
}
