using Bunit;
using MdtReview.Web.Features.Governance.Components;
using MdtReview.Web.Features.Governance.Dashboards;

namespace MdtReview.Web.Tests.Features.Governance.Dashboards;

/// <summary>The one generic view every dashboard is drawn with: figures, table, links, empty and loading states, CSV link.</summary>
public sealed class DashboardViewTests : ComponentTestBase
{
    private const string Csv = "/governance/dashboards/sample.csv?from=2026-01-01&to=2026-03-31";

    private static readonly DashboardTable Sample = new(
        "sample",
        "Sample dashboard",
        "What is counted and when.",
        ["Date", "Outcome", "Count", DashboardColumns.Decision],
        [["5 Mar 2026", "Continue", "12", "/decisions/41"], ["6 Mar 2026", "Pause", "3", ""]],
        [new("Deviation rate", "2 of 4 (50.0%)"), new("Total decisions", "4")],
        null);

    [Fact]
    public void Shows_title_description_figures_and_every_cell_of_the_table()
    {
        var view = Render<DashboardView>(p => p.Add(v => v.Key, "sample").Add(v => v.Table, Sample).Add(v => v.CsvUrl, Csv));

        Assert.Equal("Sample dashboard", view.Find("h2").TextContent.Trim());
        Assert.Contains("What is counted and when.", view.Markup, StringComparison.Ordinal);
        var figures = view.Find("[data-testid=figures]");
        Assert.Equal(["Deviation rate", "Total decisions"], figures.QuerySelectorAll("dt").Select(e => e.TextContent.Trim()));
        Assert.Equal(["2 of 4 (50.0%)", "4"], figures.QuerySelectorAll("dd").Select(e => e.TextContent.Trim()));
        Assert.Equal(["Date", "Outcome", "Count", "Decision"], view.FindAll("thead th").Select(e => e.TextContent.Trim()));
        var rows = view.FindAll("tbody tr").Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray()).ToArray();
        Assert.Equal([["5 Mar 2026", "Continue", "12", "Decision 41"], ["6 Mar 2026", "Pause", "3", ""]], rows);
        Assert.Equal("Sample dashboard", view.Find("table").GetAttribute("aria-label"));
    }

    [Fact]
    public void A_decision_cell_links_to_the_decision_and_numbers_align_right()
    {
        var view = Render<DashboardView>(p => p.Add(v => v.Key, "sample").Add(v => v.Table, Sample).Add(v => v.CsvUrl, Csv));

        Assert.Equal("/decisions/41", view.Find("tbody a").GetAttribute("href"));
        Assert.Contains("text-align: right", view.FindAll("tbody tr")[0].QuerySelectorAll("td")[2].GetAttribute("style") ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public void Offers_the_csv_of_the_same_filters()
    {
        var view = Render<DashboardView>(p => p.Add(v => v.Key, "sample").Add(v => v.Table, Sample).Add(v => v.CsvUrl, Csv));

        var link = view.Find("a[aria-label='Download CSV of Sample dashboard']");
        Assert.Equal(Csv, link.GetAttribute("href"));
        Assert.Contains("Download CSV", link.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_table_without_rows_shows_the_empty_state_and_keeps_its_figures_and_csv()
    {
        var empty = Sample with { Rows = [], Figures = [new("Total decisions", "0")] };

        var view = Render<DashboardView>(p => p.Add(v => v.Key, "sample").Add(v => v.Table, empty).Add(v => v.CsvUrl, Csv));

        Assert.Equal("No data for these filters.", view.Find("[data-testid=empty]").TextContent.Trim());
        Assert.Empty(view.FindAll("table"));
        Assert.Equal("0", view.Find("[data-testid=figures] dd").TextContent.Trim());
        Assert.NotNull(view.Find("a[aria-label='Download CSV of Sample dashboard']"));
    }

    [Fact]
    public void Shows_a_loading_indicator_before_the_first_table_arrives()
    {
        var view = Render<DashboardView>(p => p.Add(v => v.Key, "sample").Add(v => v.Title, "Sample").Add(v => v.Loading, true).Add(v => v.CsvUrl, Csv));

        Assert.NotNull(view.Find("[role=progressbar]"));
        Assert.Contains("Loading…", view.Markup, StringComparison.Ordinal);
        Assert.Empty(view.FindAll("table"));
    }

    [Fact]
    public void A_table_with_a_chart_draws_it_with_a_text_alternative()
    {
        var charted = Sample with { Chart = new DashboardChart(DashboardChartKind.StackedBar, 1, [2]) };

        var view = Render<DashboardView>(p => p.Add(v => v.Key, "sample").Add(v => v.Table, charted).Add(v => v.CsvUrl, Csv));

        var chart = view.Find("[data-testid=chart]");
        Assert.Equal("Chart of Sample dashboard; the same figures are in the table below", chart.GetAttribute("aria-label"));
        Assert.NotNull(chart.QuerySelector("svg"));
    }
}
