using Deque.AxeCore.Playwright;
using MdtReview.BrowserTests.Infrastructure;
using MdtReview.Data;
using MdtReview.Data.Identity;
using MdtReview.Data.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace MdtReview.BrowserTests.Governance;

/// <summary>The governance lead's audit trail on the demo data: verify the chain, read a change, export the CSV.</summary>
public sealed class AuditTrailBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task The_governance_lead_verifies_the_demo_chain_reads_a_change_and_exports_the_decisions()
    {
        var lead = DemoUsers.All.First(u => u.Role == Roles.GovernanceLead);
        var page = await NewSignedInPageAsync(lead);

        await page.GotoAsync("/governance/audit");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit trail", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify chain" }).ClickAsync();
        await Expect(page.GetByText("Chain intact:")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        // One demo decision's own trail, so what other browser tests wrote meanwhile (views, account updates) cannot come first.
        var decisionId = await FirstDemoDecisionIdAsync();
        await page.GotoAsync($"/governance/audit?entity=Decision&id={decisionId}");
        await Expect(page.GetByText($"Decision {decisionId} only")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Details of event") }).First.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByRole(AriaRole.Columnheader, new() { Name = "Before" })).ToBeVisibleAsync();
        await ScreenshotAsync(page, "governance-audit-trail");
        var axe = await page.RunAxe();
        var blocking = axe.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(blocking.Count == 0, string.Join(Environment.NewLine, blocking.Select(v => $"{v.Id} ({v.Impact}): {v.Help}; {string.Join(" | ", v.Nodes.Select(n => n.Target))}")));

        var csv = await page.Context.APIRequest.GetAsync(Fixture.BaseUrl + "/governance/audit/export.csv?entity=Decision&action=Insert");
        Assert.Equal(200, csv.Status);
        Assert.StartsWith("text/csv", csv.Headers["content-type"], StringComparison.Ordinal);
        var lines = (await csv.TextAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        // Header + one insert event per decision: the 16 demo decisions plus any another browser test finalised before this one.
        var decisions = await CountDecisionsAsync();
        Assert.True(decisions >= 16, $"{decisions} decisions");
        Assert.Equal(1 + decisions, lines.Length);
    }

    [Fact]
    public async Task An_oncologist_cannot_open_or_export_the_audit_trail()
    {
        var oncologist = DemoUsers.All.First(u => u.Role == Roles.Oncologist);
        var page = await NewSignedInPageAsync(oncologist);

        var csv = await page.Context.APIRequest.GetAsync(Fixture.BaseUrl + "/governance/audit/export.csv", new() { MaxRedirects = 0 });
        Assert.NotEqual(200, csv.Status);

        await page.GotoAsync("/governance/audit");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit trail", Level = 1 })).Not.ToBeVisibleAsync();
    }

    private async Task<int> FirstDemoDecisionIdAsync()
    {
        await using var scope = Fixture.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync();
        return await db.Decisions.MinAsync(d => d.Id);
    }

    private async Task<int> CountDecisionsAsync()
    {
        await using var scope = Fixture.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync();
        return await db.Decisions.CountAsync();
    }
}
