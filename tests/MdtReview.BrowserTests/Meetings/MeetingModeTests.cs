using MdtReview.BrowserTests.Infrastructure;
using MdtReview.Data;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Data.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using UglyToad.PdfPig;
using System.Text.RegularExpressions;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace MdtReview.BrowserTests.Meetings;

public sealed class MeetingModeTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    // The circuit's first render (prerendering is off) can take a while on a loaded machine; later steps are quick.
    private const float FirstRender = 30_000;

    private static readonly DemoUser _oncologist = DemoUsers.All.First(u => u.Role == Roles.Oncologist);

    /// <summary>The upcoming demo meeting (planned, or started by the journey below): the one with the grade 3 colitis case.</summary>
    private async Task<int> PlannedMeetingIdAsync()
    {
        await using var scope = Fixture.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync();
        return await db.MeetingCases.Where(c => c.Question.Contains("grade 3 colitis")).Select(c => c.MeetingId).SingleAsync();
    }

    /// <summary>The planned demo meeting's grade 3 colitis case (seeded for this journey): its position and its patient.</summary>
    private async Task<(int Position, int Count, Patient Patient)> Grade3ColitisCaseAsync(int meetingId)
    {
        await using var scope = Fixture.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync();
        var cases = await db.MeetingCases.AsNoTracking().Include(c => c.Patient).Where(c => c.MeetingId == meetingId).ToListAsync();
        var colitis = cases.Single(c => c.Question.Contains("grade 3 colitis", StringComparison.Ordinal));
        return (colitis.Position, cases.Count, colitis.Patient!);
    }

    [Fact]
    public async Task An_oncologist_runs_the_upcoming_meeting_records_a_continue_against_a_grade_3_irae_finalises_amends_and_downloads_the_letter()
    {
        var meetingId = await PlannedMeetingIdAsync();
        var (position, count, patient) = await Grade3ColitisCaseAsync(meetingId);
        Assert.True(position >= 3, "The journey steps through two cases before the grade 3 irAE case.");
        var page = await NewSignedInPageAsync(_oncologist);

        // The agenda: record who is in the room.
        await page.GotoAsync($"/meetings/{meetingId}");
        await Expect(page.GetByTestId("agenda-case").First).ToBeVisibleAsync(new() { Timeout = FirstRender });
        await MeetingSteps.RecordAttendanceAsync(page, "Dr Amelia Hart");
        await MeetingSteps.RecordAttendanceAsync(page, "Dr Rajesh Menon");

        await page.GetByRole(AriaRole.Button, new() { Name = "Start meeting" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Run meeting" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/meetings/{meetingId}/run"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Meeting mode", Level = 1 })).ToBeVisibleAsync(new() { Timeout = FirstRender });
        var progress = page.GetByTestId("progress");
        await Expect(progress).ToHaveTextAsync($"Case 1 of {count}");
        await Expect(page.Locator("[data-keys-ready=true]")).ToHaveCountAsync(1);

        // Step through the agenda with the keyboard (Alt+→ from anywhere, J and K outside a text field), each case with
        // its evidence, up to the grade 3 colitis.
        await Expect(page.GetByTestId("evidence-panel")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Alt+ArrowRight");
        await Expect(progress).ToHaveTextAsync($"Case 2 of {count}");
        await Expect(page.GetByTestId("announcement")).ToContainTextAsync($"Case 2 of {count}");
        await Expect(page.GetByTestId("evidence-panel")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("j");
        await Expect(progress).ToHaveTextAsync($"Case 3 of {count}");
        await page.Keyboard.PressAsync("k");
        await Expect(progress).ToHaveTextAsync($"Case 2 of {count}");
        for (var next = 3; next <= position; next++)
        {
            await page.Keyboard.PressAsync("Alt+ArrowRight");
            await Expect(progress).ToHaveTextAsync($"Case {next} of {count}");
        }

        await Expect(page.GetByTestId("case-heading")).ToContainTextAsync(patient.FamilyName, new() { IgnoreCase = true });
        var evidence = page.GetByTestId("evidence-panel");
        await Expect(evidence.GetByTestId("irae-row").Filter(new() { HasText = "Colitis" })).ToContainTextAsync("Grade 3");

        // Continue against an active grade 3 irAE: the guideline check raises a 'must' finding and finalising is blocked.
        var form = page.GetByTestId("decision-form");
        await form.GetByRole(AriaRole.Radio, new() { Name = "Continue" }).CheckAsync();
        await Expect(form.Locator("[data-testid=finding][data-severity=Must]").First).ToContainTextAsync("colitis", new() { IgnoreCase = true });
        await form.GetByLabel("Rationale").FillAsync("Colitis settling on IV steroids and the patient is in response; the team continues with close review.");
        var status = page.GetByTestId("autosave-status");
        await Expect(status).ToContainTextAsync("Saved");
        var finalise = form.GetByTestId("finalise");
        await Expect(finalise).ToBeDisabledAsync();
        await Expect(form.GetByTestId("finalise-blocked")).ToHaveTextAsync("Give a deviation reason and explanation to finalise.");

        // A reason alone is not enough; the explanation unblocks it.
        await ChooseAsync(form, "Deviation reason", "Patient choice");
        await Expect(status).ToContainTextAsync("Saved");
        await Expect(finalise).ToBeDisabledAsync();
        await Expect(form.GetByTestId("finalise-blocked")).ToBeVisibleAsync();
        const string explanation = "The patient declines a treatment break after a full discussion of the risk of worsening colitis.";
        await form.GetByLabel("Deviation explanation").FillAsync(explanation);
        await Expect(form.GetByLabel("Deviation explanation")).ToHaveValueAsync(explanation);
        await Expect(form.GetByTestId("finalise-blocked")).ToHaveCountAsync(0);
        await Expect(finalise).ToBeEnabledAsync();
        await ScreenshotAsync(page, "meeting-mode");

        await finalise.ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Finalise" }).ClickAsync();
        var final = page.GetByTestId("final-decision");
        await Expect(final).ToContainTextAsync("Final");
        await Expect(final).ToContainTextAsync("Patient choice");
        await Expect(page.GetByTestId("case-status")).ToHaveTextAsync("Discussed");

        // Amend: a new version with a reason; the history shows both.
        await final.GetByRole(AriaRole.Button, new() { Name = "Amend" }).ClickAsync();
        await final.GetByLabel("Reason for the amendment").FillAsync("Stool frequency rose again on the day of the meeting");
        await final.GetByRole(AriaRole.Button, new() { Name = "Start amendment" }).ClickAsync();
        await Expect(form).ToContainTextAsync("version 2");
        await form.GetByRole(AriaRole.Radio, new() { Name = "Pause" }).CheckAsync();
        await Expect(form.Locator("[data-testid=finding][data-severity=Must]")).ToHaveCountAsync(0);
        await form.GetByLabel("Rationale").FillAsync("Colitis worse again: hold immunotherapy and continue the steroid taper.");
        await form.GetByLabel("Condition to restart").FillAsync("until colitis ≤ grade 1 and prednisolone ≤ 10 mg/day");
        await form.GetByTestId("finalise").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Finalise" }).ClickAsync();

        var history = page.GetByTestId("decision-history");
        await Expect(history).ToContainTextAsync("Version 1");
        await Expect(history).ToContainTextAsync("Version 2");
        await Expect(history).ToContainTextAsync("Stool frequency rose again on the day of the meeting");
        await Expect(page.GetByTestId("final-decision")).ToContainTextAsync("hold immunotherapy");
        await ScreenshotAsync(page, "meeting-mode-amended");

        // The signed record of version 2 and its outcome letter for the GP, naming the patient.
        await page.GetByRole(AriaRole.Link, new() { Name = "Open the decision record and outcome letter" }).ClickAsync();
        await Expect(page.GetByText("Pause", new() { Exact = true }).First).ToBeVisibleAsync();
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Link, new() { Name = "Download outcome letter (PDF)" }).ClickAsync());
        Assert.EndsWith("-v2.pdf", download.SuggestedFilename, StringComparison.Ordinal);
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync(), TestContext.Current.CancellationToken);
        Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
        using var pdf = PdfDocument.Open(bytes);
        var text = string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        Assert.Contains($"{patient.GivenName} {patient.FamilyName}", text, StringComparison.Ordinal);
        Assert.Contains(patient.Mrn, text, StringComparison.Ordinal);
        Assert.Contains(NhsNumber.Format(patient.NhsNumber)!, text, StringComparison.Ordinal);
        Assert.Contains("Version 2 (amends version 1)", text, StringComparison.Ordinal);

        // Later, the patient is told: recorded once on the decision record, defaulting to now.
        var informed = page.GetByTestId("patient-informed");
        await informed.GetByRole(AriaRole.Button, new() { Name = "Record patient informed" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Record" }).ClickAsync();
        await Expect(informed.GetByTestId("patient-informed-at")).ToContainTextAsync("The patient was informed on");
        await Expect(informed.GetByRole(AriaRole.Button, new() { Name = "Record patient informed" })).ToHaveCountAsync(0);
    }


    [Fact]
    public async Task A_governance_lead_can_step_through_meeting_mode_but_has_no_decision_form()
    {
        var meetingId = await PlannedMeetingIdAsync();
        var page = await NewSignedInPageAsync(DemoUsers.All.First(u => u.Role == Roles.GovernanceLead));

        var (_, count, _) = await Grade3ColitisCaseAsync(meetingId);
        await page.GotoAsync($"/meetings/{meetingId}/run?case=2");

        await Expect(page.GetByTestId("progress")).ToHaveTextAsync($"Case 2 of {count}", new() { Timeout = FirstRender });
        await Expect(page.GetByTestId("evidence-panel")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("draft-read-only").Or(page.GetByTestId("final-decision"))).ToBeVisibleAsync();
        await Expect(page.GetByTestId("decision-form")).ToHaveCountAsync(0);
    }
}
