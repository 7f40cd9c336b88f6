using Bunit;
using MdtReview.Data;
using MdtReview.Data.Identity;
using MdtReview.Data.Seeding;
using MdtReview.Testing;
using MdtReview.Web.Features.Patients.Pages;
using MdtReview.Web.Features.Patients.Services;
using MdtReview.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.Web.Tests.Features.Patients;

/// <summary>The whole review page over a real SQLite database, signed in as each role.</summary>
public sealed class PatientReviewPageTests : ComponentTestBase, IAsyncLifetime
{
    private SqliteTestDatabase _database = default!;
    private int _patientId;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateSqliteAsync();
        await using (var scope = _database.Services.CreateAsyncScope())
        {
            await DemoSeeder.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            foreach (var (id, role) in new[] { ("onc", Roles.Oncologist), ("gov", Roles.GovernanceLead), ("pi", Roles.TrialInvestigator) })
            {
                var user = new ApplicationUser { Id = id, UserName = $"{id}@test.local", Email = $"{id}@test.local", EmailConfirmed = true, DisplayName = id };
                await users.CreateAsync(user, "a long test passphrase");
                await users.AddToRoleAsync(user, role);
            }
        }

        await using (var db = await _database.CreateContextAsync())
        {
            var patient = new Data.Model.Patient
            {
                Mrn = "P1", FamilyName = "Review", GivenName = "Pat", Histology = "Adenocarcinoma", Stage = "IV", DateOfBirth = new DateOnly(1955, 1, 1),
            };
            patient.LabResults.Add(ReviewTestData.Lab("ALT", 250, "U/L", 0, 40, DateTime.UtcNow.AddDays(-2)));
            db.Patients.Add(patient);
            await db.SaveChangesAsync();
            _patientId = patient.Id;
        }

        Services.AddSingleton<IDbContextFactory<MdtReviewDbContext>>(new ForwardingFactory(_database));
        Services.AddSingleton(TimeProvider.System);
        Services.AddScoped<CurrentUserService>();
        Services.AddScoped<PatientReviewService>();
        Services.AddScoped<LabResultsService>();
        Services.AddScoped<LabEntryService>();
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        await _database.DisposeAsync();
    }

    private IRenderedComponent<PatientReviewPage> RenderPage(int id)
    {
        Render<MudBlazor.MudPopoverProvider>();
        return Render<PatientReviewPage>(p => p.Add(c => c.Id, id));
    }

    [Fact]
    public void An_oncologist_sees_the_grade_and_the_edit_controls()
    {
        SignInAs("onc", Roles.Oncologist);

        var cut = RenderPage(_patientId);

        cut.WaitForAssertion(() => Assert.Contains("G3", cut.Find("[data-testid=latest-panel]").TextContent, StringComparison.Ordinal));
        Assert.Contains(cut.FindAll("button"), b => b.TextContent.Contains("Add results", StringComparison.Ordinal));
        Assert.NotEmpty(cut.FindAll("button[aria-label^='Correct ']"));
    }

    [Fact]
    public void A_governance_lead_sees_the_same_results_and_no_edit_control()
    {
        SignInAs("gov", Roles.GovernanceLead);

        var cut = RenderPage(_patientId);

        cut.WaitForAssertion(() => Assert.Contains("G3", cut.Find("[data-testid=latest-panel]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Contains("Add results", StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("button[aria-label^='Correct ']"));
    }

    [Fact]
    public void A_trial_investigator_gets_the_not_found_content()
    {
        SignInAs("pi", Roles.TrialInvestigator);

        var cut = RenderPage(_patientId);

        cut.WaitForAssertion(() => Assert.Contains("Not found", cut.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain("REVIEW, Pat", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_patient_gets_the_not_found_content()
    {
        SignInAs("onc", Roles.Oncologist);

        var cut = RenderPage(_patientId + 1000);

        cut.WaitForAssertion(() => Assert.Contains("Not found", cut.Markup, StringComparison.Ordinal));
    }

    private sealed class ForwardingFactory(SqliteTestDatabase database) : IDbContextFactory<MdtReviewDbContext>
    {
        public MdtReviewDbContext CreateDbContext() => database.CreateContextAsync().GetAwaiter().GetResult();

        public Task<MdtReviewDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) => database.CreateContextAsync(cancellationToken);
    }
}
