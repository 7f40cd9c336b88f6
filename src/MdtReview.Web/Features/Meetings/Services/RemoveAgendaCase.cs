using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Meetings.Services;

/// <summary>
/// Takes a case off a planned meeting's agenda and closes the gap, from the agenda version the user saw. A case with a
/// recorded decision stays.
/// </summary>
public sealed class RemoveAgendaCase(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, ILogger<RemoveAgendaCase> logger)
{
    public async Task<MeetingResult> HandleAsync(int meetingId, int caseId, uint expectedMeetingVersion, CancellationToken cancellationToken = default)
    {
        var user = await currentUser.RequireAsync(Capability.PrepareMeetings, cancellationToken);
        if (user is null)
        {
            return MeetingSupport.Forbidden();
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var meeting = await db.Meetings.Include(m => m.Cases).SingleOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
        if (meeting is null || !MeetingWorkflow.CanRemoveCases(meeting.Status))
        {
            return MeetingSupport.Refused(meeting, "Cases can be removed only before the meeting starts.");
        }

        var meetingCase = meeting.Cases.SingleOrDefault(c => c.Id == caseId);
        if (meeting.Version != expectedMeetingVersion || meetingCase is null)
        {
            return MeetingResult.ConflictWith();
        }

        if (await db.Decisions.AnyAsync(d => d.MeetingCaseId == caseId, cancellationToken))
        {
            return MeetingResult.Fail("", "A decision has been recorded for this case, so it stays on the agenda.");
        }

        meeting.Cases.Remove(meetingCase);
        db.MeetingCases.Remove(meetingCase);
        MeetingSupport.Renumber(meeting.Cases.OrderBy(c => c.Position).ThenBy(c => c.Id).ToList());
        return await MeetingSupport.SaveVersionedAsync(db, meeting, expectedMeetingVersion, logger, user.Id, cancellationToken);
    }
}
