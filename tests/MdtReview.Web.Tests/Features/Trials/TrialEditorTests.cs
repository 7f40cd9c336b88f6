using AngleSharp.Dom;
using Bunit;
using MdtReview.Data;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Testing;
using MdtReview.Web.Features.Trials;
using MdtReview.Web.Features.Trials.Pages;
using MdtReview.Web.Features.Trials.Services;
using MdtReview.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace MdtReview.Web.Tests.Features.Trials;

/// <summary>The trial editor over a real SQLite database, signed in as an administrator: what the administrator sees after saving bad input.</summary>
public sealed class TrialEditorTests : ComponentTestBase, IAsyncLifetime
{
    private const string AdminId = "admin-1";
    private SqliteTestDatabase _database = default!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateSqliteAsync();
        await using (var scope = _database.Services.CreateAsyncScope())
        {
            await MdtReview.Data.Seeding.DemoSeeder.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var admin = new ApplicationUser { Id = AdminId, UserName = "admin@test.local", Email = "admin@test.local", EmailConfirmed = true, DisplayName = "Admin" };
            await users.CreateAsync(admin);
            await users.AddToRoleAsync(admin, Roles.Administrator);
            var pi = new ApplicationUser { Id = "pi-1", UserName = "pi@test.local", Email = "pi@test.local", EmailConfirmed = true, DisplayName = "Dr Pia Investigator" };
            await users.CreateAsync(pi);
            await users.AddToRoleAsync(pi, Roles.TrialInvestigator);
        }

        Services.AddDbContextFactory<MdtReviewDbContext>(o => DataServiceCollectionExtensions.ConfigureProvider(o, DatabaseProvider.Sqlite, _database.ConnectionString));
        Services.AddScoped<CurrentUserService>();
        Services.AddTrials();
        SignInAs(AdminId, Roles.Administrator);
        Render<MudPopoverProvider>();
        _dialogs = Render<MudDialogProvider>();
    }

    private IRenderedComponent<MudDialogProvider> _dialogs = default!;

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        await _database.DisposeAsync();
    }

    private IRenderedComponent<TrialEditPage> RenderNew()
    {
        var page = Render<TrialEditPage>();
        page.WaitForAssertion(() => page.Find("h1").MarkupMatches("<h1 class:ignore>New trial</h1>"));
        page.WaitForState(() => page.FindAll("button").Any(b => b.TextContent.Contains("Create trial", StringComparison.Ordinal)));
        return page;
    }

    private static IElement Field(IRenderedComponent<TrialEditPage> page, string label)
    {
        var id = page.FindAll("label").First(l => l.TextContent.Trim() == label).GetAttribute("for");
        return page.Find($"#{id}");
    }

    /// <summary>The message MudBlazor shows under the field with this label.</summary>
    private static string MessageUnder(IRenderedComponent<TrialEditPage> page, string label)
    {
        var control = Field(page, label).Closest(".mud-input-control")!;
        // The message sits left; a counter, when the field has one, sits right of it.
        var error = control.QuerySelector(".mud-input-helper-text.mud-input-error");
        return (error?.QuerySelector(".me-auto") ?? error)?.TextContent.Trim() ?? "";
    }

    private static Task SaveAsync(IRenderedComponent<TrialEditPage> page) =>
        page.FindAll("button").Single(b => b.TextContent.Contains("Create trial", StringComparison.Ordinal)).ClickAsync(new());

    [Fact]
    public async Task Saving_an_empty_trial_shows_each_required_fields_message_and_saves_nothing()
    {
        var page = RenderNew();

        await SaveAsync(page);

        page.WaitForAssertion(() => Assert.Contains("Nothing was saved", page.Find("[data-testid='form-errors']").TextContent, StringComparison.Ordinal));
        Assert.Equal("Enter the trial's title.", MessageUnder(page, "Title"));
        Assert.Equal("Enter the registry identifier (NCT, ISRCTN or EudraCT number).", MessageUnder(page, "Registry identifier"));
        Assert.Equal("Choose the phase.", MessageUnder(page, "Phase"));
        Assert.Equal("Choose the principal investigator.", MessageUnder(page, "Principal investigator"));
        Assert.Equal("Enter a short eligibility summary.", MessageUnder(page, "Eligibility summary"));
        Assert.Equal("Enter the criterion, or remove it.", MessageUnder(page, "Criterion 1"));
        Assert.Contains("Choose at least one tumour site.", page.Find("#tumour-sites-error").TextContent, StringComparison.Ordinal);
        await using var db = await _database.CreateContextAsync(Xunit.TestContext.Current.CancellationToken);
        Assert.Empty(db.Trials);
    }

    [Fact]
    public async Task A_registry_identifier_in_no_registry_format_is_explained_under_its_field()
    {
        var page = RenderNew();
        await Field(page, "Registry identifier").ChangeAsync(new() { Value = "NCT1234567" });

        await SaveAsync(page);

        page.WaitForAssertion(() => Assert.Equal(TrialRules.RegistryIdFormatMessage, MessageUnder(page, "Registry identifier")));
    }

    [Fact]
    public async Task Criteria_are_reordered_and_removed_with_labelled_buttons()
    {
        var page = RenderNew();
        await Field(page, "Criterion 1").ChangeAsync(new() { Value = "ECOG 0–1" });
        await page.FindAll("button").Single(b => b.TextContent.Contains("Add criterion", StringComparison.Ordinal)).ClickAsync(new());
        await Field(page, "Criterion 2").ChangeAsync(new() { Value = "Untreated brain metastases" });

        await page.Find("button[aria-label='Move criterion 2 up']").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("Untreated brain metastases", Field(page, "Criterion 1").GetAttribute("value")));
        Assert.Equal("ECOG 0–1", Field(page, "Criterion 2").GetAttribute("value"));
        Assert.True(page.Find("button[aria-label='Move criterion 1 up']").HasAttribute("disabled"));

        await page.Find("button[aria-label='Remove criterion 1']").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("button[aria-label='Remove criterion 2']")));
        Assert.Equal("ECOG 0–1", Field(page, "Criterion 1").GetAttribute("value"));
    }

    [Fact]
    public async Task Removing_a_team_member_while_referrals_are_in_progress_asks_first_and_cancelling_saves_nothing()
    {
        var trialId = await TrialWithNurseAndOpenReferralAsync();
        var page = Render<TrialEditPage>(p => p.Add(x => x.Id, trialId));
        page.WaitForState(() => page.FindAll("button[aria-label='Remove team member 1']").Count == 1);

        await page.Find("button[aria-label='Remove team member 1']").ClickAsync(new());
        // The save waits for the administrator's answer: click without awaiting, answer, then let it finish.
        var saving = page.FindAll("button").Single(b => b.TextContent.Contains("Save trial", StringComparison.Ordinal)).ClickAsync(new());

        _dialogs.WaitForAssertion(() => Assert.Contains("Nora Nurse will lose access to this trial's 1 referral in progress at their next action.", _dialogs.Markup, StringComparison.Ordinal));
        await _dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").ClickAsync(new());
        await saving;

        _dialogs.WaitForAssertion(() => Assert.DoesNotContain("will lose access", _dialogs.Markup, StringComparison.Ordinal));
        await using var db = await _database.CreateContextAsync(Xunit.TestContext.Current.CancellationToken);
        Assert.Equal(2, await db.TrialTeamMembers.CountAsync(m => m.TrialId == trialId, Xunit.TestContext.Current.CancellationToken));
    }

    private async Task<int> TrialWithNurseAndOpenReferralAsync()
    {
        await using (var scope = _database.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var nurse = new ApplicationUser { Id = "nurse-1", UserName = "nurse@test.local", Email = "nurse@test.local", EmailConfirmed = true, DisplayName = "Nora Nurse" };
            await users.CreateAsync(nurse);
            await users.AddToRoleAsync(nurse, Roles.TrialInvestigator);
        }

        await using var db = await _database.CreateContextAsync(Xunit.TestContext.Current.CancellationToken);
        var trial = new Trial { Title = "ORBIT-1", RegistryId = "NCT01234567", Phase = "Phase 2", TumourSites = "Melanoma", EligibilitySummary = "Advanced melanoma." };
        trial.Team.Add(new TrialTeamMember { UserId = "pi-1", Role = TrialTeamRole.PrincipalInvestigator });
        trial.Team.Add(new TrialTeamMember { UserId = "nurse-1", Role = TrialTeamRole.ResearchNurse });
        trial.Criteria.Add(new TrialCriterion { Position = 1, Text = "ECOG 0–1" });
        var patient = new Patient
        {
            Mrn = "TST00001", FamilyName = "Referred", GivenName = "Test", DateOfBirth = new DateOnly(1960, 1, 1), TumourSite = TumourSite.Melanoma,
            Histology = "Melanoma", Stage = "IV", DiagnosisDate = new DateOnly(2025, 11, 1), CreatedAt = DateTime.UtcNow,
        };
        db.Add(new TrialReferral { Trial = trial, Patient = patient, Question = "Eligible?", Status = ReferralStatus.Screening, ReferredById = AdminId, ReferredAt = DateTime.UtcNow });
        await db.SaveChangesAsync(Xunit.TestContext.Current.CancellationToken);
        return trial.Id;
    }
}
