using System.Globalization;
using System.Text.RegularExpressions;
using MdtReview.BrowserTests.Infrastructure;
using MdtReview.Data.Identity;
using MdtReview.Data.Seeding;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace MdtReview.BrowserTests.Governance;

/// <summary>
/// The governance lead's dashboards on the demo data: figures, a filter in the URL, a CSV download, and from the demo's
/// deviating amendment to its decision page and that decision's audit trail.
/// </summary>
public sealed partial class GovernanceDashboardsBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task The_governance_lead_reads_the_dashboards_filters_them_downloads_a_csv_and_follows_a_deviation_to_its_audit_trail()
    {
        var lead = DemoUsers.All.First(u => u.Role == Roles.GovernanceLead);
        var page = await NewSignedInPageAsync(lead);

        await page.GotoAsync("/governance");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Governance dashboards", Level = 1 })).ToBeVisibleAsync();
        foreach (var title in new[] { "Decisions by outcome", "Guideline deviations", "Timeliness", "irAE handling" })
        {
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title, Level = 2, Exact = true })).ToBeVisibleAsync(new() { Timeout = 60_000 });
        }

        // Figures from the demo data: ~18 decisions in the last year, the one deviating amendment among them.
        var outcomes = page.GetByTestId("dashboard-decisions-by-outcome");
        await Expect(outcomes.GetByTestId("figures")).ToContainTextAsync("Total decisions");
        await Expect(outcomes.GetByRole(AriaRole.Table, new() { Name = "Decisions by outcome" })).ToBeVisibleAsync();
        var deviations = page.GetByTestId("dashboard-guideline-deviations");
        await Expect(deviations.GetByTestId("figures")).ToContainTextAsync(DeviationRate());
        await Expect(deviations.GetByRole(AriaRole.Cell, new() { Name = "Clinical judgement" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("dashboard-timeliness").GetByTestId("figures")).ToContainTextAsync("Scan to MDT decision: median");
        await Expect(page.GetByTestId("dashboard-irae-handling").GetByTestId("figures")).ToContainTextAsync("Concordance rate");
        await ScreenshotAsync(page, "governance-dashboards");

        // The last six months: the demo deviation (about ten weeks ago) stays in range; the filters go into the address.
        var from = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(-6);
        var fromField = page.GetByLabel("From (inclusive)");
        await fromField.FillAsync(from.ToString("d MMM yyyy", CultureInfo.InvariantCulture));
        await fromField.PressAsync("Tab");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/governance\\?from={from:yyyy-MM-dd}&to=\\d{{4}}-\\d{{2}}-\\d{{2}}$"));
        await Expect(deviations.GetByRole(AriaRole.Cell, new() { Name = "Clinical judgement" })).ToBeVisibleAsync();

        var csvLink = page.GetByRole(AriaRole.Link, new() { Name = "Download CSV of Guideline deviations" });
        await Expect(csvLink).ToHaveAttributeAsync("href", new Regex($"from={from:yyyy-MM-dd}"));
        var download = await page.RunAndWaitForDownloadAsync(() => csvLink.ClickAsync());
        Assert.StartsWith("guideline-deviations-", download.SuggestedFilename, StringComparison.Ordinal);
        var csv = await File.ReadAllTextAsync(await download.PathAsync(), TestContext.Current.CancellationToken);
        Assert.StartsWith("Date,Clinician,Patient (MRN),Outcome,Guideline finding (must),Reason,Version,Decision", csv, StringComparison.Ordinal);
        Assert.Contains("Clinical judgement", csv, StringComparison.Ordinal);

        var decisionLink = deviations.GetByRole(AriaRole.Link, new() { NameRegex = DecisionLink() }).First;
        var decisionId = DecisionLink().Match(await decisionLink.InnerTextAsync()).Groups[1].Value;
        await decisionLink.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/decisions/{decisionId}$"));
        await Expect(page.GetByText("Departs from guideline")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Audit trail of this decision" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/governance/audit\\?entity=Decision&id={decisionId}$"));
        await Expect(page.GetByTestId("record-filter")).ToContainTextAsync($"Decision {decisionId}");
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = $"Decision {decisionId}", Exact = true }).First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { NameRegex = new Regex("^Decision \\d+$") }).Filter(new() { HasNotText = $"Decision {decisionId}" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_oncologist_cannot_open_the_dashboards_or_their_csv()
    {
        var oncologist = DemoUsers.All.First(u => u.Role == Roles.Oncologist);
        var page = await NewSignedInPageAsync(oncologist);

        var csv = await page.Context.APIRequest.GetAsync(Fixture.BaseUrl + "/governance/dashboards/decisions-by-outcome.csv", new() { MaxRedirects = 0 });
        Assert.NotEqual(200, csv.Status);

        await page.GotoAsync("/governance");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Governance dashboards", Level = 1 })).Not.ToBeVisibleAsync();
    }

    // "n of N (x%)" with at least one deviation.
    private static Regex DeviationRate() => DeviationRateRegex();

    [GeneratedRegex(@"Deviation rate\s*[1-9]\d* of \d+ \(\d+\.\d%\)")]
    private static partial Regex DeviationRateRegex();

    [GeneratedRegex(@"^Decision (\d+)$")]
    private static partial Regex DecisionLink();
}
