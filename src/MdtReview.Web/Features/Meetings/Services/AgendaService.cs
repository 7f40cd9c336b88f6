using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Meetings.Services;

/// <summary>
/// The cases on a meeting's agenda: add (suggested or by hand), the question for the MDT, order, removal. Changes to the
/// agenda's shape carry the meeting's version the user saw, so two people editing it see a conflict, not a silent overwrite.
/// </summary>
public sealed class AgendaService(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory)
{
    public const int QuestionMaxLength = 1000;


    /// <summary>Patients by name, MRN or NHS number, for adding by hand.</summary>
    public async Task<IReadOnlyList<PatientMatch>> SearchPatientsAsync(string? term, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.PrepareMeetings, cancellationToken) is null || string.IsNullOrWhiteSpace(term) || term.Trim().Length < 2)
        {
            return [];
        }

        var text = term.Trim();
        var upper = text.ToUpperInvariant();
        var digits = new string(text.Where(char.IsDigit).ToArray());
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Patients.AsNoTracking()
            .Where(p => p.FamilyName.ToUpper().StartsWith(upper) || p.GivenName.ToUpper().StartsWith(upper) ||
                        p.Mrn.ToUpper() == upper || (digits.Length == 10 && p.NhsNumber == digits))
            .OrderBy(p => p.FamilyName).ThenBy(p => p.GivenName).ThenBy(p => p.Id)
            .Take(20)
            .Select(p => new { p.Id, p.FamilyName, p.GivenName, p.Mrn, p.NhsNumber, p.DateOfBirth, p.TumourSite })
            .ToListAsync(cancellationToken);
        return rows.Select(p => new PatientMatch(p.Id, OutcomeNames.PatientName(p.FamilyName, p.GivenName), p.Mrn, p.NhsNumber, p.DateOfBirth, p.TumourSite)).ToList();
    }

    /// <summary>Adds a patient at the end of the agenda. Appending does not depend on the order the user saw, so it needs no version.</summary>
    public async Task<MeetingResult> AddCaseAsync(int meetingId, int patientId, string? question, string? suggestionReason, CancellationToken cancellationToken = default)
    {
        var user = await currentUser.RequireAsync(Capability.PrepareMeetings, cancellationToken);
        if (user is null)
        {
            return MeetingResult.Fail("", MeetingResult.Forbidden);
        }

        if (ValidateQuestion(question) is { } error)
        {
            return MeetingResult.Fail("Question", error);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var meeting = await db.Meetings.Include(m => m.Cases).SingleOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
        if (meeting is null)
        {
            return MeetingResult.Fail("", "This meeting no longer exists.");
        }

        if (meeting.Status == MeetingStatus.Closed)
        {
            return MeetingResult.Fail("", "The meeting is closed; its agenda can no longer change.");
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
        catch (DbUpdateConcurrencyException)
        {
            return MeetingResult.ConflictWith();
        }

        return MeetingResult.Ok(meetingCase.Id);
    }

    /// <summary>Changes a case's question; a concurrent change by someone else comes back as a conflict with their text.</summary>
    public async Task<MeetingResult> UpdateQuestionAsync(int caseId, string? question, uint expectedVersion, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.PrepareMeetings, cancellationToken) is null)
        {
            return MeetingResult.Fail("", MeetingResult.Forbidden);
        }

        if (ValidateQuestion(question) is { } error)
        {
            return MeetingResult.Fail("Question", error);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var meetingCase = await db.MeetingCases.Include(c => c.Meeting).SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (meetingCase is null)
        {
            return MeetingResult.Fail("", "This case is no longer on the agenda.");
        }

        if (meetingCase.Meeting!.Status == MeetingStatus.Closed)
        {
            return MeetingResult.Fail("", "The meeting is closed; its agenda can no longer change.");
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
        catch (DbUpdateConcurrencyException)
        {
            await using var fresh = await contextFactory.CreateDbContextAsync(cancellationToken);
            var theirs = await fresh.MeetingCases.AsNoTracking().Where(c => c.Id == caseId).Select(c => new { c.Question, c.Version }).SingleOrDefaultAsync(cancellationToken);
            return MeetingResult.ConflictWith(theirs?.Question, theirs?.Version);
        }
    }

    /// <summary>Moves a case one place up (-1) or down (+1) by swapping it with its neighbour.</summary>
    public async Task<MeetingResult> MoveCaseAsync(int meetingId, int caseId, int direction, uint expectedMeetingVersion, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.PrepareMeetings, cancellationToken) is null)
        {
            return MeetingResult.Fail("", MeetingResult.Forbidden);
        }

        if (direction is not (-1 or 1))
        {
            return MeetingResult.Fail("", "A case moves one place up or down.");
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var meeting = await db.Meetings.Include(m => m.Cases).SingleOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
        if (meeting is null)
        {
            return MeetingResult.Fail("", "This meeting no longer exists.");
        }

        if (meeting.Status == MeetingStatus.Closed)
        {
            return MeetingResult.Fail("", "The meeting is closed; its agenda can no longer change.");
        }

        if (meeting.Version != expectedMeetingVersion)
        {
            return MeetingResult.ConflictWith();
        }

        var ordered = meeting.Cases.OrderBy(c => c.Position).ThenBy(c => c.Id).ToList();
        var index = ordered.FindIndex(c => c.Id == caseId);
        if (index < 0)
        {
            return MeetingResult.ConflictWith();
        }

        var other = index + direction;
        if (other < 0 || other >= ordered.Count)
        {
            return MeetingResult.Ok(meetingId);
        }

        (ordered[index], ordered[other]) = (ordered[other], ordered[index]);
        Renumber(ordered);
        return await MeetingService.SaveVersionedAsync(db, meeting, expectedMeetingVersion, cancellationToken);
    }

    /// <summary>Removes a case from a planned meeting (a started meeting keeps its agenda: undiscussed cases are deferred at close).</summary>
    public async Task<MeetingResult> RemoveCaseAsync(int meetingId, int caseId, uint expectedMeetingVersion, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.PrepareMeetings, cancellationToken) is null)
        {
            return MeetingResult.Fail("", MeetingResult.Forbidden);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var meeting = await db.Meetings.Include(m => m.Cases).SingleOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
        if (meeting is null)
        {
            return MeetingResult.Fail("", "This meeting no longer exists.");
        }

        if (meeting.Status != MeetingStatus.Planned)
        {
            return MeetingResult.Fail("", "Cases can be removed only before the meeting starts.");
        }

        if (meeting.Version != expectedMeetingVersion)
        {
            return MeetingResult.ConflictWith();
        }

        var meetingCase = meeting.Cases.SingleOrDefault(c => c.Id == caseId);
        if (meetingCase is null)
        {
            return MeetingResult.ConflictWith();
        }

        if (await db.Decisions.AnyAsync(d => d.MeetingCaseId == caseId, cancellationToken))
        {
            return MeetingResult.Fail("", "A decision has been recorded for this case, so it stays on the agenda.");
        }

        meeting.Cases.Remove(meetingCase);
        db.MeetingCases.Remove(meetingCase);
        Renumber(meeting.Cases.OrderBy(c => c.Position).ThenBy(c => c.Id).ToList());
        return await MeetingService.SaveVersionedAsync(db, meeting, expectedMeetingVersion, cancellationToken);
    }

    private static void Renumber(List<MeetingCase> ordered)
    {
        for (var i = 0; i < ordered.Count; i++)
        {
            if (ordered[i].Position != i + 1)
            {
                ordered[i].Position = i + 1;
            }
        }
    }

    private static string? ValidateQuestion(string? question) =>
        string.IsNullOrWhiteSpace(question) ? "Enter the question for the MDT."
        : question.Trim().Length > QuestionMaxLength ? $"Use at most {QuestionMaxLength} characters."
        : null;
}
