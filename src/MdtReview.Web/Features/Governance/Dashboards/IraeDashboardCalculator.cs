using MdtReview.Clinical.GuidelineCheck;
using MdtReview.Clinical.Irae;
using MdtReview.Web.Features.Decisions.Services;

namespace MdtReview.Web.Features.Governance.Dashboards;

/// <summary>irAE handling: each grade ≥3 irAE, the decision that followed it, and whether that decision matches the guideline.</summary>
public static class IraeDashboardCalculator
{
    public const string Key = "irae-handling";

    public const string Concordant = "Yes";
    public const string Discordant = "No";
    public const string NoDecisionYet = "No decision yet";
    public const string NotAssessable = "Not assessable";

    public static DashboardTable Calculate(IReadOnlyList<SevereIraeFact> iraes, IReadOnlyList<DecisionFact> decisions, DashboardFilter filter)
    {
        var current = decisions.Where(d => d.IsLatest).ToList();
        var rows = new List<IReadOnlyList<string>>();
        int yes = 0, no = 0, waiting = 0, unassessable = 0;
        foreach (var irae in iraes.Where(i => filter.InRange(i.Grade3On) && filter.InGroup(i.TumourGroup))
                     .OrderBy(i => i.Grade3On).ThenBy(i => i.PatientMrn, StringComparer.Ordinal).ThenBy(i => i.Term, StringComparer.Ordinal))
        {
            // The first decision the team made about the patient on or after the day the irAE reached grade 3, as it stands now.
            var decision = current.Where(d => d.PatientId == irae.PatientId && d.ChainFirstFinalisedOn >= irae.Grade3On)
                .OrderBy(d => d.ChainFirstFinalisedOn).ThenBy(d => d.Id).FirstOrDefault();
            // IraeGuidance grades 1–4; grade 5 (death) is recorded as grade 4's recommendation, permanent discontinuation.
            var recommendation = IraeGuidance.Recommend(irae.Category, Math.Min(irae.PeakGrade, 4));
            var verdict = Verdict(decision, recommendation);
            switch (verdict)
            {
                case Concordant: yes++; break;
                case Discordant: no++; break;
                case NoDecisionYet: waiting++; break;
                default: unassessable++; break;
            }

            rows.Add([
                irae.PatientMrn,
                irae.Term,
                DashboardRules.Number(irae.PeakGrade),
                DashboardRules.Date(irae.Grade3On),
                decision is null ? "" : DashboardRules.Date(decision.ChainFirstFinalisedOn),
                decision is null ? "" : DecisionWording.Outcome(decision.Outcome),
                Recommended(recommendation),
                verdict,
                decision is null ? "" : $"/decisions/{decision.Id}",
            ]);
        }

        List<DashboardFigure> figures =
        [
            new("Concordance rate", DashboardRules.Rate(yes, yes + no)),
            new("Grade ≥3 irAEs", DashboardRules.Number(rows.Count)),
            new("Awaiting a decision", DashboardRules.Number(waiting)),
            new("Not assessable (trial referral)", DashboardRules.Number(unassessable)),
        ];

        return new DashboardTable(
            Key,
            "irAE handling",
            "Every immune-related adverse event that reached CTCAE grade ≥3 on a date in the range (tumour group of the patient's tumour site), "
            + "and the first MDT decision about that patient finalised on or after that date, as it stands (latest version). The recommended action is the "
            + "clinical library's irAE guidance (ASCO 2021) at the peak grade. Concordant when the decision's action on the checkpoint inhibitor is one the "
            + "guideline allows: Continue = continue, Pause = hold, Stop or a switch = permanently discontinue. A trial referral states no action on the "
            + "inhibitor and is not assessable. Concordance rate = concordant / (concordant + discordant).",
            ["Patient (MRN)", "irAE", "Peak grade", "Grade ≥3 on", "Decision date", "Decision outcome", "Recommended action", "Concordant", DeviationDashboardCalculator.DecisionColumn],
            rows,
            figures,
            null);
    }

    /// <summary>The action on the checkpoint inhibitor a decision outcome amounts to; null when the outcome does not say.</summary>
    public static IraeAction? ActionOf(DecisionOutcome outcome) => outcome switch
    {
        DecisionOutcome.Continue => IraeAction.Continue,
        DecisionOutcome.Pause => IraeAction.Hold,
        DecisionOutcome.Stop or DecisionOutcome.SwitchToChemotherapy or DecisionOutcome.SwitchToTargetedTherapy => IraeAction.Discontinue,
        _ => null,
    };

    private static string Verdict(DecisionFact? decision, IraeRecommendation recommendation)
    {
        if (decision is null)
        {
            return NoDecisionYet;
        }

        return ActionOf(decision.Outcome) is { } action
            ? recommendation.AllowedActions.Contains(action) ? Concordant : Discordant
            : NotAssessable;
    }

    private static string Recommended(IraeRecommendation recommendation)
    {
        var text = DecisionWording.Action(recommendation.Action);
        return recommendation.Alternatives.Count == 0
            ? Capitalise(text)
            : Capitalise($"{text} (or {string.Join(", or ", recommendation.Alternatives.Select(DecisionWording.Action))})");
    }

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
