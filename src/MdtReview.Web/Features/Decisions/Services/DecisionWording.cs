using MdtReview.Clinical.GuidelineCheck;
using MdtReview.Clinical.Irae;
using MdtReview.Data.Model;

namespace MdtReview.Web.Features.Decisions.Services;

/// <summary>The words the decision page and the letter use for coded values, so both say the same thing.</summary>
public static class DecisionWording
{
    public static IReadOnlyList<DecisionOutcome> Outcomes { get; } = Enum.GetValues<DecisionOutcome>();

    public static IReadOnlyList<DeviationReason> DeviationReasons { get; } = Enum.GetValues<DeviationReason>();

    /// <summary>The action the irAE guidance recommends, as the findings and evidence panels say it.</summary>
    public static string Action(IraeAction action) => action switch
    {
        IraeAction.Continue => "continue",
        IraeAction.Hold => "hold",
        _ => "permanently discontinue",
    };

    /// <summary>Short label for chips and tables.</summary>
    public static string Outcome(DecisionOutcome outcome) => outcome switch
    {
        DecisionOutcome.Continue => "Continue",
        DecisionOutcome.Pause => "Pause",
        DecisionOutcome.Stop => "Stop",
        DecisionOutcome.SwitchToChemotherapy => "Switch to chemotherapy",
        DecisionOutcome.SwitchToTargetedTherapy => "Switch to targeted therapy",
        _ => "Refer to a clinical trial",
    };

    /// <summary>The outcome in plain words for a GP or referrer.</summary>
    public static string OutcomeInPlainWords(DecisionOutcome outcome) => outcome switch
    {
        DecisionOutcome.Continue => "Continue the current immunotherapy.",
        DecisionOutcome.Pause => "Pause (hold) the immunotherapy until the conditions below are met.",
        DecisionOutcome.Stop => "Stop the immunotherapy.",
        DecisionOutcome.SwitchToChemotherapy => "Stop the immunotherapy and start chemotherapy.",
        DecisionOutcome.SwitchToTargetedTherapy => "Stop the immunotherapy and start targeted therapy.",
        _ => "Refer the patient to a clinical trial.",
    };

    public static string Deviation(DeviationReason reason) => reason switch
    {
        DeviationReason.Comorbidity => "Comorbidity",
        DeviationReason.PatientChoice => "Patient choice",
        DeviationReason.NewInformation => "New information",
        DeviationReason.ClinicalJudgement => "Clinical judgement",
        _ => "Other",
    };

    public static string Severity(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Must => "Must",
        FindingSeverity.Should => "Should",
        _ => "Info",
    };

    public static string NhsNumber(string? nhs) => Data.Seeding.NhsNumber.Format(nhs) ?? "not recorded";

    public static string Date(DateOnly? date, string missing = "not set") => date?.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture) ?? missing;

    public static string Time(DateTime? utc) => utc?.ToString("d MMM yyyy HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) ?? "—";
}
