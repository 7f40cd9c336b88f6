using Bunit;
using MdtReview.Data;
using MdtReview.Data.Auditing;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Data.Seeding;
using MdtReview.Testing;
using MdtReview.Web.Features.Governance.Services;
using MdtReview.Web.Features.Patients.Pages;
using MdtReview.Web.Features.Patients;
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
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            patient.AdverseEvents.Add(Irae("Colitis", Clinical.Irae.IraeCategory.Colitis, today.AddDays(-10), resolved: null));
            patient.AdverseEvents.Add(Irae("Pneumonitis", Clinical.Irae.IraeCategory.Pneumonitis, today.AddDays(-90), resolved: today.AddDays(-30)));
            patient.TreatmentCourses.Add(Course("Pembrolizumab 200 mg q3w", Data.Model.TreatmentStatus.Active, today.AddDays(-60)));
            patient.TreatmentCourses.Add(Course("Ipilimumab and nivolumab", Data.Model.TreatmentStatus.Stopped, today.AddDays(-400)));
            db.Patients.Add(patient);
            await db.SaveChangesAsync();
            _patientId = patient.Id;
        }

        Services.AddSingleton<IDbContextFactory<MdtReviewDbContext>>(new ForwardingFactory(_database));
        Services.AddSingleton(TimeProvider.System);
        Services.AddScoped<CurrentUserService>();
        Services.AddPatients();
        Services.AddScoped<Web.Features.Referrals.Services.ListPatientReferrals>();
        Services.AddScoped<Web.Features.Referrals.Services.ListRecruitingTrials>();
        Services.AddScoped<Web.Features.Referrals.Services.ReferToTrial>();
        // The audit chain is the real one (HMAC key from the test database's configuration), so the view event is the app's.
        Services.AddSingleton(_database.Services.GetRequiredService<AuditChain>());
        Services.AddScoped<PatientViewAuditService>();
    }

    private static Data.Model.AdverseEvent Irae(string term, Clinical.Irae.IraeCategory category, DateOnly onset, DateOnly? resolved) => new()
    {
        CtcaeTerm = term,
        Category = category,
        CurrentGrade = 2,
        OnsetDate = onset,
        ResolvedDate = resolved,
        Attribution = Data.Model.Attribution.Probable,
        GradeHistory = [new() { Grade = 2, EffectiveDate = onset, RecordedAt = DateTime.UtcNow }],
    };

    private static Data.Model.TreatmentCourse Course(string regimen, Data.Model.TreatmentStatus status, DateOnly start) => new()
    {
        Regimen = regimen,
        Drugs = regimen.ToLowerInvariant(),
        IntervalDays = 21,
        StartDate = start,
        Status = status,
        Intent = Data.Model.TreatmentIntent.Palliative,
        LineOfTherapy = 1,
    };

    private async Task<int> ViewEventsAsync(string userId)
    {
        await using var db = await _database.CreateContextAsync();
        return await db.AuditEvents.CountAsync(e => e.Action == AuditAction.View && e.PatientId == _patientId && e.UserId == userId);
    }

    /// <summary>The write actions the page offers, by accessible name (aria-label when present, otherwise the text).</summary>
    private static List<string> ActionNames(IRenderedComponent<PatientReviewPage> cut) =>
        [.. cut.FindAll("button").Select(b => b.GetAttribute("aria-label") ?? b.TextContent.Trim())];

    private static readonly string[] _oncologistActions =
    [
        "Add results", "Import CSV", "Record irAE", "Change grade of Colitis", "Resolve Colitis", "Record scan",
        "Record infusion for Pembrolizumab 200 mg q3w", "Refer to trial",
    ];

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
    public void An_oncologist_gets_each_entry_action_named_after_the_item_it_acts_on()
    {
        SignInAs("onc", Roles.Oncologist);

        var cut = RenderPage(_patientId);

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=course]"), c => c.TextContent.Contains("Pembrolizumab", StringComparison.Ordinal)));
        var names = ActionNames(cut);
        Assert.All(_oncologistActions, expected => Assert.Contains(expected, names));
        // A resolved irAE and a stopped course take no further entries.
        Assert.DoesNotContain(names, n => n.Contains("Pneumonitis", StringComparison.Ordinal) || n.Contains("Ipilimumab", StringComparison.Ordinal));
    }

    [Fact]
    public void A_governance_lead_gets_none_of_the_entry_actions()
    {
        SignInAs("gov", Roles.GovernanceLead);

        var cut = RenderPage(_patientId);

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=course]").Count));
        Assert.Contains("Colitis", cut.Find("[data-testid=side-effects]").TextContent, StringComparison.Ordinal);
        var names = ActionNames(cut);
        Assert.All(_oncologistActions, action => Assert.DoesNotContain(action, names));
    }

    [Fact]
    public async Task Opening_the_page_as_an_oncologist_writes_exactly_one_view_event()
    {
        SignInAs("onc", Roles.Oncologist);

        var cut = RenderPage(_patientId);
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=irae]")));
        // Re-rendering the same view (same patient) must not add another event.
        cut.Render(p => p.Add(c => c.Id, _patientId));
        await cut.InvokeAsync(() => Task.CompletedTask);

        Assert.Equal(1, await ViewEventsAsync("onc"));
    }

    [Fact]
    public async Task A_governance_leads_view_is_audited_too()
    {
        SignInAs("gov", Roles.GovernanceLead);

        var cut = RenderPage(_patientId);
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=irae]")));

        Assert.Equal(1, await ViewEventsAsync("gov"));
    }

    [Fact]
    public async Task A_refused_or_unknown_patient_writes_no_view_event()
    {
        SignInAs("pi", Roles.TrialInvestigator);
        var cut = RenderPage(_patientId);
        cut.WaitForAssertion(() => Assert.Contains("Not found", cut.Markup, StringComparison.Ordinal));

        await using var db = await _database.CreateContextAsync(Xunit.TestContext.Current.CancellationToken);
        Assert.Equal(0, await db.AuditEvents.CountAsync(e => e.Action == AuditAction.View, Xunit.TestContext.Current.CancellationToken));
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
