using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Meetings.Run;

public sealed record RunCase(int Id, int Position, int PatientId, string PatientName, string Mrn, string Question, MeetingCaseStatus Status, string? SuggestionReason);

public sealed record MeetingRun(int Id, DateTime StartsAt, string TumourGroup, MeetingStatus Status, bool CanRecordDecisions, IReadOnlyList<RunCase> Cases);

/// <summary>The agenda of a meeting as meeting mode steps through it. Oncologists record; governance leads read.</summary>
public sealed class MeetingRunService(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory)
{
    /// <summary>The meeting with its cases in agenda order, or null when it does not exist or the caller may not see it.</summary>
    public async Task<MeetingRun?> GetAsync(int meetingId, CancellationToken cancellationToken = default)
    {
        var user = await currentUser.RequireAsync(Capability.ViewClinicalData, cancellationToken);
        if (user is null)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var meeting = await db.Meetings.AsNoTracking().Where(m => m.Id == meetingId)
            .Select(m => new { m.Id, m.StartsAt, m.TumourGroup, m.Status }).SingleOrDefaultAsync(cancellationToken);
        if (meeting is null)
        {
            return null;
        }

        var cases = await db.MeetingCases.AsNoTracking().Where(c => c.MeetingId == meetingId)
            .OrderBy(c => c.Position).ThenBy(c => c.Id)
            .Select(c => new { c.Id, c.Position, c.PatientId, c.Patient!.FamilyName, c.Patient.GivenName, c.Patient.Mrn, c.Question, c.Status, c.SuggestionReason })
            .ToListAsync(cancellationToken);
        // A closed meeting's record is history: decisions are amended from the decision itself, not re-run here.
        var canRecord = user.Can(Capability.RecordDecisions) && meeting.Status != MeetingStatus.Closed;
        return new MeetingRun(meeting.Id, meeting.StartsAt, meeting.TumourGroup, meeting.Status, canRecord,
            cases.Select(c => new RunCase(c.Id, c.Position, c.PatientId, $"{c.FamilyName.ToUpperInvariant()}, {c.GivenName}", c.Mrn, c.Question, c.Status, c.SuggestionReason)).ToList());
    }
}
