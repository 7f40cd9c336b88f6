using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Meetings.Services;

/// <summary>
/// The meetings page: upcoming meetings soonest first, closed ones most recent first. Oncologists and governance leads read
/// it; for anyone else it is null.
/// </summary>
public sealed class ListMeetings(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory)
{
    public async Task<MeetingLists?> HandleAsync(CancellationToken cancellationToken = default)
    {
        var user = await currentUser.RequireAsync(Capability.ViewClinicalData, cancellationToken);
        if (user is null)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await MeetingSupport.RowsAsync(db, db.Meetings, cancellationToken);
        return new MeetingLists(
            rows.Where(r => r.Status != MeetingStatus.Closed).OrderBy(r => r.StartsAt).ToList(),
            rows.Where(r => r.Status == MeetingStatus.Closed).OrderByDescending(r => r.StartsAt).ToList(),
            user.Can(Capability.PrepareMeetings));
    }
}
