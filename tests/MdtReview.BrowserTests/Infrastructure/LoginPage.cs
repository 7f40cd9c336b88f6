using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MdtReview.BrowserTests.Infrastructure;

/// <summary>The static-SSR sign-in page and the interactive home page it leads to, by label and role.</summary>
public static class LoginPage
{
    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>The home heading renders only once the interactive circuit has connected and loaded the summary.</summary>
    public static async Task WaitForHomeAsync(IPage page, string displayName)
    {
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Welcome, {displayName}", Level = 1 })).ToBeVisibleAsync();
    }

    public static ILocator Navigation(IPage page) => page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" });
}
