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
