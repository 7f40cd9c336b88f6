using System.Diagnostics;
using Deque.AxeCore.Playwright;
using MdtReview.BrowserTests.Infrastructure;
using MdtReview.Clinical.Recist;
using MdtReview.Data;
using MdtReview.Data.Evidence;
using MdtReview.Data.Identity;
using MdtReview.Data.Seeding;
using MdtReview.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace MdtReview.BrowserTests.Patients;

public sealed class PatientReviewTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static readonly DemoUser _oncologist = DemoUsers.All.First(u => u.Role == Roles.Oncologist);
    private static readonly DemoUser _governance = DemoUsers.All.First(u => u.Role == Roles.GovernanceLead);
    private static readonly DemoUser _investigator = DemoUsers.All.First(u => u.Role == Roles.TrialInvestigator);

    /// <summary>A demo patient whose latest scan is an unconfirmed iUPD (the cohort's "awaiting confirmation" story).</summary>
    private async Task<int> PatientAwaitingIupdConfirmationAsync()
    {
        await using var scope = Fixture.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync();
        var scans = await db.Scans.AsNoTracking().Include(s => s.Lesions).ToListAsync();
        return scans.GroupBy(s => s.PatientId)
            .Where(g => RecistSeries.From(g) is { } series && RecistEvaluator.Evaluate(series).Timepoints is { Count: > 0 } t && t[^1].Irecist == IrecistResponse.IUPD)
            .Select(g => g.Key).Order().First();
    }

    private async Task<int> AnyDemoPatientAsync(int skip)
    {
        await using var scope = Fixture.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync();
        return await db.Patients.OrderBy(p => p.Id).Skip(skip).Select(p => p.Id).FirstAsync();
    }

    private static async Task OpenReviewAsync(IPage page, int patientId)
    {
        // The first circuit of a run on a loaded machine can take longer than the default 5 s to connect.
        await page.GotoAsync($"/patients/{patientId}");
        await Expect(page.GetByTestId("patient-header")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("latest-panel")).ToBeVisibleAsync(new() { Timeout = 20_000 });
    }

    [Fact]
    public async Task An_oncologist_sees_a_pseudo_progression_as_iupd_with_its_confirmation_window()
    {
        var id = await PatientAwaitingIupdConfirmationAsync();
        var page = await NewSignedInPageAsync(_oncologist);

        await OpenReviewAsync(page, id);
        await Expect(page.GetByTestId("alert-iupd")).ToContainTextAsync("pseudo-progression? awaiting confirmation");
        await ScreenshotAsync(page, "patient-review");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Scans" }).ClickAsync();

        await Expect(page.GetByTestId("irecist").First).ToHaveTextAsync("iRECIST: iUPD");
        var window = page.GetByTestId("iupd-window").First;
        await Expect(window).ToContainTextAsync("Pseudo-progression? Awaiting confirmation");
        await Expect(window).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"between \d{1,2} \w{3} \d{4} and \d{1,2} \w{3} \d{4}"));
        await ScreenshotAsync(page, "patient-review-scans");
    }

    [Fact]
    public async Task An_oncologist_adds_a_platelet_count_that_shows_as_a_grade_3_chip()
    {
        var id = await AnyDemoPatientAsync(3);
        var page = await NewSignedInPageAsync(_oncologist);
        await OpenReviewAsync(page, id);

        await page.GetByRole(AriaRole.Button, new() { Name = "Add results" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await ChooseAsync(dialog, "Test", "Platelets");
        await dialog.GetByRole(AriaRole.Spinbutton, new() { Name = "Result" }).FillAsync("40");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save results" }).ClickAsync();

        await Expect(dialog).ToBeHiddenAsync();
        var row = page.GetByTestId("latest-PLT");
        await Expect(row).ToContainTextAsync("40 10^9/L");
        await Expect(row.GetByTestId("grade-chip")).ToHaveTextAsync("G3");
        await Expect(row.GetByTestId("grade-chip")).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("CTCAE grade 3"));
    }

    [Fact]
    public async Task An_oncologist_records_an_irae_and_then_raises_its_grade_seeing_the_history_and_the_guidelines_action()
    {
        int id;
        await using (var scope = Fixture.Services.CreateAsyncScope())
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken))
        {
            // A patient with no irAE yet, so the new one is the only card on the tab.
            id = await db.Patients.Where(p => !p.AdverseEvents.Any()).OrderByDescending(p => p.Id).Select(p => p.Id).FirstAsync(TestContext.Current.CancellationToken);
        }

        var page = await NewSignedInPageAsync(_oncologist);
        await OpenReviewAsync(page, id);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Side effects" }).ClickAsync();

        await page.GetByTestId("side-effects").GetByRole(AriaRole.Button, new() { Name = "Record irAE" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await ChooseAsync(dialog, "Category", "Pneumonitis");
        await dialog.GetByLabel("CTCAE term").FillAsync("Pneumonitis");
        await ChooseAsync(dialog, "CTCAE grade", "Grade 2 – moderate");
        await ChooseAsync(dialog, "Attribution to immunotherapy", "Probable");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Record irAE" }).ClickAsync();

        await Expect(dialog).ToBeHiddenAsync();
        var irae = page.GetByTestId("irae").Filter(new() { HasText = "Pneumonitis" });
        await Expect(irae).ToHaveCountAsync(1);
        await Expect(irae).ToContainTextAsync("Grade 2");
        await Expect(irae.GetByTestId("irae-guidance")).ToContainTextAsync("Guideline at grade 2: hold");

        await irae.GetByRole(AriaRole.Button, new() { Name = "Change grade of Pneumonitis" }).ClickAsync();
        await ChooseAsync(dialog, "New grade", "Grade 3 – severe or medically significant");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Change grade" }).ClickAsync();

        await Expect(dialog).ToBeHiddenAsync();
        await Expect(irae).ToContainTextAsync("Grade 3");
        var history = irae.GetByLabel("Grade history of Pneumonitis");
        await Expect(history).ToContainTextAsync("G2 from");
        await Expect(history).ToContainTextAsync("G3 from");
        await Expect(irae.GetByTestId("irae-guidance")).ToContainTextAsync("Guideline at grade 3: permanently discontinue");
        // The header's alerts follow the new grade without a page reload.
        await Expect(page.GetByTestId("patient-header")).ToContainTextAsync("Pneumonitis grade 3");
        await ScreenshotAsync(page, "patient-review-irae-grade-change");
    }

    [Fact]
    public async Task An_impossible_value_gets_a_message_on_its_field_and_is_not_saved()
    {
        var id = await AnyDemoPatientAsync(4);
        var page = await NewSignedInPageAsync(_oncologist);
        await OpenReviewAsync(page, id);

        await page.GetByRole(AriaRole.Button, new() { Name = "Add results" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await ChooseAsync(dialog, "Test", "Haemoglobin");
        await dialog.GetByRole(AriaRole.Spinbutton, new() { Name = "Result" }).FillAsync("9000");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save results" }).ClickAsync();

        await Expect(dialog.GetByText("cannot be a result for this test")).ToBeVisibleAsync();
        await Expect(dialog).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_governance_lead_reads_the_review_page_without_any_edit_control()
    {
        var id = await PatientAwaitingIupdConfirmationAsync();
        var page = await NewSignedInPageAsync(_governance);

        await OpenReviewAsync(page, id);

        await Expect(page.GetByTestId("latest-panel").GetByTestId("grade-chip").First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add results" })).ToHaveCountAsync(0);
        await Expect(page.Locator("button[aria-label^='Correct ']")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Import CSV" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Side effects" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Side effects", Level = 2 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("side-effects").GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_trial_investigator_cannot_open_a_patients_review_page()
    {
        var id = await PatientAwaitingIupdConfirmationAsync();
        var page = await NewSignedInPageAsync(_investigator);

        await page.GotoAsync($"/patients/{id}");

        // The page's policy refuses the request before any patient data is read: the app's access-denied page.
        await Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new System.Text.RegularExpressions.Regex("^(Access denied|Not found)$"), Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("patient-header")).ToHaveCountAsync(0);
    }

    /// <summary>
    /// Time to first render of a heavy patient (2,000 lab results, 20 scans): from navigation start to the header, the
    /// latest panel and every trend chart being visible, cold then warm. Reported, not asserted (no wall-clock thresholds).
    /// </summary>
    [Fact]
    public async Task A_patient_with_2000_lab_results_and_20_scans_opens_with_every_section()
    {
        int id;
        await using (var scope = Fixture.Services.CreateAsyncScope())
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken))
        {
            var patient = HeavyPatient.Build(DateTime.UtcNow, $"HEAVY{Guid.NewGuid():N}"[..15]);
            db.Patients.Add(patient);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            id = patient.Id;
        }

        var page = await NewSignedInPageAsync(_oncologist);
        var timings = new List<long>();
        for (var run = 0; run < 4; run++)
        {
            var watch = Stopwatch.StartNew();
            await page.GotoAsync($"/patients/{id}");
            await Expect(page.GetByTestId("patient-header")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("latest-panel")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("blood-results").GetByTestId("trend-chart")).ToHaveCountAsync(8);
            await Expect(page.GetByTestId("lab-history").GetByRole(AriaRole.Row).Nth(5)).ToBeVisibleAsync();
            timings.Add(watch.ElapsedMilliseconds);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"Heavy patient time to first render (ms), cold then warm: {string.Join(", ", timings)}");
        Console.WriteLine($"review-page first render ms: {string.Join(", ", timings)}");
        foreach (var points in await page.GetByTestId("blood-results").GetByTestId("trend-chart").EvaluateAllAsync<int[]>("els => els.map(e => parseInt(e.dataset.points))"))
        {
            Assert.InRange(points, 1, 500);
        }

        var watchPage = Stopwatch.StartNew();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await Expect(page.GetByText(new System.Text.RegularExpressions.Regex(@"26-50 of 2,?000"))).ToBeVisibleAsync();
        TestContext.Current.TestOutputHelper?.WriteLine($"History next page (ms): {watchPage.ElapsedMilliseconds}");
        Console.WriteLine($"review-page history next page ms: {watchPage.ElapsedMilliseconds}");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Scans" }).ClickAsync();
        await Expect(page.GetByTestId("scan")).ToHaveCountAsync(HeavyPatient.Scans);
    }

    [Fact]
    public async Task The_review_page_has_no_serious_or_critical_accessibility_violation()
    {
        var id = await PatientAwaitingIupdConfirmationAsync();
        var page = await NewSignedInPageAsync(_oncologist);
        await OpenReviewAsync(page, id);

        var violations = (await page.RunAxe()).Violations.ToList();
        foreach (var tab in new[] { "Side effects", "Scans", "Treatment and decisions" })
        {
            await page.GetByRole(AriaRole.Tab, new() { Name = tab }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = tab, Level = 2 })).ToBeVisibleAsync();
            violations.AddRange((await page.RunAxe()).Violations);
        }

        var blocking = violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(blocking.Count == 0, string.Join(Environment.NewLine, blocking.Select(v =>
            $"- {v.Id} ({v.Impact}): {v.Help}; targets: {string.Join(" | ", v.Nodes.Take(5).Select(n => n.Target))}")));
    }
}
