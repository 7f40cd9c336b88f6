namespace MdtReview.Data.Model;

public enum MeetingStatus
{
    Planned,
    InProgress,
    Closed,
}

public class Meeting : IVersioned
{
    public int Id { get; set; }

    /// <summary>Start of the meeting (UTC).</summary>
    public DateTime StartsAt { get; set; }
    public required string TumourGroup { get; set; }
    public string? ChairId { get; set; }
    public MeetingStatus Status { get; set; }

    /// <summary>Quorum: the minimum attendance by specialty, e.g. two oncologists and one radiologist.</summary>
    public int QuorumOncologists { get; set; } = 2;
    public int QuorumRadiologists { get; set; } = 1;
    public int QuorumOtherSpecialties { get; set; }

    /// <summary>The chair's reason for closing a meeting that did not reach quorum.</summary>
    public string? QuorumOverrideReason { get; set; }
    public DateTime? ClosedAt { get; set; }
    public uint Version { get; set; }

    public List<MeetingAttendee> Attendees { get; set; } = [];
    public List<MeetingCase> Cases { get; set; } = [];
}

public class MeetingAttendee
{
    public int Id { get; set; }
    public int MeetingId { get; set; }

    /// <summary>The user when the attendee has an account; guests are recorded by name.</summary>
    public string? UserId { get; set; }
    public required string Name { get; set; }

    /// <summary>Role or specialty, e.g. "Medical oncologist", "Radiologist", "Clinical nurse specialist".</summary>
    public required string Specialty { get; set; }
}

public enum MeetingCaseStatus
{
    Listed,
    Discussed,
    Deferred,
}

public class MeetingCase : IVersioned
{
    public int Id { get; set; }
    public int MeetingId { get; set; }
    public Meeting? Meeting { get; set; }
    public int PatientId { get; set; }
    public Patient? Patient { get; set; }

    /// <summary>Position on the agenda, from 1.</summary>
    public int Position { get; set; }

    /// <summary>The question for the MDT.</summary>
    public required string Question { get; set; }
    public string? PresenterId { get; set; }
    public MeetingCaseStatus Status { get; set; }

    /// <summary>Why the case was suggested for the agenda, or null when added by hand.</summary>
    public string? SuggestionReason { get; set; }

    /// <summary>The case this one was deferred from, so a twice-deferred patient can be flagged.</summary>
    public int? DeferredFromCaseId { get; set; }
    public uint Version { get; set; }
}

/// <summary>
/// A meeting's life: <c>Planned → InProgress → Closed</c>. The one place that says which moves are allowed, what may still
/// change in each state, and what closing does to the agenda.
/// </summary>
public static class MeetingWorkflow
{
    public static bool CanStart(MeetingStatus status) => status == MeetingStatus.Planned;

    public static bool CanClose(MeetingStatus status) => status == MeetingStatus.InProgress;

    /// <summary>Agenda and attendance change until the meeting closes: what was decided is then the record.</summary>
    public static bool AcceptsChanges(MeetingStatus status) => status != MeetingStatus.Closed;

    /// <summary>A started meeting keeps its agenda: its undiscussed cases are deferred at close instead.</summary>
    public static bool CanRemoveCases(MeetingStatus status) => status == MeetingStatus.Planned;

    /// <summary>Only a case still waiting for discussion, with no final decision, can move to a later meeting.</summary>
    public static bool CanDefer(MeetingCase meetingCase, IReadOnlyCollection<int> decidedCaseIds) =>
        meetingCase.Status == MeetingCaseStatus.Listed && !decidedCaseIds.Contains(meetingCase.Id);

    /// <summary>Cases are deferred to a later planned meeting of the same tumour group.</summary>
    public static bool CanDeferTo(Meeting from, Meeting target) =>
        target.Id != from.Id && target.Status == MeetingStatus.Planned && target.StartsAt > from.StartsAt &&
        string.Equals(target.TumourGroup, from.TumourGroup, StringComparison.OrdinalIgnoreCase);

    public static void Start(Meeting meeting)
    {
        if (!CanStart(meeting.Status))
        {
            throw new InvalidOperationException($"A {meeting.Status} meeting cannot be started.");
        }

        meeting.Status = MeetingStatus.InProgress;
    }

    /// <summary>
    /// Closes the meeting: listed cases with a final decision become discussed, and a meeting without quorum keeps the
    /// chair's reason. Cases neither decided nor deferred stay listed.
    /// </summary>
    public static void Close(Meeting meeting, IReadOnlyCollection<int> decidedCaseIds, DateTime closedAt, string? quorumOverrideReason)
    {
        if (!CanClose(meeting.Status))
        {
            throw new InvalidOperationException($"A {meeting.Status} meeting cannot be closed.");
        }

        foreach (var meetingCase in meeting.Cases.Where(c => c.Status == MeetingCaseStatus.Listed && decidedCaseIds.Contains(c.Id)))
        {
            meetingCase.Status = MeetingCaseStatus.Discussed;
        }

        meeting.Status = MeetingStatus.Closed;
        meeting.ClosedAt = closedAt;
        meeting.QuorumOverrideReason = quorumOverrideReason;
    }

    /// <summary>
    /// Marks the cases deferred and lists each on the target's agenda after its last case, linked to the case it came from.
    /// A patient already on the target's agenda keeps that case, which takes the link if it has none.
    /// </summary>
    public static void Defer(IEnumerable<MeetingCase> cases, Meeting target)
    {
        var position = target.Cases.Count == 0 ? 0 : target.Cases.Max(c => c.Position);
        foreach (var meetingCase in cases.OrderBy(c => c.Position))
        {
            meetingCase.Status = MeetingCaseStatus.Deferred;
            var existing = target.Cases.FirstOrDefault(c => c.PatientId == meetingCase.PatientId);
            if (existing is not null)
            {
                existing.DeferredFromCaseId ??= meetingCase.Id;
                continue;
            }

            target.Cases.Add(new MeetingCase
            {
                PatientId = meetingCase.PatientId,
                Position = ++position,
                Question = meetingCase.Question,
                PresenterId = meetingCase.PresenterId,
                SuggestionReason = meetingCase.SuggestionReason,
                Status = MeetingCaseStatus.Listed,
                DeferredFromCaseId = meetingCase.Id,
            });
        }
    }
}
