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

namespace MdtReview.BrowserTests.Decisions;

public sealed class DecisionViewTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static readonly DemoUser _governance = DemoUsers.All.First(u => u.Role == Roles.GovernanceLead);

    [Fact]
    public async Task A_governance_lead_reads_a_decision_that_departed_from_the_guideline_and_downloads_its_letter()
    {
        var (amendmentId, originalId) = await AmendedDemoDecisionAsync();
        var page = await NewSignedInPageAsync(_governance);

        await page.GotoAsync($"/decisions/{amendmentId}");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Pause");
        var deviation = page.GetByTestId("deviation");
        await Expect(deviation).ToContainTextAsync("The team departed from the guideline");
        await Expect(deviation).ToContainTextAsync("Reason: Clinical judgement");
        var mustFinding = page.GetByTestId("finding").Filter(new() { HasText = "permanently discontinue" });
        await Expect(mustFinding).ToContainTextAsync("Must");
        await Expect(mustFinding).ToContainTextAsync("Source: ASCO");
        await Expect(page.GetByTestId("evidence-iraes")).ToContainTextAsync("Grade 4");
        await Expect(page.GetByTestId("version-row")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("version-row").First).ToContainTextAsync("v2 (this page)");
        await Expect(page.GetByTestId("version-row").Nth(1)).ToContainTextAsync("superseded by v2");

        // Read-only: nothing to type into and no button that would change the decision.
        await Expect(page.GetByRole(AriaRole.Textbox)).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("edit|amend|finalise|save|delete", System.Text.RegularExpressions.RegexOptions.IgnoreCase) })).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "decision");

        var blocking = (await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}: {string.Join(" | ", v.Nodes.Select(n => n.Target))}").ToList();
        Assert.True(blocking.Count == 0, string.Join(Environment.NewLine, blocking));

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Link, new() { Name = "Download outcome letter (PDF)" }).ClickAsync());
        Assert.Equal($"mdt-outcome-letter-{amendmentId}-v2.pdf", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync(), TestContext.Current.CancellationToken);
        Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);

        await page.GetByRole(AriaRole.Link, new() { Name = "v1", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/decisions/{originalId}$"));
        await Expect(page.GetByText("Superseded by v2", new() { Exact = true })).ToBeVisibleAsync();
    }

    private async Task<(int Amendment, int Original)> AmendedDemoDecisionAsync()
    {
        await using var scope = Fixture.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        var amendment = await db.Decisions.Where(d => d.VersionNumber == 2 && d.DeviatesFromGuideline)
            .Select(d => new { d.Id, d.SupersedesId }).SingleAsync(TestContext.Current.CancellationToken);
        return (amendment.Id, amendment.SupersedesId!.Value);
    }
}
