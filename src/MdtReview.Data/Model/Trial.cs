namespace MdtReview.Data.Model;

public enum TrialStatus
{
    Recruiting,
    Paused,
    Closed,
}

public enum TrialTeamRole
{
    PrincipalInvestigator,
    SubInvestigator,
    ResearchNurse,
    TrialCoordinator,
}

public class Trial : IVersioned
{
    public int Id { get; set; }
    public required string Title { get; set; }

    /// <summary>NCT, ISRCTN or EudraCT identifier.</summary>
    public required string RegistryId { get; set; }
    public required string Phase { get; set; }

    /// <summary>Tumour sites the trial recruits, comma separated.</summary>
    public required string TumourSites { get; set; }
    public TrialStatus Status { get; set; }
    public required string EligibilitySummary { get; set; }
    public uint Version { get; set; }

    public List<TrialTeamMember> Team { get; set; } = [];
    public List<TrialCriterion> Criteria { get; set; } = [];
}

public class TrialTeamMember
{
    public int Id { get; set; }
    public int TrialId { get; set; }
    public required string UserId { get; set; }
    public TrialTeamRole Role { get; set; }
}

/// <summary>A key eligibility criterion, checked off during screening.</summary>
public class TrialCriterion
{
    public int Id { get; set; }
    public int TrialId { get; set; }
    public int Position { get; set; }
    public required string Text { get; set; }
    public bool IsExclusion { get; set; }
}

/// <summary>Referral states; each maps to a FHIR R4 ResearchSubject.status (see <see cref="ReferralStatusFhir"/>).</summary>
public enum ReferralStatus
{
    Referred,
    Screening,
    Eligible,
    Enrolled,
    Ineligible,
    Declined,
    Withdrawn,
}

public static class ReferralStatusFhir
{
    /// <summary>FHIR R4 ResearchSubject.status code (http://hl7.org/fhir/R4/valueset-research-subject-status.html).</summary>
    public static string ToFhirCode(this ReferralStatus status) => status switch
    {
        ReferralStatus.Referred => "candidate",
        ReferralStatus.Screening => "pending-on-study",
        ReferralStatus.Eligible => "eligible",
        ReferralStatus.Enrolled => "on-study",
        ReferralStatus.Ineligible => "ineligible",
        ReferralStatus.Declined => "not-registered",
        ReferralStatus.Withdrawn => "withdrawn",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}

public class TrialReferral : IVersioned
{
    public int Id { get; set; }
    public int TrialId { get; set; }
    public Trial? Trial { get; set; }
    public int PatientId { get; set; }
    public Patient? Patient { get; set; }
    public int? DecisionId { get; set; }
    public required string Question { get; set; }
    public string? Reason { get; set; }
    public ReferralStatus Status { get; set; }
    public required string ReferredById { get; set; }
    public DateTime ReferredAt { get; set; }
    public uint Version { get; set; }

    public List<TrialReferralTransition> Transitions { get; set; } = [];
}

public class TrialReferralTransition
{
    public int Id { get; set; }
    public int TrialReferralId { get; set; }
    public ReferralStatus FromStatus { get; set; }
    public ReferralStatus ToStatus { get; set; }
    public DateTime At { get; set; }
    public required string ById { get; set; }

    /// <summary>Required where the transition ends the referral (ineligible, declined, withdrawn).</summary>
    public string? Reason { get; set; }

    /// <summary>For ineligible: the checklist criteria that failed, as their positions (comma separated).</summary>
    public string? FailedCriteria { get; set; }
}

/// <summary>
/// The screening workflow: <c>Referred → Screening → Eligible → Enrolled</c>, ending early as <c>Ineligible</c>, <c>Declined</c>
/// or <c>Withdrawn</c>. The one place that says which states are open and which moves are allowed.
/// </summary>
public static class ReferralWorkflow
{
    /// <summary>States in which the referral is still live: a second referral of the same patient to the same trial is refused
    /// (the filtered unique index <c>IX_TrialReferrals_PatientId_TrialId_Open</c> enforces the same set).</summary>
    public static IReadOnlyList<ReferralStatus> OpenStatuses { get; } =
        [ReferralStatus.Referred, ReferralStatus.Screening, ReferralStatus.Eligible, ReferralStatus.Enrolled];

    public static bool IsOpen(ReferralStatus status) => OpenStatuses.Contains(status);

    /// <summary>States that end the referral; moving into one needs a reason.</summary>
    public static bool EndsReferral(ReferralStatus status) =>
        status is ReferralStatus.Ineligible or ReferralStatus.Declined or ReferralStatus.Withdrawn;

    /// <summary>The states a referral may move to next. Ineligibility can be found on paper before formal screening.</summary>
    public static IReadOnlyList<ReferralStatus> NextStatuses(ReferralStatus from) => from switch
    {
        ReferralStatus.Referred => [ReferralStatus.Screening, ReferralStatus.Ineligible, ReferralStatus.Declined, ReferralStatus.Withdrawn],
        ReferralStatus.Screening => [ReferralStatus.Eligible, ReferralStatus.Ineligible, ReferralStatus.Declined, ReferralStatus.Withdrawn],
        ReferralStatus.Eligible => [ReferralStatus.Enrolled, ReferralStatus.Declined, ReferralStatus.Withdrawn],
        ReferralStatus.Enrolled => [ReferralStatus.Withdrawn],
        _ => [],
    };

    public static bool CanMove(ReferralStatus from, ReferralStatus to) => NextStatuses(from).Contains(to);
}
