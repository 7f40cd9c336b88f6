using MdtReview.BrowserTests.Infrastructure;
using MdtReview.Data.Identity;
using MdtReview.Data.Seeding;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace MdtReview.BrowserTests.Patients;

public sealed class LabImportTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static readonly DemoUser _oncologist = DemoUsers.All.First(u => u.Role == Roles.Oncologist);

    private static string SamplePath()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MdtReview.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Repository root not found."), "docs", "lab-import-sample.csv");
    }

    [Fact]
    public async Task An_oncologist_uploads_the_documented_sample_sees_the_preview_and_imports_every_row()
    {
        var sample = SamplePath();
        var rows = (await File.ReadAllLinesAsync(sample, TestContext.Current.CancellationToken)).Count(l => l.Length > 0) - 1;
        var page = await NewSignedInPageAsync(_oncologist);

        await page.GotoAsync("/patients/import");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Import lab results", Level = 1 })).ToBeVisibleAsync();
        await page.Locator("input[type=file]").SetInputFilesAsync(sample);

        await Expect(page.GetByTestId("preview-summary")).ToContainTextAsync($"{rows} rows for 3 patients; no errors.");
        await Expect(page.GetByTestId("preview-table").Locator("tbody tr")).ToHaveCountAsync(rows);
        await ScreenshotAsync(page, "lab-import-preview");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Import {rows} results" }).ClickAsync();

        await Expect(page.GetByTestId("import-message")).ToHaveTextAsync($"Imported {rows} results from lab-import-sample.csv.");
    }
}
