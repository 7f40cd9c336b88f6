using Bunit;
using MdtReview.Data;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Data.Seeding;
using MdtReview.Testing;
using MdtReview.Web.Features.Patients.Entry;
using MdtReview.Web.Features.Patients.Import.Services;
using MdtReview.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace MdtReview.Web.Tests.Features.Patients.Entry;

/// <summary>
/// Component tests of the entry dialogs over the real services and a real SQLite database, so the field messages a test
/// sees are the ones the services return, and the signed-in user's role is read from the database as in the app.
/// </summary>
public abstract class EntryComponentTestBase : ComponentTestBase, IAsyncLifetime
{
    private SqliteTestDatabase _database = default!;
    private AsyncServiceScope _scope;

    protected IDbContextFactory<MdtReviewDbContext> Contexts { get; private set; } = default!;

    protected static DateOnly Today => EntryTestHost.Today;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateSqliteAsync();
        _scope = _database.Services.CreateAsyncScope();
        Contexts = _scope.ServiceProvider.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>();
        await DemoSeeder.EnsureRolesAsync(_scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());
        Services.AddSingleton(Contexts);
        Services.AddSingleton(TimeProvider.System);
        Services.AddScoped<CurrentUserService>();
        Services.AddPatientEntry();
        Services.AddScoped<PreviewLabImport>();
        Services.AddScoped<ImportLabResults>();
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await base.DisposeAsync();
        await _scope.DisposeAsync();
        await _database.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected async Task SignInWithRoleAsync(string role)
    {
        var users = _scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var email = $"{role.ToLowerInvariant()}@test.local";
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = role };
            await users.CreateAsync(user, "a long test passphrase");
            await users.AddToRoleAsync(user, role);
        }

        SignInAs(user.Id, role);
    }

    protected async Task<(int PatientId, int CourseId)> AddPatientAsync()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var patient = new Patient
        {
            Mrn = "RX200001", FamilyName = "Testperson", GivenName = "Sam", DateOfBirth = Today.AddYears(-60), Histology = "Melanoma", Stage = "IV",
            DiagnosisDate = Today.AddYears(-1), CreatedAt = DateTime.UtcNow,
        };
        var course = new TreatmentCourse
        {
            Regimen = "Nivolumab 480 mg q4w", Drugs = "nivolumab", IntervalDays = 28, StartDate = Today.AddDays(-90), Status = TreatmentStatus.Active, LineOfTherapy = 1,
        };
        patient.TreatmentCourses.Add(course);
        db.Patients.Add(patient);
        await db.SaveChangesAsync();
        return (patient.Id, course.Id);
    }

    /// <summary>Renders a dialog provider, opens <typeparamref name="TDialog"/> in it, and returns both.</summary>
    protected async Task<(IRenderedComponent<MudDialogProvider> Provider, IDialogReference Dialog)> OpenAsync<TDialog>(DialogParameters<TDialog> parameters)
        where TDialog : Microsoft.AspNetCore.Components.ComponentBase
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        IDialogReference? reference = null;
        await provider.InvokeAsync(async () => reference = await dialogs.ShowAsync<TDialog>("Dialog", parameters));
        return (provider, reference!);
    }

    protected static async Task ClickAsync(IRenderedComponent<MudDialogProvider> provider, string buttonText)
    {
        var button = provider.FindAll("button").First(b => b.TextContent.Trim() == buttonText);
        if (button.GetAttribute("form") is { Length: > 0 } form)
        {
            // A submit button outside its form (the dialog's actions) submits the form it names, as the browser does.
            await provider.Find($"form#{form}").SubmitAsync();
            return;
        }

        await button.ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());
    }

    protected static IReadOnlyList<string> Labels(IRenderedComponent<MudDialogProvider> provider) =>
        [.. provider.FindAll("label").Select(l => l.TextContent.Trim()).Where(t => t.Length > 0)];

    /// <summary>All text the dialog shows, decoded, so a message with quotes compares as the user reads it.</summary>
    protected static string Text(IRenderedComponent<MudDialogProvider> provider) => string.Concat(provider.Nodes.Select(n => n.TextContent));
}
