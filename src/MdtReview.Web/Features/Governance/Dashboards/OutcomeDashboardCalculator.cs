using MdtReview.Web.Features.Decisions.Services;

namespace MdtReview.Web.Features.Governance.Dashboards;

/// <summary>Decisions by outcome over time: one row per calendar month of the range, one column per outcome.</summary>
public static class OutcomeDashboardCalculator
{
    public const string Key = "decisions-by-outcome";

    public static DashboardTable Calculate(IReadOnlyList<DecisionFact> decisions, DashboardFilter filter)
    {
        // The decision as it stands: an amended decision counts once, with its latest outcome, in the month that version was finalised.
        var counted = decisions.Where(d => d.IsLatest && filter.InRange(d.FinalisedOn) && filter.InGroup(d.TumourGroup)).ToList();
        var outcomes = DecisionWording.Outcomes;
        var rows = new List<IReadOnlyList<string>>();
        foreach (var month in DashboardRules.Months(filter))
        {
            var inMonth = counted.Where(d => d.FinalisedOn.Year == month.Year && d.FinalisedOn.Month == month.Month).ToList();
            rows.Add([
                DashboardRules.Month(month),
                .. outcomes.Select(o => DashboardRules.Number(inMonth.Count(d => d.Outcome == o))),
                DashboardRules.Number(inMonth.Count),
            ]);
        }

        List<DashboardFigure> figures = [new("Total decisions", DashboardRules.Number(counted.Count))];
        figures.AddRange(outcomes.Select(o => new DashboardFigure(DecisionWording.Outcome(o), DashboardRules.Rate(counted.Count(d => d.Outcome == o), counted.Count))));

        return new DashboardTable(
            Key,
            "Decisions by outcome",
            "Final MDT decisions as they stand (the latest version of each amendment chain), counted in the month that version was "
            + "finalised (hospital time). Tumour group: the meeting's, or the group of the patient's tumour site for a decision made outside a meeting.",
            ["Month", .. outcomes.Select(DecisionWording.Outcome), "Total"],
            rows,
            figures,
            new DashboardChart(DashboardChartKind.StackedBar, 0, [.. Enumerable.Range(1, outcomes.Count)]));
    }
}
