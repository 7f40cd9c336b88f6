using MdtReview.Clinical.GuidelineCheck;
using MdtReview.Clinical.Irae;
using MdtReview.Data.Model;

namespace MdtReview.Web.Features.Decisions.Services;

/// <summary>The words the decision screens use for the coded values.</summary>
public static class DecisionText
{
    public static IReadOnlyList<DecisionOutcome> Outcomes { get; } = Enum.GetValues<DecisionOutcome>();

    public static IReadOnlyList<DeviationReason> DeviationReasons { get; } = Enum.GetValues<DeviationReason>();

    public static string Outcome(DecisionOutcome outcome) => outcome switch
    {
        DecisionOutcome.Continue => "Continue",
        DecisionOutcome.Pause => "Pause",
        DecisionOutcome.Stop => "Stop",
        DecisionOutcome.SwitchToChemotherapy => "Switch to chemotherapy",
        DecisionOutcome.SwitchToTargetedTherapy => "Switch to targeted therapy",
        _ => "Refer to trial",
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

    public static string Action(IraeAction action) => action switch
    {
        IraeAction.Continue => "continue",
        IraeAction.Hold => "hold",
        _ => "permanently discontinue",
    };

    public static string Date(DateOnly? date) => date is { } d ? d.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture) : "—";

    public static string Time(DateTime? utc) => utc is { } t ? t.ToString("d MMM yyyy HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) : "—";
}
