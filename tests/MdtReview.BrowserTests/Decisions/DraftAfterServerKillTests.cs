using System.Text.RegularExpressions;
using MdtReview.BrowserTests.Infrastructure;
using MdtReview.Data.Identity;
using MdtReview.Data.Seeding;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace MdtReview.BrowserTests.Decisions;

/// <summary>
/// The issue's "done when": killing the server while a draft is being typed loses at most the last few seconds of typing.
/// The app runs as its own process here (not the shared in-process app), so the test can kill it without warning.
/// </summary>
public sealed partial class DraftAfterServerKillTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    // A cold process migrates and seeds the demo cohort before its first page; the first circuit render follows.
    private const float FirstRender = 60_000;

    [Fact]
    public async Task Killing_the_server_while_a_rationale_is_typed_keeps_the_autosaved_text_after_a_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        var oncologist = DemoUsers.All.First(u => u.Role == Roles.Oncologist);
        await using var app = await AppProcess.StartAsync(ct);
        var page = await NewPageOnAsync(app.BaseUrl);
        await LoginPage.SignInAsync(page, oncologist.Email, DemoUsers.Password);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Welcome, {oncologist.DisplayName}", Level = 1 }))
            .ToBeVisibleAsync(new() { Timeout = FirstRender });

        // The upcoming demo meeting (the only one not yet held in a fresh database), first case, in meeting mode.
        await page.GotoAsync("/meetings");
        await page.Locator("table").First.GetByRole(AriaRole.Link).First.ClickAsync(new() { Timeout = FirstRender });
        await Expect(page).ToHaveURLAsync(MeetingAddress(), new() { Timeout = FirstRender });
        var meetingId = MeetingAddress().Match(page.Url).Groups[1].Value;
        await page.GotoAsync($"/meetings/{meetingId}/run?case=1");
        var form = page.GetByTestId("decision-form");
        await form.GetByRole(AriaRole.Radio, new() { Name = "Continue" }).CheckAsync(new() { Timeout = FirstRender });
        var status = page.GetByTestId("autosave-status");
        await Expect(status).ToContainTextAsync("Saved", new() { Timeout = FirstRender });

        // Typing, key by key; the draft is autosaved after a pause.
        const string autosaved = "Pseudo-progression confirmed on the 6-week CT; continue pembrolizumab.";
        var rationale = form.GetByLabel("Rationale");
        var savedBefore = await status.InnerTextAsync();
        await rationale.PressSequentiallyAsync(autosaved, new() { Delay = 20 });
        // What the person waits for is a save made after their typing; the "Unsaved changes" in between can be too brief to
        // catch on a loaded machine, so the test waits for the status to move on from the earlier save and settle on a new one.
        await Expect(status).Not.ToHaveTextAsync(savedBefore, new() { Timeout = 30_000 });
        await Expect(status).ToHaveTextAsync(SavedAt(), new() { Timeout = 30_000 });

        // A few more characters, and the server dies before the next autosave.
        const string lastSeconds = " Next CT in 12";
        await rationale.PressSequentiallyAsync(lastSeconds, new() { Delay = 20 });
        app.Kill();

        // The old tab's reconnect logic reloads the page by itself once the server is back, which would race a reload here;
        // the person opens the same address again in a fresh tab of the same signed-in browser instead.
        var address = page.Url;
        await page.CloseAsync();
        await app.StartAgainAsync(ct);
        page = await page.Context.NewPageAsync();
        await page.GotoAsync(address, new() { Timeout = FirstRender });
        var restored = page.GetByTestId("decision-form").GetByLabel("Rationale");
        await Expect(restored).ToHaveValueAsync(new Regex("^" + Regex.Escape(autosaved)), new() { Timeout = FirstRender });
        var text = await restored.InputValueAsync();
        Assert.StartsWith(text, autosaved + lastSeconds, StringComparison.Ordinal);
        await Expect(page.GetByTestId("decision-form").GetByRole(AriaRole.Radio, new() { Name = "Continue" })).ToBeCheckedAsync();
    }

    [GeneratedRegex("/meetings/([0-9]+)$")]
    private static partial Regex MeetingAddress();

    [GeneratedRegex(@"^Saved \d{2}:\d{2}:\d{2}$")]
    private static partial Regex SavedAt();
}
