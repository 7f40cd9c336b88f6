using MdtReview.Data;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Patients.Entry.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.Web.Tests.Features.Patients.Entry;

/// <summary>
/// A real SQLite database with one oncologist, one user of every other role, and helpers to add a patient with a course,
/// so each entry test states only what it is about.
/// </summary>
public sealed class EntryTestHost : IAsyncDisposable
{
    private EntryTestHost(ServiceTestHost host) => Host = host;

    public ServiceTestHost Host { get; }

    public string OncologistId { get; private set; } = "";

    public IReadOnlyDictionary<string, string> OtherRoles { get; private set; } = new Dictionary<string, string>();

    public static DateOnly Today => DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);

    public static async Task<EntryTestHost> StartAsync()
    {
        var host = new EntryTestHost(await ServiceTestHost.StartAsync());
        host.OncologistId = await host.Host.CreateUserAsync("oncologist@test.local", Roles.Oncologist);
        host.OtherRoles = new Dictionary<string, string>
        {
            [Roles.GovernanceLead] = await host.Host.CreateUserAsync("governance@test.local", Roles.GovernanceLead),
            [Roles.TrialInvestigator] = await host.Host.CreateUserAsync("pi@test.local", Roles.TrialInvestigator),
            [Roles.Administrator] = await host.Host.CreateUserAsync("admin@test.local", Roles.Administrator),
        };
        host.Host.SignInAs(host.OncologistId);
        return host;
    }

    public void SignInAsOncologist() => Host.SignInAs(OncologistId);

    public void SignInAs(string role) => Host.SignInAs(OtherRoles[role]);

    /// <summary>Runs one use case in its own scope, as a request of the app would.</summary>
    public Task<T> Run<TUseCase, T>(Func<TUseCase, Task<T>> action) where TUseCase : notnull => Service(action);

    public Task<T> Db<T>(Func<MdtReviewDbContext, Task<T>> action) => Host.WithScopeAsync(async sp =>
    {
        await using var db = await sp.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync();
        return await action(db);
    });

    /// <summary>Adds a patient on an active course that started <paramref name="courseStartDaysAgo"/> days ago; returns (patient, course).</summary>
    public Task<(int PatientId, int CourseId)> AddPatientAsync(string mrn = "RX000001", string? nhsNumber = null, int courseStartDaysAgo = 120) => Db(async db =>
    {
        var patient = new Patient
        {
            Mrn = mrn,
            NhsNumber = nhsNumber,
            FamilyName = "Testperson",
            GivenName = "Alex",
            DateOfBirth = Today.AddYears(-64),
            Sex = Sex.Female,
            Histology = "Adenocarcinoma of lung",
            Stage = "IVA",
            DiagnosisDate = Today.AddDays(-courseStartDaysAgo - 30),
            CreatedAt = DateTime.UtcNow,
        };
        var course = new TreatmentCourse
        {
            Regimen = "Pembrolizumab 200 mg q3w",
            Drugs = "pembrolizumab",
            IntervalDays = 21,
            Intent = TreatmentIntent.Palliative,
            LineOfTherapy = 1,
            StartDate = Today.AddDays(-courseStartDaysAgo),
            Status = TreatmentStatus.Active,
        };
        patient.TreatmentCourses.Add(course);
        db.Patients.Add(patient);
        await db.SaveChangesAsync();
        return (patient.Id, course.Id);
    });

    public async Task<int> CountAsync<TEntity>() where TEntity : class => await Db(db => db.Set<TEntity>().CountAsync());

    private Task<T> Service<TService, T>(Func<TService, Task<T>> action) where TService : notnull =>
        Host.WithScopeAsync(sp => action(ActivatorUtilities.CreateInstance<TService>(sp)));

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
