using MdtReview.Web.Features.Decisions.Services;

namespace MdtReview.Web.Features.Governance.Dashboards;

/// <summary>Guideline deviations: final decisions made against a "must" finding, one row per deviation.</summary>
public static class DeviationDashboardCalculator
{
    public const string Key = "guideline-deviations";

    /// <summary>The view renders cells of this column as a link to the decision.</summary>
    public const string DecisionColumn = DashboardColumns.Decision;

    public static DashboardTable Calculate(IReadOnlyList<DecisionFact> decisions, DashboardFilter filter)
    {
        // Same population as "Decisions by outcome", so the rate's denominator is that dashboard's total.
        var counted = decisions.Where(d => d.IsLatest && filter.InRange(d.FinalisedOn) && filter.InGroup(d.TumourGroup)).ToList();
        var deviations = counted.Where(d => d.Deviates).OrderBy(d => d.FinalisedOn).ThenBy(d => d.Id).ToList();

        var rows = deviations.Select(d => (IReadOnlyList<string>)
        [
            DashboardRules.Date(d.FinalisedOn),
            d.FinalisedBy,
            d.PatientMrn,
            DecisionWording.Outcome(d.Outcome),
            d.MustFinding ?? "(finding not stored)",
            d.DeviationReason is { } r ? DecisionWording.Deviation(r) : "(no reason recorded)",
            DashboardRules.Number(d.VersionNumber),
            $"/decisions/{d.Id}",
        ]).ToList();

        List<DashboardFigure> figures = [new("Deviation rate", DashboardRules.Rate(deviations.Count, counted.Count))];
        figures.AddRange(DecisionWording.DeviationReasons.Select(r =>
            new DashboardFigure($"Reason: {DecisionWording.Deviation(r)}", DashboardRules.Number(deviations.Count(d => d.DeviationReason == r)))));
        figures.AddRange(deviations.GroupBy(d => d.FinalisedBy).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new DashboardFigure($"Clinician: {g.Key}", DashboardRules.Number(g.Count()))));
        figures.AddRange(DashboardRules.Months(filter)
            .Select(m => (Month: m, Count: deviations.Count(d => d.FinalisedOn.Year == m.Year && d.FinalisedOn.Month == m.Month)))
            .Where(m => m.Count > 0)
            .Select(m => new DashboardFigure($"Month: {DashboardRules.Month(m.Month)}", DashboardRules.Number(m.Count))));

        return new DashboardTable(
            Key,
            "Guideline deviations",
            "Final decisions as they stand (latest version of each amendment chain) that the team made against a guideline finding of "
            + "severity “must”, with the coded reason recorded. Dated by finalisation (hospital time); the clinician is who finalised that version. "
            + "The rate's denominator is every decision counted in “Decisions by outcome” for the same filters.",
            ["Date", "Clinician", "Patient (MRN)", "Outcome", "Guideline finding (must)", "Reason", "Version", DecisionColumn],
            rows,
            figures,
            null);
    }
}
