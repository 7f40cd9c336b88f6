using Bunit;
using MdtReview.Data;
using MdtReview.Data.Auditing;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Data.Seeding;
using MdtReview.Testing;
using MdtReview.Web.Features.Governance.Pages;
using MdtReview.Web.Features.Governance.Services;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace MdtReview.Web.Tests.Features.Governance;

/// <summary>The audit browser over a real SQLite trail: rows, the before/after view and chain verification.</summary>
public sealed class AuditTrailPageTests : ComponentTestBase, IAsyncLifetime
{
    private SqliteTestDatabase _database = default!;
    private AsyncServiceScope _scope;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateSqliteAsync();
        _scope = _database.Services.CreateAsyncScope();
        var sp = _scope.ServiceProvider;
        await DemoSeeder.EnsureRolesAsync(sp.GetRequiredService<RoleManager<IdentityRole>>());
        var users = sp.GetRequiredService<UserManager<ApplicationUser>>();
        var lead = new ApplicationUser { UserName = "gov@test.local", Email = "gov@test.local", DisplayName = "Gov Lead" };
        await users.CreateAsync(lead, "a long test passphrase");
        await users.AddToRoleAsync(lead, Roles.GovernanceLead);

        await using (var db = await _database.CreateContextAsync())
        {
            var patient = new Patient
            {
                Mrn = "PAGE001", FamilyName = "Paged", GivenName = "Pat", Histology = "Urothelial carcinoma", Stage = "IVA",
                DateOfBirth = new DateOnly(1955, 3, 3), DiagnosisDate = new DateOnly(2025, 1, 1), CreatedAt = DateTime.UtcNow,
            };
            db.Patients.Add(patient);
            await db.SaveChangesAsync();
            patient.Stage = "IVB";
            await db.SaveChangesAsync();
        }

        Services.AddScoped(_ => sp.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>());
        Services.AddScoped(_ => sp.GetRequiredService<AuditChainVerifier>());
        Services.AddScoped<MdtReview.Web.Security.CurrentUserService>();
        Services.AddScoped<AuditTrailService>();
        SignInAs(lead.Id, Roles.GovernanceLead);
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await base.DisposeAsync();
        await _scope.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task The_trail_lists_events_newest_first_and_shows_before_and_after_of_an_update()
    {
        var page = Render<AuditTrailPage>();
        page.WaitForAssertion(() => Assert.Contains("Patient", page.Find("tbody").TextContent, StringComparison.Ordinal));

        var firstRow = page.FindAll("tbody tr")[0];
        Assert.Contains("Update", firstRow.TextContent, StringComparison.Ordinal);
        Assert.Contains("PAGE001", firstRow.TextContent, StringComparison.Ordinal);

        var dialogs = Render<MudDialogProvider>();
        await page.InvokeAsync(() => firstRow.QuerySelector("button")!.Click());
        dialogs.WaitForAssertion(() => Assert.Contains("Before", dialogs.Markup, StringComparison.Ordinal));
        var stageRow = dialogs.FindAll("tbody tr").Single(r => r.QuerySelector("th")!.TextContent == "Stage");
        Assert.Equal(["IVA", "IVB"], stageRow.QuerySelectorAll("td").Select(td => td.TextContent.Trim()));
    }

    [Fact]
    public async Task Verifying_reports_an_intact_chain_and_then_the_event_someone_edited_in_the_database()
    {
        var page = Render<AuditTrailPage>();
        var verify = page.FindAll("button").Single(b => b.TextContent.Contains("Verify chain", StringComparison.Ordinal));

        await page.InvokeAsync(() => verify.Click());
        page.WaitForAssertion(() => Assert.Contains("Chain intact:", page.Markup, StringComparison.Ordinal));

        await using (var db = await _database.CreateContextAsync(Xunit.TestContext.Current.CancellationToken))
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEvents\" SET \"UserName\" = 'someone else' WHERE \"Sequence\" = 1", Xunit.TestContext.Current.CancellationToken);
        }

        await page.InvokeAsync(() => page.FindAll("button").Single(b => b.TextContent.Contains("Verify chain", StringComparison.Ordinal)).Click());
        page.WaitForAssertion(() => Assert.Contains("Chain BROKEN at sequence 1", page.Markup, StringComparison.Ordinal));
    }
}
