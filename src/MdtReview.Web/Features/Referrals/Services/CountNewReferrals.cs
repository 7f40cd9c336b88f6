using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Referrals.Services;

/// <summary>
/// Counts the referrals to the caller's trials that nobody has started screening, for the navigation's badge; 0 for anyone
/// not on a trial team.
/// </summary>
public sealed class CountNewReferrals(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory) : INewReferralCount
{
    public async Task<int> HandleAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await ReferralAccess.ReadAsync(currentUser, db, cancellationToken);
        if (access is null || access.TeamTrialIds.Count == 0)
        {
            return 0;
        }

        var teamTrials = access.TeamTrialIds;
        return await db.TrialReferrals.CountAsync(r => teamTrials.Contains(r.TrialId) && r.Status == ReferralStatus.Referred, cancellationToken);
    }

    Task<int> INewReferralCount.CountNewAsync(CancellationToken cancellationToken) => HandleAsync(cancellationToken);
}
