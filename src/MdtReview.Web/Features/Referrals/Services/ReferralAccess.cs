using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Referrals.Services;

/// <summary>
/// What the caller may see and do in the referral workspace, read afresh for each operation: removing someone from a trial
/// takes effect at their next action. A referral of a trial the caller is not on goes through exactly the same path as a
/// missing one: the same filtered query (<see cref="Visible"/>), the same null or not-found answer.
/// </summary>
internal sealed record ReferralAccess(CurrentUser User, IReadOnlyList<int> TeamTrialIds)
{
    /// <summary>The caller's access, or null when they may not use the workspace at all.</summary>
    public static async Task<ReferralAccess?> ReadAsync(CurrentUserService currentUser, MdtReviewDbContext db, CancellationToken cancellationToken)
    {
        var user = await currentUser.RequireAsync(Capability.ViewReferrals, cancellationToken);
        if (user is null)
        {
            return null;
        }

        var trialIds = user.Can(Capability.ScreenReferrals)
            ? await db.TrialTeamMembers.AsNoTracking().Where(m => m.UserId == user.Id).Select(m => m.TrialId).Distinct().ToListAsync(cancellationToken)
            : [];
        return new ReferralAccess(user, trialIds);
    }

    public bool OnTeam(int trialId) => TeamTrialIds.Contains(trialId);

    /// <summary>An oncologist sees the referrals they made but does not screen them; only the trial's team does.</summary>
    public bool CanScreen(int trialId) => OnTeam(trialId) && User.Can(Capability.ScreenReferrals);

    /// <summary>The one filter every query and command starts from: the caller's trials, and for an oncologist their own referrals.</summary>
    public IQueryable<TrialReferral> Visible(MdtReviewDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var trialIds = TeamTrialIds;
        var referrerId = User.Can(Capability.ReferToTrials) ? User.Id : null;
        return db.TrialReferrals.Where(r => trialIds.Contains(r.TrialId) || (referrerId != null && r.ReferredById == referrerId));
    }
}
