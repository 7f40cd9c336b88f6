using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Meetings.Services;

/// <summary>Later planned meetings of the same tumour group, soonest first: where a closing meeting's undiscussed cases can go.</summary>
public sealed class ListDeferralTargets(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory)
{
    public async Task<IReadOnlyList<MeetingRow>> HandleAsync(int meetingId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.PrepareMeetings, cancellationToken) is null)
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var meeting = await db.Meetings.AsNoTracking().SingleOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
        if (meeting is null)
        {
            return [];
        }

        var targets = db.Meetings.Where(m =>
            m.Id != meetingId && m.Status == MeetingStatus.Planned && m.TumourGroup == meeting.TumourGroup && m.StartsAt > meeting.StartsAt);
        return (await MeetingSupport.RowsAsync(db, targets, cancellationToken)).OrderBy(t => t.StartsAt).ToList();
    }
}
