using MdtReview.Clinical.GuidelineCheck;
using MdtReview.Data.Evidence;
using MdtReview.Data.Model;

namespace MdtReview.Web.Features.Decisions.Services;

/// <summary>
/// The editable fields of a decision as the form holds them. <see cref="Id"/> is null until the first autosave creates
/// the draft; <see cref="Version"/> is the concurrency token the form last saw.
/// </summary>
public sealed class DecisionDraft
{
    public int? Id { get; set; }
    public uint Version { get; set; }
    public int PatientId { get; set; }
    public int? MeetingCaseId { get; set; }
    public DecisionStatus Status { get; set; } = DecisionStatus.Draft;

    /// <summary>Null until the team chooses one; nothing is saved before that.</summary>
    public DecisionOutcome? Outcome { get; set; }
    public string Rationale { get; set; } = "";
    public string? Conditions { get; set; }
    public DateOnly? NextReviewDate { get; set; }
    public DateOnly? NextScanDue { get; set; }
    public string? PlannedNextTreatment { get; set; }
    public string? InformPatientById { get; set; }
    public DateOnly? InformPatientBy { get; set; }
    public int? TrialId { get; set; }
    public string? ReferralQuestion { get; set; }
    public DeviationReason? DeviationReason { get; set; }
    public string? DeviationText { get; set; }

    public int VersionNumber { get; set; } = 1;
    public int? SupersedesId { get; set; }
    public string? AmendmentReason { get; set; }

    public DateTime? UpdatedAt { get; set; }
    public string? FinalisedByName { get; set; }
    public DateTime? FinalisedAt { get; set; }

    public DecisionDraft Copy() => (DecisionDraft)MemberwiseClone();

    internal static DecisionDraft From(Decision d, string? finalisedByName = null) => new()
    {
        Id = d.Id,
        Version = d.Version,
        PatientId = d.PatientId,
        MeetingCaseId = d.MeetingCaseId,
        Status = d.Status,
        Outcome = d.Outcome,
        Rationale = d.Rationale,
        Conditions = d.Conditions,
        NextReviewDate = d.NextReviewDate,
        NextScanDue = d.NextScanDue,
        PlannedNextTreatment = d.PlannedNextTreatment,
        InformPatientById = d.InformPatientById,
        InformPatientBy = d.InformPatientBy,
        TrialId = d.TrialId,
        ReferralQuestion = d.ReferralQuestion,
        DeviationReason = d.DeviationReason,
        DeviationText = d.DeviationText,
        VersionNumber = d.VersionNumber,
        SupersedesId = d.SupersedesId,
        AmendmentReason = d.AmendmentReason,
        UpdatedAt = d.UpdatedAt,
        FinalisedByName = finalisedByName,
        FinalisedAt = d.FinalisedAt,
    };
}

public sealed record ClinicianOption(string Id, string Name);

public sealed record TrialOption(int Id, string Title, string RegistryId, TrialStatus Status);

/// <summary>A version of a decision for the history list.</summary>
public sealed record DecisionVersionRow(int Id, int VersionNumber, DecisionStatus Status, DecisionOutcome Outcome, DateTime? FinalisedAt, string? FinalisedBy, string? AmendmentReason);

/// <summary>
/// Everything the decision form needs for one patient (and, in a meeting, one case). <see cref="NoNewDecisionReason"/> says
/// why no original decision may be recorded here (the meeting is closed, the case was deferred): the form is not shown.
/// </summary>
public sealed record DecisionEditor(
    int PatientId,
    string PatientName,
    string Mrn,
    int? MeetingCaseId,
    bool CanEdit,
    CaseEvidence Evidence,
    DecisionDraft Draft,
    IReadOnlyList<DecisionVersionRow> History,
    IReadOnlyList<TrialOption> RecruitingTrials,
    IReadOnlyList<ClinicianOption> Clinicians,
    string? ScheduleBasis,
    string? NoNewDecisionReason = null);

public enum DecisionResultKind
{
    Saved,
    Finalised,

    /// <summary>The decision was already final (a repeated finalise): nothing changed, the final record is returned.</summary>
    AlreadyFinal,
    Conflict,
    Invalid,
    Forbidden,
    NotFound,
}

/// <summary>
/// The outcome of a save, finalise or amend. On <see cref="DecisionResultKind.Conflict"/> <see cref="Theirs"/> is the
/// stored version the caller's edit collided with; the caller's own fields are never discarded by the service.
/// </summary>
public sealed record DecisionResult(
    DecisionResultKind Kind,
    DecisionDraft? Draft = null,
    DecisionDraft? Theirs = null,
    IReadOnlyDictionary<string, string>? Errors = null,
    string? Message = null)
{
    public bool Succeeded => Kind is DecisionResultKind.Saved or DecisionResultKind.Finalised or DecisionResultKind.AlreadyFinal;

    public IReadOnlyDictionary<string, string> FieldErrors => Errors ?? new Dictionary<string, string>();
}

public enum PatientInformedOutcome
{
    Recorded,

    /// <summary>It was recorded before (by anyone): nothing changed; <see cref="PatientInformedResult.InformedAt"/> is the stored time.</summary>
    AlreadyRecorded,
    Invalid,
    Forbidden,
    NotFound,
}

/// <summary>The outcome of recording that the patient was informed; <see cref="Message"/> says what to correct.</summary>
public sealed record PatientInformedResult(PatientInformedOutcome Outcome, DateTime? InformedAt = null, string? Message = null);
