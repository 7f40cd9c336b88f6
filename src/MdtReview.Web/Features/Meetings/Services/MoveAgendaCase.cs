using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Meetings.Services;

/// <summary>
/// Moves a case one place up (-1) or down (+1) on an open meeting's agenda by swapping it with its neighbour, from the
/// agenda version the user saw: a reorder of an agenda someone else has changed is a conflict.
/// </summary>
public sealed class MoveAgendaCase(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, ILogger<MoveAgendaCase> logger)
{
    public async Task<MeetingResult> HandleAsync(int meetingId, int caseId, int direction, uint expectedMeetingVersion, CancellationToken cancellationToken = default)
    {
        var user = await currentUser.RequireAsync(Capability.PrepareMeetings, cancellationToken);
        if (user is null)
        {
            return MeetingSupport.Forbidden();
        }

        if (direction is not (-1 or 1))
        {
            return MeetingResult.Fail("", "A case moves one place up or down.");
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var meeting = await db.Meetings.Include(m => m.Cases).SingleOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
        if (meeting is null || !MeetingWorkflow.AcceptsChanges(meeting.Status))
        {
            return MeetingSupport.Refused(meeting, MeetingSupport.AgendaClosed);
        }

        var ordered = meeting.Cases.OrderBy(c => c.Position).ThenBy(c => c.Id).ToList();
        var index = ordered.FindIndex(c => c.Id == caseId);
        if (meeting.Version != expectedMeetingVersion || index < 0)
        {
            return MeetingResult.ConflictWith();
        }

        var other = index + direction;
        if (other < 0 || other >= ordered.Count)
        {
            return MeetingResult.Ok(meetingId);
        }

        (ordered[index], ordered[other]) = (ordered[other], ordered[index]);
        MeetingSupport.Renumber(ordered);
        return await MeetingSupport.SaveVersionedAsync(db, meeting, expectedMeetingVersion, logger, user.Id, cancellationToken);
    }
}
