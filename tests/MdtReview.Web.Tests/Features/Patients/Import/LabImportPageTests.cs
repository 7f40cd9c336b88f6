using Bunit;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Patients.Import.Components;
using MdtReview.Web.Features.Patients.Import.Pages;
using MdtReview.Web.Tests.Features.Patients.Entry;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace MdtReview.Web.Tests.Features.Patients.Import;

public sealed class LabImportPageTests : EntryComponentTestBase
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private static string Yesterday => DateTime.UtcNow.Date.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The page as the router shows it: through AuthorizeRouteView with the app's access-denied view.</summary>
    private IRenderedComponent<AuthorizeRouteView> RenderRoute() => Render<AuthorizeRouteView>(p => p
        .Add(v => v.RouteData, new RouteData(typeof(LabImportPage), new Dictionary<string, object?>()))
        .Add(v => v.NotAuthorized, _ => b => b.AddContent(0, new RenderFragment(x =>
        {
            x.OpenComponent<MdtReview.Web.Components.Shared.AccessDeniedView>(1);
            x.CloseComponent();
        }))));

    [Theory]
    [InlineData(Roles.GovernanceLead)]
    [InlineData(Roles.TrialInvestigator)]
    [InlineData(Roles.Administrator)]
    public async Task Anyone_but_an_oncologist_gets_access_denied_and_no_upload(string role)
    {
        Render<MudPopoverProvider>();
        await SignInWithRoleAsync(role);

        var page = RenderRoute();

        Assert.Contains("Not found", page.Find("h1").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Choose CSV file", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oncologist_uploads_a_file_sees_each_row_checked_and_imports_only_when_all_are_valid()
    {
        Render<MudPopoverProvider>();
        await SignInWithRoleAsync(Roles.Oncologist);
        await AddPatientAsync();
        var page = RenderRoute();
        Assert.Equal("Import lab results", page.Find("h1").TextContent);

        var bad = $"mrn,test_code,value,unit,uln,collected_at\nRX200001,ALT,132,U/L,40,{Yesterday}T08:15:00Z\nRX200001,NA,134,mg/dL,,{Yesterday}T08:15:00Z\n";
        page.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(InputFileContent.CreateFromText(bad, "labs.csv"));

        page.WaitForAssertion(() => Assert.Contains("1 row has errors", page.Find("[data-testid=preview-summary]").TextContent, StringComparison.Ordinal));
        Assert.Contains("Error: Sodium: 'mg/dL' is not a unit for this test", page.Find("[data-testid=preview-table]").TextContent, StringComparison.Ordinal);
        Assert.True(page.FindAll("button").Single(b => b.TextContent.Contains("Import 2 results", StringComparison.Ordinal)).HasAttribute("disabled"));

        var good = $"mrn,test_code,value,unit,uln,collected_at\nRX200001,ALT,132,U/L,40,{Yesterday}T08:15:00Z\nRX200001,AST,96,U/L,40,{Yesterday}T08:15:00Z\n";
        page.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(InputFileContent.CreateFromText(good, "labs.csv"));
        page.WaitForAssertion(() => Assert.Contains("no errors", page.Find("[data-testid=preview-summary]").TextContent, StringComparison.Ordinal));
        await page.FindAll("button").Single(b => b.TextContent.Contains("Import 2 results", StringComparison.Ordinal)).ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());

        page.WaitForAssertion(() => Assert.Equal("Imported 2 results from labs.csv.", page.Find("[data-testid=import-message]").TextContent.Trim()));
        await using var db = await Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(2, await db.LabResults.CountAsync(l => l.Source == LabSource.CsvImport, Ct));
    }

    [Fact]
    public async Task The_patient_dialog_refuses_rows_of_another_patient()
    {
        await SignInWithRoleAsync(Roles.Oncologist);
        var (patientId, _) = await AddPatientAsync();
        var (provider, _) = await OpenAsync(new DialogParameters<LabImportDialog> { { d => d.PatientId, patientId } });

        var file = $"mrn,test_code,value,unit,uln,collected_at\nRX999999,ALT,132,U/L,40,{Yesterday}T08:15:00Z\n";
        provider.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(InputFileContent.CreateFromText(file, "labs.csv"));

        provider.WaitForAssertion(() => Assert.Contains("No patient has MRN RX999999", Text(provider), StringComparison.Ordinal));
        Assert.Contains("Every row must be for this patient.", Text(provider), StringComparison.Ordinal);
    }
}
