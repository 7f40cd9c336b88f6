using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Meetings.Services;

/// <summary>
/// Adds a patient at the end of a meeting's agenda with the question for the MDT, and why it was suggested when it was.
/// Appending does not depend on the order the user saw, so it needs no version; a concurrent add is still a conflict.
/// </summary>
public sealed class AddCaseToAgenda(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, ILogger<AddCaseToAgenda> logger)
{
    public async Task<MeetingResult> HandleAsync(int meetingId, int patientId, string? question, string? suggestionReason, CancellationToken cancellationToken = default)
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
        var meeting = await db.Meetings.Include(m => m.Cases).SingleOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
        if (meeting is null || !MeetingWorkflow.AcceptsChanges(meeting.Status))
        {
            return MeetingSupport.Refused(meeting, MeetingSupport.AgendaClosed);
        }

        if (!await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            return MeetingResult.Fail("Patient", "Choose a patient.");
        }

        if (meeting.Cases.Any(c => c.PatientId == patientId))
        {
            return MeetingResult.Fail("Patient", "This patient is already on the agenda.");
        }

        var reason = string.IsNullOrWhiteSpace(suggestionReason) ? null : suggestionReason.Trim();
        if (reason is { Length: > 500 })
        {
            reason = reason[..500];
        }

        var meetingCase = new MeetingCase
        {
            PatientId = patientId,
            Position = meeting.Cases.Count == 0 ? 1 : meeting.Cases.Max(c => c.Position) + 1,
            Question = question!.Trim(),
            PresenterId = user.Id,
            SuggestionReason = reason,
            Status = MeetingCaseStatus.Listed,
        };
        meeting.Cases.Add(meetingCase);
        // The meeting's version moves with every agenda change; a concurrent add that read the same positions fails here.
        db.Entry(meeting).State = EntityState.Modified;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            logger.LogWarning(ex, "Meeting {MeetingId}'s agenda changed while user {UserId} was adding a case; the add was refused as a conflict", meetingId, user.Id);
            return MeetingResult.ConflictWith();
        }

        return MeetingResult.Ok(meetingCase.Id);
    }
}
