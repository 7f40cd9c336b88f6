using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Meetings.Services;

/// <summary>
/// Closes an in-progress meeting in one save: cases with a final decision become discussed, the chosen undiscussed cases
/// move to a later planned meeting of the same tumour group, and a meeting without quorum records the chair's reason.
/// </summary>
public sealed class CloseMeeting(
    CurrentUserService currentUser,
    IDbContextFactory<MdtReviewDbContext> contextFactory,
    MeetingClock clock,
    ILogger<CloseMeeting> logger)
{
    public async Task<MeetingResult> HandleAsync(int meetingId, MeetingClosure input, uint expectedVersion, CancellationToken cancellationToken = default)
    {
        var user = await currentUser.RequireAsync(Capability.PrepareMeetings, cancellationToken);
        if (user is null)
        {
            return MeetingSupport.Forbidden();
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var meeting = await db.Meetings.Include(m => m.Attendees).Include(m => m.Cases).SingleOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
        if (meeting is null || !MeetingWorkflow.CanClose(meeting.Status))
        {
            return MeetingSupport.Refused(meeting, meeting?.Status == MeetingStatus.Closed ? "The meeting is already closed." : "Start the meeting before closing it.");
        }

        var quorum = Quorum.Evaluate(QuorumRequirement.Of(meeting), meeting.Attendees.Select(a => a.Specialty));
        var reason = input.QuorumReason?.Trim();
        if (!quorum.Met)
        {
            if (meeting.ChairId != user.Id)
            {
                return MeetingResult.Fail(nameof(MeetingClosure.QuorumReason), $"{quorum.Text}. Only the chair can close a meeting without quorum, giving a reason.");
            }

            if (string.IsNullOrEmpty(reason))
            {
                return MeetingResult.Fail(nameof(MeetingClosure.QuorumReason), $"{quorum.Text}. Give the chair's reason for closing without quorum.");
            }

            if (reason.Length > 1000)
            {
                return MeetingResult.Fail(nameof(MeetingClosure.QuorumReason), "Use at most 1000 characters.");
            }
        }

        var caseIds = meeting.Cases.Select(c => c.Id).ToList();
        var decided = await db.Decisions.Where(d => d.MeetingCaseId != null && caseIds.Contains(d.MeetingCaseId.Value) && d.Status == DecisionStatus.Final)
            .Select(d => d.MeetingCaseId!.Value).Distinct().ToListAsync(cancellationToken);
        var toDefer = meeting.Cases.Where(c => input.DeferCaseIds.Contains(c.Id)).ToList();
        if (toDefer.Count != input.DeferCaseIds.Distinct().Count() || !toDefer.All(c => MeetingWorkflow.CanDefer(c, decided)))
        {
            return MeetingResult.Fail(nameof(MeetingClosure.DeferCaseIds), "Only cases of this meeting that were not discussed can be deferred.");
        }

        if (toDefer.Count > 0)
        {
            var target = input.DeferToMeetingId is { } targetId
                ? await db.Meetings.Include(m => m.Cases).SingleOrDefaultAsync(m => m.Id == targetId, cancellationToken)
                : null;
            if (target is null || !MeetingWorkflow.CanDeferTo(meeting, target))
            {
                return MeetingResult.Fail(nameof(MeetingClosure.DeferToMeetingId), $"Choose a later planned {meeting.TumourGroup} meeting to defer the cases to.");
            }

            MeetingWorkflow.Defer(toDefer, target);
            // The target's agenda changed: anyone editing it from an older view gets a conflict, not a silent merge.
            db.Entry(target).State = EntityState.Modified;
        }

        MeetingWorkflow.Close(meeting, decided, clock.UtcNow, quorum.Met ? null : reason);
        return await MeetingSupport.SaveVersionedAsync(db, meeting, expectedVersion, logger, user.Id, cancellationToken);
    }
}
