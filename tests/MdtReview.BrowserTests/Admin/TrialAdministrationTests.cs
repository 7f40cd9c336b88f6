using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using MdtReview.BrowserTests.Infrastructure;
using MdtReview.Data.Auditing;
using MdtReview.Data.Identity;
using MdtReview.Data.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace MdtReview.BrowserTests.Admin;

public sealed class TrialAdministrationTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static readonly DemoUser _admin = DemoUsers.All.First(u => u.Role == Roles.Administrator);

    [Fact]
    public async Task An_administrator_creates_a_trial_after_correcting_its_registry_id_and_then_pauses_it()
    {
        // Its own trial and its own investigator: the demo trials and PIs belong to other tests.
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var investigator = await CreateInvestigatorAsync($"Dr Ines Okafor {suffix}", $"ines.okafor.{suffix}@example.test");
        var title = $"LUMEN-{suffix}: a phase 2 study of an oral IL-2 pathway agonist in melanoma after anti-PD-1";
        var registryId = $"NCT1{Random.Shared.Next(0, 10_000_000):D7}";
        var page = await NewSignedInPageAsync(_admin);

        await page.GotoAsync("/admin/trials");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Trials", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^PROSPER-IO") })).ToBeVisibleAsync();
        await AssertNoBlockingAccessibilityViolationsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "New trial" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/trials/new$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New trial", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Criterion 1", new() { Exact = true })).ToBeVisibleAsync();
        await AssertNoBlockingAccessibilityViolationsAsync(page);

        await page.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
        await page.GetByLabel("Registry identifier", new() { Exact = true }).FillAsync("NCT1234567");
        await ChooseAsync(page, "Phase", "Phase 2");
        await page.GetByLabel("Melanoma", new() { Exact = true }).CheckAsync();
        await ChooseAsync(page, "Principal investigator", $"{investigator} (ines.okafor.{suffix}@example.test)");
        await page.GetByLabel("Eligibility summary", new() { Exact = true }).FillAsync("Unresectable stage III/IV melanoma progressing on anti-PD-1; ECOG 0–1.");
        await page.GetByLabel("Criterion 1", new() { Exact = true }).FillAsync("Confirmed progression on anti-PD-1 therapy");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create trial" }).ClickAsync();

        await Expect(page.GetByText("Enter an NCT number (NCT and 8 digits), an ISRCTN (ISRCTN and 8 digits) or a EudraCT number (YYYY-NNNNNN-CC).")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("form-errors")).ToContainTextAsync("Nothing was saved");

        await page.GetByLabel("Registry identifier", new() { Exact = true }).FillAsync(registryId.ToLowerInvariant());
        await page.GetByRole(AriaRole.Button, new() { Name = "Create trial" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/admin/trials$"));
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = title });
        await Expect(row).ToContainTextAsync(registryId);
        await Expect(row).ToContainTextAsync("Phase 2");
        await Expect(row).ToContainTextAsync("Melanoma");
        await Expect(row).ToContainTextAsync(investigator);
        await Expect(row.GetByTestId("trial-status")).ToHaveTextAsync("Recruiting");

        await row.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Edit trial", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Title", new() { Exact = true })).ToHaveValueAsync(title);
        await ChooseAsync(page, "Status", "Paused");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save trial" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/admin/trials$"));
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = title }).GetByTestId("trial-status")).ToHaveTextAsync("Paused");
        await ScreenshotAsync(page, "admin-trials");
    }

    private static async Task AssertNoBlockingAccessibilityViolationsAsync(IPage page)
    {
        var blocking = (await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(blocking.Count == 0, string.Join(Environment.NewLine,
            blocking.Select(v => $"- {v.Id} ({v.Impact}): {v.Help}; {string.Join(" | ", v.Nodes.Take(5).Select(n => n.Target))}")));
    }

    private async Task<string> CreateInvestigatorAsync(string name, string email)
    {
        await using var scope = Fixture.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name };
        using (AuditActorScope.Use(AuditActor.System("browser test setup")))
        {
            Assert.True((await users.CreateAsync(user)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.TrialInvestigator)).Succeeded);
        }

        return name;
    }
}
