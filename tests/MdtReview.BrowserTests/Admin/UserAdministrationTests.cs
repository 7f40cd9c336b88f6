using MdtReview.BrowserTests.Infrastructure;
using MdtReview.Data.Identity;
using MdtReview.Data.Seeding;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace MdtReview.BrowserTests.Admin;

public sealed class UserAdministrationTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static readonly DemoUser _admin = DemoUsers.All.First(u => u.Role == Roles.Administrator);

    [Fact]
    public async Task An_administrator_creates_a_user_who_can_then_sign_in_with_the_one_time_password()
    {
        var name = "Dr Nadia Brennan";
        var email = $"nadia.brennan.{Guid.NewGuid():N}"[..28] + "@example.test";
        var admin = await NewSignedInPageAsync(_admin);

        await admin.GotoAsync("/admin/users");
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Users", Level = 1 })).ToBeVisibleAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "New user" }).ClickAsync();
        var dialog = admin.GetByRole(AriaRole.Dialog, new() { Name = "New user" });
        await dialog.GetByLabel("Full name").FillAsync(name);
        await dialog.GetByLabel("Email").FillAsync(email);
        await dialog.GetByLabel("Oncologist").CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();

        var generated = dialog.GetByTestId("generated-password");
        await Expect(generated).ToBeVisibleAsync();
        var password = (await generated.InnerTextAsync()).Trim();
        Assert.True(password.Length >= 12, $"The one-time password '{password}' is shorter than the 12-character minimum.");
        await ScreenshotAsync(admin, "admin-new-user-created");

        var newcomer = await NewPageAsync();
        await LoginPage.SignInAsync(newcomer, email, password);
        await LoginPage.WaitForHomeAsync(newcomer, name);
        await Expect(LoginPage.Navigation(newcomer).GetByRole(AriaRole.Link)).ToHaveTextAsync(["Home", "Patients", "Meetings", "Referrals"]);
    }
}
