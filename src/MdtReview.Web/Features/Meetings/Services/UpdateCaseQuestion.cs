using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Meetings.Services;

/// <summary>
/// Changes the question for the MDT on a case of an open meeting, from the version the user saw; a change by someone else
/// meanwhile comes back as a conflict with their text, so the user can compare and lose nothing.
/// </summary>
public sealed class UpdateCaseQuestion(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, ILogger<UpdateCaseQuestion> logger)
{
    public async Task<MeetingResult> HandleAsync(int caseId, string? question, uint expectedVersion, CancellationToken cancellationToken = default)
    {
        var user = await currentUser.RequireAsync(Capability.PrepareMeetings, cancellationToken);
        if (user is null)
        {
            return MeetingSupport.Forbidden();
        }

        if (MeetingSupport.ValidateQuestion(question) is { } error)
        {
            return MeetingResult.Fail("Question", error);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var meetingCase = await db.MeetingCases.Include(c => c.Meeting).SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (meetingCase is null)
        {
            return MeetingResult.Fail("", "This case is no longer on the agenda.");
        }

        if (!MeetingWorkflow.AcceptsChanges(meetingCase.Meeting!.Status))
        {
            return MeetingResult.Fail("", MeetingSupport.AgendaClosed);
        }

        if (meetingCase.Version != expectedVersion)
        {
            return MeetingResult.ConflictWith(meetingCase.Question, meetingCase.Version);
        }

        meetingCase.Question = question!.Trim();
        db.Entry(meetingCase).Property(c => c.Version).OriginalValue = expectedVersion;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return MeetingResult.Ok(caseId);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            logger.LogWarning(ex, "Case {CaseId} of meeting {MeetingId} changed while user {UserId} was editing its question; the edit was refused as a conflict",
                caseId, meetingCase.MeetingId, user.Id);
            await using var fresh = await contextFactory.CreateDbContextAsync(cancellationToken);
            var theirs = await fresh.MeetingCases.AsNoTracking().Where(c => c.Id == caseId).Select(c => new { c.Question, c.Version }).SingleOrDefaultAsync(cancellationToken);
            return MeetingResult.ConflictWith(theirs?.Question, theirs?.Version);
        }
    }
}
