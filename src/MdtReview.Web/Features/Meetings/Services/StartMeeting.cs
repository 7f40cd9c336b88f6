using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Meetings.Services;

/// <summary>Starts a planned meeting, from the version the user saw: decisions can then be recorded and cases no longer removed.</summary>
public sealed class StartMeeting(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, ILogger<StartMeeting> logger)
{
    public async Task<MeetingResult> HandleAsync(int meetingId, uint expectedVersion, CancellationToken cancellationToken = default)
    {
        var user = await currentUser.RequireAsync(Capability.PrepareMeetings, cancellationToken);
        if (user is null)
        {
            return MeetingSupport.Forbidden();
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var meeting = await db.Meetings.SingleOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
        if (meeting is null || !MeetingWorkflow.CanStart(meeting.Status))
        {
            return MeetingSupport.Refused(meeting, "Only a planned meeting can be started.");
        }

        MeetingWorkflow.Start(meeting);
        return await MeetingSupport.SaveVersionedAsync(db, meeting, expectedVersion, logger, user.Id, cancellationToken);
    }
}
