using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Trials.Services;

/// <summary>
/// Opens a trial in the editor: its draft, how many referrals are in progress (the editor warns before a change takes them
/// from someone), and the people its team pickers offer. Null when it does not exist or the caller is not an administrator.
/// </summary>
public sealed class OpenTrialForEdit(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory)
{
    public async Task<TrialEdit?> HandleAsync(int id, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.Administration, cancellationToken) is null)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var trial = await TrialStore.LoadAsync(db, id, tracked: false, cancellationToken);
        if (trial is null)
        {
            return null;
        }

        var draft = TrialStore.ToDraft(trial);
        var open = await db.TrialReferrals.CountAsync(r => r.TrialId == id && ReferralWorkflow.OpenStatuses.Contains(r.Status), cancellationToken);
        return new TrialEdit(draft, open, await TrialStore.PeopleAsync(db, draft.MemberIds(), cancellationToken));
    }
}
