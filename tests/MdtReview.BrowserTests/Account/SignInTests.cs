using System.Text.RegularExpressions;
using MdtReview.BrowserTests.Infrastructure;
using MdtReview.Data.Identity;
using MdtReview.Data.Seeding;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace MdtReview.BrowserTests.Account;

public sealed class SignInTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    public static TheoryData<string> DemoUserEmails => new(DemoUsers.All.Select(u => u.Email));

    /// <summary>The navigation items each role may open (NavItems and the policies behind them).</summary>
    private static Regex[] ExpectedNavigation(string role) => (role switch
    {
        Roles.Oncologist => new[] { "Home", "Patients", "Meetings", "Referrals" },
        Roles.GovernanceLead => new[] { "Home", "Patients", "Meetings", "Audit trail", "Governance" },
        Roles.Administrator => new[] { "Home", "Users", "Trials" },
        _ => new[] { "Home", "Referrals" },
    }).Select(title => new Regex(title == "Referrals" ? @"^\s*Referrals(\s*\d+ new)?\s*$" : $@"^\s*{Regex.Escape(title)}\s*$")).ToArray();

    [Theory]
    [MemberData(nameof(DemoUserEmails))]
    public async Task Each_demo_user_signs_in_through_the_login_page_and_sees_only_their_roles_navigation(string email)
    {
        var user = DemoUsers.All.Single(u => u.Email == email);
        var page = await NewPageAsync();

        await LoginPage.SignInAsync(page, user.Email, DemoUsers.Password);
        await LoginPage.WaitForHomeAsync(page, user.DisplayName);

        Assert.Equal(Fixture.BaseUrl + "/", page.Url);
        var links = LoginPage.Navigation(page).GetByRole(AriaRole.Link);
        await Expect(links).ToHaveTextAsync(ExpectedNavigation(user.Role));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Link, new() { Name = user.DisplayName })).ToBeVisibleAsync();

        await ScreenshotAsync(page, $"home-{email.Split('@')[0]}");
    }

    [Fact]
    public async Task A_wrong_password_does_not_sign_in_and_says_why()
    {
        var page = await NewPageAsync();

        await LoginPage.SignInAsync(page, "pi2@demo.mdtreview.local", "not-the-password-2026");

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The email or password is not correct.");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Level = 1 })).ToBeVisibleAsync();
        await page.GotoAsync("/");
        await page.WaitForURLAsync(url => url.Contains("/Account/Login", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_anonymous_visit_to_the_patient_list_lands_on_the_login_page()
    {
        var page = await NewPageAsync();

        await page.GotoAsync("/patients");

        await page.WaitForURLAsync(url => url.Contains("/Account/Login", StringComparison.Ordinal));
        Assert.Contains("ReturnUrl=", page.Url, StringComparison.OrdinalIgnoreCase);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Patients" })).ToHaveCountAsync(0);
    }
}
