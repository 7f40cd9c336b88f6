using MdtReview.Clinical.GuidelineCheck;

namespace MdtReview.Data.Model;

public enum DecisionStatus
{
    Draft,
    Final,
}

public enum DeviationReason
{
    Comorbidity,
    PatientChoice,
    NewInformation,
    ClinicalJudgement,
    Other,
}

/// <summary>
/// An MDT decision. A final decision is never edited: an amendment is a new version that points to the one it supersedes.
/// </summary>
public class Decision : IVersioned
{
    public int Id { get; set; }
    public int PatientId { get; set; }
    public Patient? Patient { get; set; }

    /// <summary>Null for a decision made outside a meeting.</summary>
    public int? MeetingCaseId { get; set; }
    public MeetingCase? MeetingCase { get; set; }

    public DecisionOutcome Outcome { get; set; }
    public required string Rationale { get; set; }

    /// <summary>For a pause: the condition to restart, e.g. "until hepatitis ≤ grade 1".</summary>
    public string? Conditions { get; set; }
    public DateOnly? NextReviewDate { get; set; }
    public DateOnly? NextScanDue { get; set; }

    /// <summary>For a switch: the planned next treatment.</summary>
    public string? PlannedNextTreatment { get; set; }

    public string? InformPatientById { get; set; }
    public DateOnly? InformPatientBy { get; set; }
    public DateTime? PatientInformedAt { get; set; }

    /// <summary>For ReferToTrial: the trial and the referral question.</summary>
    public int? TrialId { get; set; }
    public string? ReferralQuestion { get; set; }

    /// <summary>JSON snapshot of the evidence the team saw (lab grades, irAE grades, responses, treatment state), frozen at finalisation.</summary>
    public string? EvidenceSnapshotJson { get; set; }

    /// <summary>JSON of the guideline check findings at finalisation.</summary>
    public string? GuidelineFindingsJson { get; set; }

    /// <summary>True when the decision was made against a guideline finding of severity "must".</summary>
    public bool DeviatesFromGuideline { get; set; }
    public DeviationReason? DeviationReason { get; set; }
    public string? DeviationText { get; set; }

    /// <summary>Version of the clinical rules that produced the snapshot and findings.</summary>
    public string? RulesVersion { get; set; }

    public DecisionStatus Status { get; set; }

    /// <summary>1 for the original decision, then 2, 3… for amendments.</summary>
    public int VersionNumber { get; set; } = 1;
    public int? SupersedesId { get; set; }
    public string? AmendmentReason { get; set; }

    public required string CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? FinalisedById { get; set; }
    public DateTime? FinalisedAt { get; set; }
    public uint Version { get; set; }
}
