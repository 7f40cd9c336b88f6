using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using MdtReview.BrowserTests.Infrastructure;
using MdtReview.Data.Identity;
using MdtReview.Data.Seeding;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace MdtReview.BrowserTests.Accessibility;

/// <summary>axe-core (embedded in Deque.AxeCore.Playwright, runs offline) on each page: no serious or critical violation.</summary>
public sealed class AccessibilityTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static readonly string[] _blockingImpacts = ["serious", "critical"];

    [Fact]
    public async Task The_login_page_has_no_serious_or_critical_accessibility_violation()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Level = 1 })).ToBeVisibleAsync();
        await ScreenshotAsync(page, "login");

        AssertNoBlockingViolations(await page.RunAxe());
    }

    [Fact]
    public async Task The_oncologists_home_page_has_no_serious_or_critical_accessibility_violation()
    {
        var oncologist = DemoUsers.All.First(u => u.Role == Roles.Oncologist);
        var page = await NewSignedInPageAsync(oncologist);
        await page.GotoAsync("/");
        await LoginPage.WaitForHomeAsync(page, oncologist.DisplayName);

        AssertNoBlockingViolations(await page.RunAxe());
    }

    [Fact]
    public async Task The_patient_list_has_no_serious_or_critical_accessibility_violation()
    {
        var oncologist = DemoUsers.All.First(u => u.Role == Roles.Oncologist);
        var page = await NewSignedInPageAsync(oncologist);
        await page.GotoAsync("/patients?alert=IraeGrade2OrAbove");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Patients", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid='alert-chip']").First).ToBeVisibleAsync();

        AssertNoBlockingViolations(await page.RunAxe());
    }

    private static void AssertNoBlockingViolations(AxeResult result)
    {
        foreach (var other in result.Violations.Where(v => !_blockingImpacts.Contains(v.Impact)))
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"axe ({other.Impact}, not blocking): {other.Id} on {string.Join(", ", other.Nodes.Select(n => n.Target))}");
        }

        var blocking = result.Violations.Where(v => _blockingImpacts.Contains(v.Impact)).ToList();
        Assert.True(blocking.Count == 0, "axe found serious or critical violations on " + result.Url + ":" + Environment.NewLine +
            string.Join(Environment.NewLine, blocking.Select(v =>
                $"- {v.Id} ({v.Impact}): {v.Help}; targets: {string.Join(" | ", v.Nodes.Select(n => n.Target))}")));
    }
}
