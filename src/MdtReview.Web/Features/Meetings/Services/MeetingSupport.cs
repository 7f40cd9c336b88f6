using MdtReview.Data;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Meetings.Services;

/// <summary>The queries, checks and the versioned save that more than one meeting use case needs.</summary>
internal static class MeetingSupport
{
    public const int QuestionMaxLength = 1000;

    public const string MeetingGone = "This meeting no longer exists.";

    public const string AttendanceClosed = "The meeting is closed; its attendance can no longer change.";

    public const string AgendaClosed = "The meeting is closed; its agenda can no longer change.";

    public static MeetingResult Forbidden() => MeetingResult.Fail("", MeetingResult.Forbidden);

    /// <summary>The refusal of a change to a meeting that is gone, or whose state does not allow the change.</summary>
    public static MeetingResult Refused(Meeting? meeting, string whenNotAllowed) => MeetingResult.Fail("", meeting is null ? MeetingGone : whenNotAllowed);

    public static string? ValidateQuestion(string? question) =>
        string.IsNullOrWhiteSpace(question) ? "Enter the question for the MDT."
        : question.Trim().Length > QuestionMaxLength ? $"Use at most {QuestionMaxLength} characters."
        : null;

    /// <summary>Positions from 1 in the given order; only cases whose position changes are written.</summary>
    public static void Renumber(List<MeetingCase> ordered)
    {
        for (var i = 0; i < ordered.Count; i++)
        {
            if (ordered[i].Position != i + 1)
            {
                ordered[i].Position = i + 1;
            }
        }
    }

    /// <summary>Saves with the caller's version as the concurrency token, so a change based on an older view is refused.</summary>
    public static async Task<MeetingResult> SaveVersionedAsync(
        MdtReviewDbContext db, Meeting meeting, uint expectedVersion, ILogger logger, string userId, CancellationToken cancellationToken)
    {
        var entry = db.Entry(meeting);
        if (entry.State == EntityState.Unchanged)
        {
            entry.State = EntityState.Modified;
        }

        entry.Property(m => m.Version).OriginalValue = expectedVersion;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return MeetingResult.Ok(meeting.Id);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            logger.LogWarning(ex, "Meeting {MeetingId} changed since version {ExpectedVersion}; the change by user {UserId} was refused as a conflict",
                meeting.Id, expectedVersion, userId);
            return MeetingResult.ConflictWith();
        }
    }

    /// <summary>Meeting rows with their chair's name, in no particular order.</summary>
    public static async Task<List<MeetingRow>> RowsAsync(MdtReviewDbContext db, IQueryable<Meeting> meetings, CancellationToken cancellationToken)
    {
        var found = await meetings.AsNoTracking()
            .Select(m => new { m.Id, m.StartsAt, m.TumourGroup, m.ChairId, m.Status, Cases = m.Cases.Count })
            .ToListAsync(cancellationToken);
        var names = await UserNamesAsync(db, found.Select(m => m.ChairId), cancellationToken);
        return found.Select(m => new MeetingRow(m.Id, m.StartsAt, m.TumourGroup, m.ChairId is null ? null : names.GetValueOrDefault(m.ChairId), m.Cases, m.Status)).ToList();
    }

    public static async Task<Dictionary<string, string>> UserNamesAsync(MdtReviewDbContext db, IEnumerable<string?> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.OfType<string>().Distinct().ToList();
        return wanted.Count == 0
            ? []
            : await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
    }

    public static IQueryable<ApplicationUser> ActiveUsersInRoles(MdtReviewDbContext db, string[] roles) =>
        db.Users.Where(u => !u.IsDisabled && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && roles.Contains(r.Name!))));
}
