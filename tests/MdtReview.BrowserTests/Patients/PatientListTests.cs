using MdtReview.BrowserTests.Infrastructure;
using MdtReview.Data;
using MdtReview.Data.Identity;
using MdtReview.Data.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace MdtReview.BrowserTests.Patients;

public sealed class PatientListTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static readonly DemoUser _oncologist = DemoUsers.All.First(u => u.Role == Roles.Oncologist);

    [Fact]
    public async Task An_oncologist_filters_by_iUPD_awaiting_confirmation_and_finds_the_demo_patient_whose_progression_awaits_confirmation()
    {
        // The demo story lists this patient on the next agenda because their latest CT is an iUPD still to be confirmed.
        var (id, mrn) = await DemoPatientAwaitingConfirmationAsync();
        var page = await NewSignedInPageAsync(_oncologist);

        await page.GotoAsync("/patients");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Patients", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("iUPD awaiting confirmation").CheckAsync();

        // The filter is written to the address by a client-side navigation: poll the URL rather than wait for a page load.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("alert=IupdAwaitingConfirmation"));
        // Once the filtered page has loaded, every row but the header carries the iUPD chip.
        var iupdChip = page.Locator("[data-alert='IupdAwaitingConfirmation']");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasNot = iupdChip })).ToHaveCountAsync(1);
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = mrn });
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.GetByText("iUPD awaiting confirmation", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(row.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", $"patients/{id}");
        await ScreenshotAsync(page, "patient-list");

        // The filter lives in the address: a reload shows the same list.
        await page.ReloadAsync();
        await Expect(page.GetByLabel("iUPD awaiting confirmation")).ToBeCheckedAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = mrn })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_search_for_an_NHS_number_typed_with_spaces_finds_that_patient()
    {
        var (_, mrn) = await DemoPatientAwaitingConfirmationAsync();
        var nhs = await WithDbAsync(db => db.Patients.Where(p => p.Mrn == mrn).Select(p => p.NhsNumber!).SingleAsync());
        var page = await NewSignedInPageAsync(_oncologist);

        await page.GotoAsync("/patients");
        await page.GetByLabel("Search by name, MRN or NHS number").FillAsync($"{nhs[..3]} {nhs[3..6]} {nhs[6..]}");

        await Expect(page.GetByRole(AriaRole.Row)).ToHaveCountAsync(2);
        await Expect(page.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync(mrn);
    }

    [Fact]
    public async Task The_oncologists_home_page_lists_the_patient_awaiting_iUPD_confirmation_among_those_needing_attention()
    {
        var (_, mrn) = await DemoPatientAwaitingConfirmationAsync();
        var page = await NewSignedInPageAsync(_oncologist);

        await page.GotoAsync("/");

        var attention = page.GetByTestId("needing-attention");
        await Expect(attention.GetByRole(AriaRole.Heading, new() { Name = "Patients needing attention" })).ToBeVisibleAsync();
        await Expect(attention.GetByRole(AriaRole.Listitem).Filter(new() { HasText = mrn })).ToContainTextAsync("iUPD awaiting confirmation");
        await attention.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Show all") }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/patients?", StringComparison.Ordinal) && url.Contains("alert=ScanOverdue", StringComparison.Ordinal));
        await Expect(page.GetByLabel("iUPD awaiting confirmation")).ToBeCheckedAsync();
    }

    private async Task<(int Id, string Mrn)> DemoPatientAwaitingConfirmationAsync()
    {
        var found = await WithDbAsync(db => db.MeetingCases
            .Where(c => c.SuggestionReason == "iUPD awaiting confirmation")
            .Select(c => new { c.PatientId, c.Patient!.Mrn })
            .Distinct() // another browser test may add the same suggestion to a meeting it creates
            .SingleAsync());
        return (found.PatientId, found.Mrn);
    }

    private async Task<T> WithDbAsync<T>(Func<MdtReviewDbContext, Task<T>> read)
    {
        await using var scope = Fixture.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync();
        return await read(db);
    }
}
