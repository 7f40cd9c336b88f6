using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Meetings.Services;

/// <summary>Takes someone off a meeting's attendance until the meeting closes. Removing someone already gone succeeds.</summary>
public sealed class RemoveAttendee(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory)
{
    public async Task<MeetingResult> HandleAsync(int meetingId, int attendeeId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.PrepareMeetings, cancellationToken) is null)
        {
            return MeetingSupport.Forbidden();
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var meeting = await db.Meetings.Include(m => m.Attendees).SingleOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
        if (meeting is null || !MeetingWorkflow.AcceptsChanges(meeting.Status))
        {
            return MeetingSupport.Refused(meeting, MeetingSupport.AttendanceClosed);
        }

        var attendee = meeting.Attendees.SingleOrDefault(a => a.Id == attendeeId);
        if (attendee is not null)
        {
            db.MeetingAttendees.Remove(attendee);
            await db.SaveChangesAsync(cancellationToken);
        }

        return MeetingResult.Ok();
    }
}
