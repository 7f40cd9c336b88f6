using Deque.AxeCore.Playwright;
using MdtReview.BrowserTests.Infrastructure;
using MdtReview.Data.Identity;
using MdtReview.Data.Seeding;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace MdtReview.BrowserTests.Meetings;

public sealed class MeetingAgendaTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task An_oncologist_creates_a_meeting_adds_a_suggested_patient_with_a_question_records_attendance_and_sees_quorum_met()
    {
        var oncologist = DemoUsers.All.First(u => u.Role == Roles.Oncologist);
        var page = await NewSignedInPageAsync(oncologist);
        await page.GotoAsync("/meetings");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "MDT meetings", Level = 1 })).ToBeVisibleAsync();

        // The dialog's defaults: a week from today at 13:00, immuno-oncology, chaired by the signed-in oncologist.
        await page.GetByRole(AriaRole.Button, new() { Name = "New meeting" }).ClickAsync();
        var create = page.GetByRole(AriaRole.Dialog);
        await create.GetByRole(AriaRole.Button, new() { Name = "Create meeting" }).ClickAsync();
        // A client-side navigation to the new meeting: poll the URL rather than wait for a page load.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/meetings/[0-9]+$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Immuno-oncology MDT");
        await Expect(page.GetByTestId("agenda-empty")).ToBeVisibleAsync();

        var suggestion = page.GetByTestId("suggestion").First;
        await Expect(suggestion.GetByTestId("suggestion-reason").First).ToBeVisibleAsync();
        var patientName = (await suggestion.GetByRole(AriaRole.Heading).InnerTextAsync()).Trim();
        await suggestion.GetByRole(AriaRole.Button, new() { Name = $"Add {patientName} to the agenda" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Question for the MDT").FillAsync("Continue immunotherapy, or hold until reviewed in clinic?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add to agenda" }).ClickAsync();

        var agendaCase = page.GetByTestId("agenda-case");
        await Expect(agendaCase).ToHaveCountAsync(1);
        await Expect(agendaCase).ToContainTextAsync(patientName);
        await Expect(agendaCase).ToContainTextAsync("Continue immunotherapy, or hold until reviewed in clinic?");
        await Expect(agendaCase).ToContainTextAsync("Suggested:");

        await Expect(page.GetByTestId("quorum")).ToContainTextAsync("Quorum not met (missing: 2 oncologists, 1 radiologist)");
        await MeetingSteps.RecordAttendanceAsync(page, "Dr Amelia Hart");
        await MeetingSteps.RecordAttendanceAsync(page, "Dr Rajesh Menon");
        await Expect(page.GetByTestId("quorum")).ToContainTextAsync("Quorum not met (missing: 1 radiologist)");
        await ChooseAsync(page, "Attendee", "A guest (enter the name)");
        await page.GetByLabel("Guest name").FillAsync("Dr Priya Shah");
        await ChooseAsync(page, "Specialty", "Radiologist");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record attendance" }).ClickAsync();

        await Expect(page.GetByTestId("quorum")).ToContainTextAsync("Quorum met");
        await Expect(page.GetByTestId("attendee")).ToHaveCountAsync(3);
        await Expect(page.Locator(".mud-snackbar")).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        await ScreenshotAsync(page, "meeting-agenda");

        var axe = await page.RunAxe();
        var blocking = axe.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(blocking.Count == 0, "axe found serious or critical violations on the agenda: " +
            string.Join("; ", blocking.Select(v => $"{v.Id} ({v.Impact}) on {string.Join(" | ", v.Nodes.Select(n => n.Target))}")));
    }

    [Fact]
    public async Task A_governance_lead_reads_the_planned_demo_agenda_without_editing_controls()
    {
        var governance = DemoUsers.All.First(u => u.Role == Roles.GovernanceLead);
        var page = await NewSignedInPageAsync(governance);
        await page.GotoAsync("/meetings");
        await page.Locator("table").First.GetByRole(AriaRole.Link).First.ClickAsync();

        await Expect(page.GetByTestId("agenda-case").First).ToBeVisibleAsync();
        await Expect(page.GetByText("You can read this meeting; only oncologists change it.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Start meeting" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Move ") })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_outcome_list_of_a_past_meeting_prints_the_final_decisions_without_the_app_chrome()
    {
        var governance = DemoUsers.All.First(u => u.Role == Roles.GovernanceLead);
        var page = await NewSignedInPageAsync(governance);
        await page.GotoAsync("/meetings");
        await page.Locator("table").Nth(1).GetByRole(AriaRole.Link).First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Outcome list" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "MDT outcome list", Level = 1 })).ToBeVisibleAsync();
        var outcomes = page.GetByTestId("outcome");
        await Expect(outcomes.First).ToBeVisibleAsync();
        Assert.Contains(await outcomes.AllInnerTextsAsync(), text => text.Contains("Switch to chemotherapy", StringComparison.Ordinal) || text.Contains("Continue", StringComparison.Ordinal));
        await Expect(page.GetByTestId("outcome-case").First).ToContainTextAsync("MRN ");

        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(page.Locator(".mud-appbar")).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" })).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Print" })).ToBeHiddenAsync();
        await ScreenshotAsync(page, "meeting-outcomes-print");
    }
}
