using System.Globalization;
using MdtReview.Data;
using MdtReview.Data.Auditing;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Referrals.Services;

/// <summary>
/// Records that the caller viewed a referral's patient summary (a read of clinical data is an audit event, ISO 27789); false,
/// writing nothing, when the caller may not see the referral. The referral page calls it once per referral it shows.
/// </summary>
public sealed class RecordReferralView(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, AuditChain chain)
{
    public async Task<bool> HandleAsync(int referralId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await ReferralAccess.ReadAsync(currentUser, db, cancellationToken);
        if (access is null)
        {
            return false;
        }

        var patientId = await access.Visible(db).Where(r => r.Id == referralId).Select(r => (int?)r.PatientId).SingleOrDefaultAsync(cancellationToken);
        if (patientId is null)
        {
            return false;
        }

        var record = new AuditRecord(new AuditActor(access.User.Id, access.User.Email), nameof(TrialReferral),
            referralId.ToString(CultureInfo.InvariantCulture), AuditAction.View, patientId, null);
        await chain.AppendOwnTransactionAsync(db, record, cancellationToken);
        return true;
    }
}
