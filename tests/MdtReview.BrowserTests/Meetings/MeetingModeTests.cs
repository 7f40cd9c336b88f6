using MdtReview.BrowserTests.Infrastructure;
using MdtReview.Data;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Data.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace MdtReview.BrowserTests.Meetings;

public sealed class MeetingModeTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    // The circuit's first render (prerendering is off) can take a while on a loaded machine; later steps are quick.
    private const float FirstRender = 30_000;

    private static readonly DemoUser _oncologist = DemoUsers.All.First(u => u.Role == Roles.Oncologist);

    private async Task<int> PlannedMeetingIdAsync()
    {
        await using var scope = Fixture.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync();
        return await db.Meetings.Where(m => m.Status == MeetingStatus.Planned).OrderBy(m => m.StartsAt).Select(m => m.Id).FirstAsync();
    }

    [Fact]
    public async Task An_oncologist_steps_through_the_agenda_by_keyboard_records_a_continue_against_a_must_finding_finalises_and_amends_it()
    {
        var meetingId = await PlannedMeetingIdAsync();
        var page = await NewSignedInPageAsync(_oncologist);

        await page.GotoAsync($"/meetings/{meetingId}/run");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Meeting mode", Level = 1 })).ToBeVisibleAsync(new() { Timeout = FirstRender });
        var progress = page.GetByTestId("progress");
        await Expect(progress).ToHaveTextAsync("Case 1 of 7");
        await Expect(page.Locator("[data-keys-ready=true]")).ToHaveCountAsync(1);

        // Two steps with the keyboard: Alt+→ from anywhere, then J outside a text field.
        await page.Keyboard.PressAsync("Alt+ArrowRight");
        await Expect(progress).ToHaveTextAsync("Case 2 of 7");
        await Expect(page.GetByTestId("announcement")).ToContainTextAsync("Case 2 of 7");
        await page.Keyboard.PressAsync("j");
        await Expect(progress).ToHaveTextAsync("Case 3 of 7");
        await page.Keyboard.PressAsync("k");
        await Expect(progress).ToHaveTextAsync("Case 2 of 7");
        await page.Keyboard.PressAsync("Alt+ArrowRight");
        await Expect(progress).ToHaveTextAsync("Case 3 of 7");

        // Case 3: active immune hepatitis on a treatment hold. Continue is against the guideline: a must finding.
        var evidence = page.GetByTestId("evidence-panel");
        await Expect(evidence.GetByTestId("irae-row").First).ToContainTextAsync("Grade");
        var form = page.GetByTestId("decision-form");
        await form.GetByRole(AriaRole.Radio, new() { Name = "Continue" }).CheckAsync(new() { Force = true });
        var must = form.Locator("[data-testid=finding][data-severity=Must]");
        await Expect(must.First).ToContainTextAsync("hepatitis");
        await form.GetByLabel("Rationale").FillAsync("Hepatitis settling on prednisolone; the team continues pembrolizumab with weekly LFTs.");
        await Expect(page.GetByTestId("autosave-status")).ToContainTextAsync("Saved");

        // The draft is on the server: a reload restores it.
        await page.ReloadAsync();
        await Expect(progress).ToHaveTextAsync("Case 3 of 7", new() { Timeout = FirstRender });
        await Expect(form.GetByLabel("Rationale")).ToHaveValueAsync("Hepatitis settling on prednisolone; the team continues pembrolizumab with weekly LFTs.");

        // Blocked until a deviation reason and explanation are given.
        var finalise = form.GetByTestId("finalise");
        await Expect(finalise).ToBeDisabledAsync();
        await Expect(form.GetByTestId("finalise-blocked")).ToBeVisibleAsync();
        await form.GetByRole(AriaRole.Combobox, new() { Name = "Deviation reason" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Clinical judgement" }).ClickAsync();
        // Let the choice reach the server and autosave before typing on: text filled within milliseconds of the select's
        // round trip can be overwritten by that render (a person does not type that fast).
        var status = page.GetByTestId("autosave-status");
        await Expect(status).ToContainTextAsync("Unsaved changes");
        await Expect(status).ToContainTextAsync("Saved");
        const string explanation = "ALT falling towards grade 1 and the patient is in response; weekly LFTs agreed.";
        await form.GetByLabel("Deviation explanation").FillAsync(explanation);
        await Expect(form.GetByLabel("Deviation explanation")).ToHaveValueAsync(explanation);
        await Expect(finalise).ToBeEnabledAsync();
        await ScreenshotAsync(page, "meeting-mode");

        await finalise.ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Finalise" }).ClickAsync();
        var final = page.GetByTestId("final-decision");
        await Expect(final).ToContainTextAsync("Final");
        await Expect(final).ToContainTextAsync("Clinical judgement");
        await Expect(page.GetByTestId("case-status")).ToHaveTextAsync("Discussed");

        // Amend: a new version with a reason; the history shows both.
        await final.GetByRole(AriaRole.Button, new() { Name = "Amend" }).ClickAsync();
        await final.GetByLabel("Reason for the amendment").FillAsync("LFTs on the day of the meeting show ALT rising again");
        await final.GetByRole(AriaRole.Button, new() { Name = "Start amendment" }).ClickAsync();
        await Expect(form).ToContainTextAsync("version 2");
        await form.GetByRole(AriaRole.Radio, new() { Name = "Pause" }).CheckAsync(new() { Force = true });
        await Expect(form.Locator("[data-testid=finding][data-severity=Must]")).ToHaveCountAsync(0);
        await form.GetByLabel("Rationale").FillAsync("ALT rising again on the day of the meeting: hold pembrolizumab and restart the steroid taper.");
        await form.GetByLabel("Condition to restart").FillAsync("until ALT ≤ grade 1 and prednisolone ≤ 10 mg/day");
        await form.GetByTestId("finalise").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Finalise" }).ClickAsync();

        var history = page.GetByTestId("decision-history");
        await Expect(history).ToContainTextAsync("Version 1");
        await Expect(history).ToContainTextAsync("Version 2");
        await Expect(history).ToContainTextAsync("LFTs on the day of the meeting show ALT rising again");
        await Expect(page.GetByTestId("final-decision")).ToContainTextAsync("hold pembrolizumab");
        await ScreenshotAsync(page, "meeting-mode-amended");

        // The signed record of version 2 and its outcome letter for the GP.
        await page.GetByRole(AriaRole.Link, new() { Name = "Open the decision record and outcome letter" }).ClickAsync();
        await Expect(page.GetByText("Pause", new() { Exact = true }).First).ToBeVisibleAsync();
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Link, new() { Name = "Download outcome letter (PDF)" }).ClickAsync());
        Assert.EndsWith("-v2.pdf", download.SuggestedFilename, StringComparison.Ordinal);
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync(), TestContext.Current.CancellationToken);
        Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
    }

    [Fact]
    public async Task A_governance_lead_can_step_through_meeting_mode_but_has_no_decision_form()
    {
        var meetingId = await PlannedMeetingIdAsync();
        var page = await NewSignedInPageAsync(DemoUsers.All.First(u => u.Role == Roles.GovernanceLead));

        await page.GotoAsync($"/meetings/{meetingId}/run?case=2");

        await Expect(page.GetByTestId("progress")).ToHaveTextAsync("Case 2 of 7", new() { Timeout = FirstRender });
        await Expect(page.GetByTestId("evidence-panel")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("draft-read-only").Or(page.GetByTestId("final-decision"))).ToBeVisibleAsync();
        await Expect(page.GetByTestId("decision-form")).ToHaveCountAsync(0);
    }
}
