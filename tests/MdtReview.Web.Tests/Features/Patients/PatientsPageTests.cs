using Bunit;
using MdtReview.Data;
using MdtReview.Data.Evidence;
using MdtReview.Data.Identity;
using MdtReview.Testing;
using MdtReview.Web.Features.Patients.Components;
using MdtReview.Web.Features.Patients.Pages;
using MdtReview.Web.Features.Patients.Services;
using MdtReview.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace MdtReview.Web.Tests.Features.Patients;

/// <summary>The list page over a real, empty SQLite database, signed in as an oncologist.</summary>
public sealed class PatientsPageTests : ComponentTestBase, IAsyncLifetime
{
    private const string OncologistId = "oncologist-1";
    private SqliteTestDatabase _database = default!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateSqliteAsync();
        await using (var scope = _database.Services.CreateAsyncScope())
        {
            await MdtReview.Data.Seeding.DemoSeeder.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = new ApplicationUser { Id = OncologistId, UserName = "onc@test.local", Email = "onc@test.local", EmailConfirmed = true, DisplayName = "Dr Test" };
            await users.CreateAsync(user);
            await users.AddToRoleAsync(user, Roles.Oncologist);
        }

        Services.AddDbContextFactory<MdtReviewDbContext>(o => DataServiceCollectionExtensions.ConfigureProvider(o, DatabaseProvider.Sqlite, _database.ConnectionString));
        Services.AddSingleton(TimeProvider.System);
        Services.AddScoped<CurrentUserService>();
        Services.AddScoped<PatientListService>();
        SignInAs(OncologistId, Roles.Oncologist);
        Render<MudPopoverProvider>();
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        await _database.DisposeAsync();
    }

    private void GoTo(string relative)
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(navigation.BaseUri + relative);
    }

    [Fact]
    public void An_oncologist_can_reach_the_lab_import_page_from_the_list()
    {
        var page = Render<PatientsPage>();

        var link = page.FindAll("a").Single(a => a.TextContent.Contains("Import lab results", StringComparison.Ordinal));
        Assert.EndsWith("patients/import", link.GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_governance_lead_is_not_offered_the_lab_import()
    {
        SignInAs("gov", Roles.GovernanceLead);

        var page = Render<PatientsPage>();

        page.WaitForAssertion(() => Assert.Contains("Patients", page.Find("h1").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain(page.FindAll("a, button"), e => e.TextContent.Contains("Import lab results", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_filter_control_has_a_label()
    {
        var page = Render<PatientsPage>();

        var labels = page.FindAll("label").Select(l => l.TextContent.Trim()).ToList();
        Assert.Contains("Search by name, MRN or NHS number", labels);
        Assert.Contains("Tumour site", labels);
        Assert.Contains("Treatment status", labels);
        foreach (var kind in Enum.GetValues<PatientAlertKind>())
        {
            Assert.Contains(labels, l => l.Contains(PatientAlertText.FilterLabel(kind), StringComparison.Ordinal));
        }

        Assert.Equal("patient-search", page.Find("label[for='patient-search']").GetAttribute("for"));
        Assert.NotNull(page.Find("input#patient-search"));
        Assert.NotNull(page.Find("[role='group'][aria-labelledby='alert-filter-label']"));
    }

    [Fact]
    public void A_list_with_no_matching_patient_says_so()
    {
        GoTo("patients?q=nobody");
        var page = Render<PatientsPage>();

        page.WaitForAssertion(() => Assert.Contains("No patients match these filters.", page.Find("[data-testid='patients-empty']").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void Filters_in_the_address_are_shown_as_chosen()
    {
        GoTo($"patients?site=Lung&alert={PatientAlertKind.ScanOverdue}");
        var page = Render<PatientsPage>();

        var overdue = page.Find($"[data-alert-filter='{PatientAlertKind.ScanOverdue}'] input[type='checkbox']");
        var bloods = page.Find($"[data-alert-filter='{PatientAlertKind.BloodsDue}'] input[type='checkbox']");
        Assert.True(overdue.HasAttribute("checked") || overdue.GetAttribute("aria-checked") == "true");
        Assert.False(bloods.HasAttribute("checked"));
        Assert.Contains("Lung", page.Find("[data-testid='site-filter']").OuterHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void Ticking_an_alert_filter_puts_it_in_the_address_so_a_refresh_keeps_it()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("patients");
        var page = Render<PatientsPage>();

        page.Find($"[data-alert-filter='{PatientAlertKind.IupdAwaitingConfirmation}'] input[type='checkbox']").Change(true);

        Assert.Contains($"alert={PatientAlertKind.IupdAwaitingConfirmation}", navigation.Uri, StringComparison.Ordinal);
        var query = PatientListQueryString.Parse(null, null, null, [nameof(PatientAlertKind.IupdAwaitingConfirmation)]);
        Assert.Equal([PatientAlertKind.IupdAwaitingConfirmation], query.Alerts);
    }

    [Fact]
    public void Unknown_values_in_the_address_are_ignored()
    {
        var filter = PatientListQueryString.Parse("  Smith ", "Atlantis", "active", ["ScanOverdue", "NoSuchAlert", "scanoverdue"]);

        Assert.Equal("Smith", filter.Search);
        Assert.Null(filter.TumourSite);
        Assert.Equal(MdtReview.Data.Model.TreatmentStatus.Active, filter.TreatmentStatus);
        Assert.Equal([PatientAlertKind.ScanOverdue], filter.Alerts);
    }
}
