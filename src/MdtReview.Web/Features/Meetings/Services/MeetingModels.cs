using MdtReview.Clinical.GuidelineCheck;
using MdtReview.Data.Model;
using MdtReview.Data.Seeding;
using MdtReview.Web.Features.Decisions.Services;

namespace MdtReview.Web.Features.Meetings.Services;

public sealed record MeetingRow(int Id, DateTime StartsAt, string TumourGroup, string? ChairName, int CaseCount, MeetingStatus Status);

public sealed record MeetingLists(IReadOnlyList<MeetingRow> Upcoming, IReadOnlyList<MeetingRow> Past, bool CanEdit);

public sealed record PersonOption(string Id, string Name, string? Specialty);

/// <summary>What a list of clinicians is for: choosing a meeting's chair, or recording who attended.</summary>
public enum ClinicianChoice
{
    Chair,
    Attendee,
}

public sealed record NewMeeting(DateOnly? Date, TimeOnly? Time, string? TumourGroup, string? ChairId);

public sealed record AgendaCase(
    int Id, int Position, int PatientId, string PatientName, string Mrn, string? NhsNumber, DateOnly DateOfBirth,
    string Question, string? SuggestionReason, MeetingCaseStatus Status, int TimesDeferred, bool HasFinalDecision,
    DateTime? DeferredToMeetingStartsAt, uint Version)
{
    /// <summary>Deferred twice or more: the roll-over needs the chair's attention rather than a third deferral.</summary>
    public bool DeferredTwice => TimesDeferred >= 2;
}

public sealed record AttendeeView(int Id, string? UserId, string Name, string Specialty)
{
    public bool IsGuest => UserId is null;
}

public sealed record MeetingDetail(
    int Id, DateTime StartsAt, string TumourGroup, string? ChairId, string? ChairName, MeetingStatus Status, uint Version,
    QuorumRequirement Quorum, QuorumStatus QuorumStatus, string? QuorumOverrideReason, DateTime? ClosedAt,
    IReadOnlyList<AgendaCase> Cases, IReadOnlyList<AttendeeView> Attendees, bool CanEdit, bool IsChair)
{
    public bool IsClosed => Status == MeetingStatus.Closed;

    /// <summary>Agenda and attendance can change until the meeting closes, and only for those allowed to edit.</summary>
    public bool Editable => CanEdit && MeetingWorkflow.AcceptsChanges(Status);
}

/// <summary>Why a patient is suggested for the agenda.</summary>
public enum SuggestionKind
{
    ScanSinceLastDiscussion,
    ActiveIraeGrade2OrMore,
    IupdAwaitingConfirmation,
    ScanOverdue,
    NewLabGrade3OrMore,
    TrialReferralStatusChange,
}

public sealed record AgendaReason(SuggestionKind Kind, string Text);

public sealed record PatientSuggestion(int PatientId, string PatientName, string Mrn, string? NhsNumber, IReadOnlyList<AgendaReason> Reasons)
{
    /// <summary>The reasons as one line, as stored on the case (MeetingCase.SuggestionReason).</summary>
    public string ReasonText => string.Join("; ", Reasons.Select(r => r.Text));
}

public sealed record PatientMatch(int Id, string Name, string Mrn, string? NhsNumber, DateOnly DateOfBirth, TumourSite TumourSite);

public sealed record NewAttendee(string? UserId, string? GuestName, string? Specialty);

/// <summary>Closing: the chair's reason when quorum was not met, and the undiscussed cases to defer to a later meeting.</summary>
public sealed record MeetingClosure(string? QuorumReason, int? DeferToMeetingId, IReadOnlyList<int> DeferCaseIds);

public sealed record OutcomeRow(
    int Position, string PatientName, string Mrn, string? NhsNumber, DateOnly DateOfBirth, string Question, MeetingCaseStatus Status,
    int? DecisionId, int? DecisionVersion, DecisionOutcome? Outcome, string? Rationale, string? Conditions, DateOnly? NextReviewDate,
    DateOnly? NextScanDue, string? PlannedNextTreatment, string? InformedBy, DateOnly? InformBy, string? FinalisedBy, DateTime? FinalisedAt);

public sealed record OutcomeList(int MeetingId, DateTime StartsAt, string TumourGroup, string? ChairName, MeetingStatus Status,
    IReadOnlyList<string> Attendees, QuorumStatus QuorumStatus, string? QuorumOverrideReason, IReadOnlyList<OutcomeRow> Rows);

/// <summary>
/// The outcome of a meeting command: success, field-level errors, or a conflict with someone else's change (with their
/// value where there is one, so the user can compare and lose nothing).
/// </summary>
public sealed record MeetingResult(bool Succeeded, IReadOnlyDictionary<string, string> Errors, bool Conflict = false, string? TheirValue = null, int? Id = null, uint? TheirVersion = null)
{
    public const string Forbidden = "Only an oncologist can change meetings.";

    public const string ConflictMessage = "Someone else changed this agenda while you were working on it. Your change was not applied; the agenda now shows the latest version.";

    public static MeetingResult Ok(int? id = null) => new(true, new Dictionary<string, string>(), Id: id);

    public static MeetingResult Fail(string field, string message) => new(false, new Dictionary<string, string> { [field] = message });

    public static MeetingResult Fail(IReadOnlyDictionary<string, string> errors) => new(false, errors);

    public static MeetingResult ConflictWith(string? theirValue = null, uint? theirVersion = null) =>
        new(false, new Dictionary<string, string> { [""] = ConflictMessage }, Conflict: true, TheirValue: theirValue, TheirVersion: theirVersion);

    public string? Error(string field) => Errors.GetValueOrDefault(field);
}

public static class OutcomeNames
{
    public static string Display(DecisionOutcome outcome) => DecisionWording.Outcome(outcome);

    public static string Display(MeetingStatus status) => status switch
    {
        MeetingStatus.Planned => "Planned",
        MeetingStatus.InProgress => "In progress",
        MeetingStatus.Closed => "Closed",
        _ => status.ToString(),
    };

    public static string Display(MeetingCaseStatus status) => status switch
    {
        MeetingCaseStatus.Listed => "Listed",
        MeetingCaseStatus.Discussed => "Discussed",
        MeetingCaseStatus.Deferred => "Deferred",
        _ => status.ToString(),
    };

    public static string Nhs(string? nhs) => NhsNumber.Format(nhs) ?? "—";

    public static string PatientName(string family, string given) => $"{family.ToUpperInvariant()}, {given}";
}
