using MdtReview.Clinical.Irae;
using MdtReview.Data.Evidence;
using MdtReview.Data.Model;

namespace MdtReview.Web.Features.Referrals.Services;

/// <summary>A trial the caller can filter by (and, on its team, screen for and export the log of).</summary>
public sealed record ReferralTrialOption(int Id, string ShortName, string RegistryId, bool OnTeam);

/// <summary>
/// One row of the referral list: the minimum the trial team needs to triage, never the patient's name or numbers.
/// <see cref="IsNew"/>: nobody has started screening yet.
/// </summary>
public sealed record ReferralRow(
    int Id, int TrialId, string TrialShortName, string PatientInitials, int AgeYears, Sex Sex, TumourSite TumourSite,
    DateTime ReferredAt, ReferralStatus Status, DateTime LastChangeAt)
{
    public bool IsNew => Status == ReferralStatus.Referred;
}

public sealed record ReferralListFilter(int? TrialId = null, bool OpenOnly = true);

/// <summary>The caller's referral list; <see cref="Refused"/> for a role that has no referral workspace.</summary>
public sealed record ReferralList(bool Allowed, IReadOnlyList<ReferralRow> Rows, IReadOnlyList<ReferralTrialOption> Trials)
{
    public static ReferralList Refused { get; } = new(false, [], []);
}

public sealed record ReferralCriterionView(int Position, string Text, bool IsExclusion);

public sealed record ReferralTrialView(
    int Id, string ShortName, string Title, string RegistryId, string Phase, TrialStatus Status, string EligibilitySummary,
    IReadOnlyList<ReferralCriterionView> Criteria);

public sealed record BiomarkerView(string Name, string Result, DateOnly? TestedOn);

/// <summary>One systemic treatment course: a prior (or current) line.</summary>
public sealed record TreatmentLineView(string Regimen, int LineOfTherapy, DateOnly StartDate, DateOnly? EndDate, TreatmentStatus Status);

public sealed record IraeSummaryView(IraeCategory Category, string Term, int Grade, DateOnly Onset);

/// <summary>
/// The minimum patient summary a trial team needs to screen (issue 6): age, sex, diagnosis and stage, biomarkers, ECOG,
/// prior lines, latest response, active irAEs and recent labs. No name, MRN, NHS number or address, by construction.
/// Responses and lab grades come from the clinical library through <see cref="CaseEvidence"/>.
/// </summary>
public sealed record ReferralPatientSummary(
    int AgeYears, Sex Sex, TumourSite TumourSite, string Histology, string Stage, DateOnly DiagnosisDate,
    IReadOnlyList<BiomarkerView> Biomarkers, EcogEvidence? Ecog, IReadOnlyList<TreatmentLineView> TreatmentLines,
    ResponseEvidence? LatestResponse, IReadOnlyList<string> ResponseErrors, IReadOnlyList<IraeSummaryView> ActiveIraes,
    IReadOnlyList<LabEvidence> Labs)
{
    public int PriorLines => TreatmentLines.Count;
}

/// <summary>One step of the screening history, with the FHIR ResearchSubject status it maps to.</summary>
public sealed record ReferralTransitionView(
    DateTime At, string ByName, ReferralStatus From, ReferralStatus To, string ToFhirCode, string? Reason, IReadOnlyList<string> FailedCriteria);

public sealed record ReferralDetail(
    int Id, uint Version, ReferralStatus Status, string Question, string? Reason, string ReferredByName, DateTime ReferredAt,
    ReferralTrialView Trial, ReferralPatientSummary Patient, IReadOnlyList<ReferralTransitionView> History,
    bool CanScreen, IReadOnlyList<ReferralStatus> NextStatuses)
{
    public string FhirCode => Status.ToFhirCode();
}

/// <summary>A screening step the user asks for.</summary>
public sealed record ReferralTransitionRequest(ReferralStatus To, string? Reason = null, IReadOnlyCollection<int>? FailedCriteria = null);

public enum ReferralCommandOutcome
{
    Saved,
    Invalid,
    NotFound,
    Forbidden,
    Conflict,
}

/// <summary>The referral as it now stands after someone else changed it first.</summary>
public sealed record ReferralConflict(string Message, ReferralStatus CurrentStatus, uint CurrentVersion, string? LastChangedBy, DateTime? LastChangedAt);

/// <summary>The outcome of a screening command: saved, or why nothing was written (field-level messages keyed by field name).</summary>
public sealed record ReferralCommandResult(ReferralCommandOutcome Outcome, IReadOnlyDictionary<string, string> Errors, ReferralConflict? Conflict = null)
{
    public const string FormKey = "";

    /// <summary>The same words for a referral that does not exist and one the caller may not see.</summary>
    public const string NotFoundMessage = "This referral does not exist or you do not have access to it.";

    public const string ForbiddenMessage = "Only the trial's team can record screening outcomes.";

    public bool Succeeded => Outcome == ReferralCommandOutcome.Saved;

    public static ReferralCommandResult Saved() => new(ReferralCommandOutcome.Saved, new Dictionary<string, string>());

    public static ReferralCommandResult NotFound() => new(ReferralCommandOutcome.NotFound, new Dictionary<string, string> { [FormKey] = NotFoundMessage });

    public static ReferralCommandResult Forbidden() => new(ReferralCommandOutcome.Forbidden, new Dictionary<string, string> { [FormKey] = ForbiddenMessage });

    public static ReferralCommandResult Invalid(IReadOnlyDictionary<string, string> errors) => new(ReferralCommandOutcome.Invalid, errors);

    public static ReferralCommandResult Conflicted(ReferralConflict conflict) =>
        new(ReferralCommandOutcome.Conflict, new Dictionary<string, string> { [FormKey] = conflict.Message }, conflict);
}

/// <summary>Display words for referral states, shared by the list, the page and the export.</summary>
public static class ReferralText
{
    public static string Status(ReferralStatus status) => status switch
    {
        ReferralStatus.Referred => "New",
        _ => status.ToString(),
    };

    /// <summary>The action that moves a referral into <paramref name="to"/>, as a button says it.</summary>
    public static string Action(ReferralStatus to) => to switch
    {
        ReferralStatus.Screening => "Start screening",
        ReferralStatus.Eligible => "Mark eligible",
        ReferralStatus.Enrolled => "Mark enrolled",
        ReferralStatus.Ineligible => "Mark ineligible",
        ReferralStatus.Declined => "Patient declined",
        ReferralStatus.Withdrawn => "Withdraw",
        _ => to.ToString(),
    };

    public static string Sex(Sex sex) => sex switch
    {
        Data.Model.Sex.Female => "Female",
        Data.Model.Sex.Male => "Male",
        Data.Model.Sex.Other => "Other",
        _ => "Unknown",
    };

    public static string TumourSite(TumourSite site) => site switch
    {
        Data.Model.TumourSite.HeadAndNeck => "Head and neck",
        _ => site.ToString(),
    };

    /// <summary>"PROSPER-IO" from "PROSPER-IO: a phase 2 study …": trial titles lead with their acronym.</summary>
    public static string ShortName(string title)
    {
        var colon = title.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? title[..colon] : title;
    }
}
