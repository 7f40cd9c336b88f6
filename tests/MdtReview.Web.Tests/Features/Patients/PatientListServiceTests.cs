using MdtReview.Data;
using MdtReview.Data.Evidence;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Data.Seeding;
using MdtReview.Web.Features.Patients.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.Web.Tests.Features.Patients;

/// <summary>The demo cohort in a real SQLite database, seeded once for the class; every test only reads.</summary>
public sealed class DemoCohortHost : IAsyncLifetime
{
    public ServiceTestHost Host { get; private set; } = default!;
    public string OncologistId { get; private set; } = "";
    public string GovernanceId { get; private set; } = "";
    public string InvestigatorId { get; private set; } = "";
    public string AdministratorId { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        Host = await ServiceTestHost.StartAsync();
        await Host.WithScopeAsync(sp => sp.GetRequiredService<DemoSeeder>().SeedAsync());
        OncologistId = await Host.CreateUserAsync("onc@test.local", Roles.Oncologist);
        GovernanceId = await Host.CreateUserAsync("gov@test.local", Roles.GovernanceLead);
        InvestigatorId = await Host.CreateUserAsync("pi@test.local", Roles.TrialInvestigator);
        AdministratorId = await Host.CreateUserAsync("admin@test.local", Roles.Administrator);
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}

public sealed class PatientListServiceTests(DemoCohortHost cohort) : IClassFixture<DemoCohortHost>
{
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private Task<PatientListPage> ListAsync(PatientListRequest request, string? userId = null)
    {
        cohort.Host.SignInAs(userId ?? cohort.OncologistId);
        return cohort.Host.WithScopeAsync(sp => ActivatorUtilities.CreateInstance<PatientListService>(sp).ListAsync(request, TestContext.Current.CancellationToken));
    }

    private Task<T> ReadAsync<T>(Func<MdtReviewDbContext, Task<T>> read) => cohort.Host.WithScopeAsync(async sp =>
    {
        await using var db = await sp.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        return await read(db);
    });

    private static PatientListRequest All(PatientListFilter? filter = null, PatientSort sort = PatientSort.Name, bool descending = false) =>
        new(filter ?? new PatientListFilter(), sort, descending, 0, PatientListService.MaxPageSize);

    [Fact]
    public async Task Pages_come_from_the_database_with_the_total_and_page_2_follows_page_1()
    {
        var patients = await ReadAsync(db => db.Patients.CountAsync());

        var first = await ListAsync(new PatientListRequest(new PatientListFilter(), Page: 0, PageSize: 10));
        var second = await ListAsync(new PatientListRequest(new PatientListFilter(), Page: 1, PageSize: 10));

        Assert.Equal(patients, first.TotalCount);
        Assert.Equal(patients, second.TotalCount);
        Assert.Equal(10, first.Items.Count);
        Assert.Equal(10, second.Items.Count);
        Assert.Empty(first.Items.Select(r => r.Id).Intersect(second.Items.Select(r => r.Id)));
        var everyone = await ListAsync(All());
        Assert.Equal(everyone.Items.Take(20).Select(r => r.Id), first.Items.Concat(second.Items).Select(r => r.Id));
    }

    [Fact]
    public async Task The_list_sorts_by_name_date_of_birth_and_next_scan_due_in_either_direction()
    {
        var byName = (await ListAsync(All())).Items.Select(r => r.Name.Split(',')[0]).ToList();
        var byBirthDescending = (await ListAsync(All(sort: PatientSort.DateOfBirth, descending: true))).Items.Select(r => r.DateOfBirth).ToList();
        var byScan = (await ListAsync(All(sort: PatientSort.NextScanDue))).Items.Select(r => r.NextScanDue).ToList();
        var byMrnDescending = (await ListAsync(All(sort: PatientSort.Mrn, descending: true))).Items.Select(r => r.Mrn).ToList();

        Assert.Equal(byName.Order(StringComparer.Ordinal), byName);
        Assert.Equal(byBirthDescending.OrderDescending(), byBirthDescending);
        Assert.Equal(byMrnDescending.OrderDescending(StringComparer.Ordinal), byMrnDescending);
        var scheduled = byScan.TakeWhile(d => d is not null).ToList();
        Assert.NotEmpty(scheduled);
        Assert.Equal(scheduled.Order(), scheduled);
        Assert.All(byScan.Skip(scheduled.Count), d => Assert.Null(d));
    }

    [Fact]
    public async Task An_NHS_number_typed_with_spaces_finds_its_patient()
    {
        var patient = await ReadAsync(db => db.Patients.OrderBy(p => p.Id).Skip(7).FirstAsync());
        var spaced = $"{patient.NhsNumber![..3]} {patient.NhsNumber[3..6]} {patient.NhsNumber[6..]}";

        var found = await ListAsync(All(new PatientListFilter { Search = spaced }));

        Assert.Equal(patient.Id, Assert.Single(found.Items).Id);
    }

    [Fact]
    public async Task A_search_finds_patients_by_MRN_and_by_the_start_of_a_name_in_any_case()
    {
        var patient = await ReadAsync(db => db.Patients.OrderBy(p => p.Id).Skip(3).FirstAsync());
        var prefix = patient.FamilyName[..3].ToLowerInvariant();

        var byMrn = await ListAsync(All(new PatientListFilter { Search = patient.Mrn.ToLowerInvariant() }));
        var byName = await ListAsync(All(new PatientListFilter { Search = prefix }));
        var byFullName = await ListAsync(All(new PatientListFilter { Search = $"{patient.GivenName} {patient.FamilyName}" }));

        Assert.Equal(patient.Id, Assert.Single(byMrn.Items).Id);
        Assert.Contains(byName.Items, r => r.Id == patient.Id);
        Assert.All(byName.Items, r => Assert.True(
            r.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || r.Name.Split(", ")[1].StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            || r.Mrn.StartsWith(prefix, StringComparison.OrdinalIgnoreCase), r.Name));
        Assert.Contains(byFullName.Items, r => r.Id == patient.Id);
    }

    [Fact]
    public async Task A_search_that_matches_nobody_returns_an_empty_page()
    {
        var found = await ListAsync(All(new PatientListFilter { Search = "Zzyzx-no-such-patient" }));

        Assert.Empty(found.Items);
        Assert.Equal(0, found.TotalCount);
        Assert.False(found.Forbidden);
    }

    [Fact]
    public async Task The_tumour_site_filter_lists_exactly_the_patients_of_that_site()
    {
        var melanoma = await ReadAsync(db => db.Patients.Where(p => p.TumourSite == TumourSite.Melanoma).Select(p => p.Id).ToListAsync());

        var listed = await ListAsync(All(new PatientListFilter { TumourSite = TumourSite.Melanoma }));

        Assert.Equal(melanoma.Order(), listed.Items.Select(r => r.Id).Order());
        Assert.All(listed.Items, r => Assert.Equal(TumourSite.Melanoma, r.TumourSite));
    }

    [Theory]
    [InlineData(TreatmentStatus.Active)]
    [InlineData(TreatmentStatus.Paused)]
    [InlineData(TreatmentStatus.Stopped)]
    public async Task The_treatment_status_filter_reads_the_current_course(TreatmentStatus status)
    {
        var expected = await ReadAsync(async db => (await db.Patients.Include(p => p.TreatmentCourses).ToListAsync())
            .Where(p => p.TreatmentCourses.OrderBy(c => c.StartDate).ThenBy(c => c.Id).LastOrDefault()?.Status == status)
            .Select(p => p.Id).Order().ToList());

        var listed = await ListAsync(All(new PatientListFilter { TreatmentStatus = status }));

        Assert.NotEmpty(expected);
        Assert.Equal(expected, listed.Items.Select(r => r.Id).Order());
        Assert.All(listed.Items, r => Assert.Equal(status, r.TreatmentStatus));
    }

    public static TheoryData<PatientAlertKind> AlertKinds => new(Enum.GetValues<PatientAlertKind>());

    [Theory]
    [MemberData(nameof(AlertKinds))]
    public async Task Each_alert_filter_lists_exactly_the_patients_whose_state_carries_that_alert_today(PatientAlertKind kind)
    {
        var expected = await ReadAsync(async db => (await db.PatientAlertStates.AsNoTracking().ToListAsync())
            .Where(s => PatientAlertRules.IsActive(s, kind, Today)).Select(s => s.PatientId).Order().ToList());

        var listed = await ListAsync(All(new PatientListFilter { Alerts = [kind] }));

        Assert.Equal(expected, listed.Items.Select(r => r.Id).Order());
        Assert.All(listed.Items, r => Assert.Contains(r.Alerts, a => a.Kind == kind));
    }

    [Fact]
    public async Task The_demo_cohort_has_patients_with_an_iUPD_awaiting_confirmation_and_with_an_active_grade_2_irAE()
    {
        var iupd = await ListAsync(All(new PatientListFilter { Alerts = [PatientAlertKind.IupdAwaitingConfirmation] }));
        var irae = await ListAsync(All(new PatientListFilter { Alerts = [PatientAlertKind.IraeGrade2OrAbove] }));

        Assert.NotEmpty(iupd.Items);
        Assert.Contains(iupd.Items[0].Alerts, a => a.Kind == PatientAlertKind.IupdAwaitingConfirmation && a.Detail.Contains("confirmation scan", StringComparison.Ordinal));
        Assert.NotEmpty(irae.Items);
        Assert.All(irae.Items, r => Assert.True(r.Alerts.Single(a => a.Kind == PatientAlertKind.IraeGrade2OrAbove).Grade >= 2));
    }

    [Fact]
    public async Task Two_alert_filters_list_patients_with_either_alert()
    {
        var iupd = await ListAsync(All(new PatientListFilter { Alerts = [PatientAlertKind.IupdAwaitingConfirmation] }));
        var irae = await ListAsync(All(new PatientListFilter { Alerts = [PatientAlertKind.IraeGrade2OrAbove] }));

        var either = await ListAsync(All(new PatientListFilter { Alerts = [PatientAlertKind.IupdAwaitingConfirmation, PatientAlertKind.IraeGrade2OrAbove] }));

        Assert.Equal(iupd.Items.Concat(irae.Items).Select(r => r.Id).Distinct().Order(), either.Items.Select(r => r.Id).Order());
    }

    [Fact]
    public async Task A_governance_lead_may_read_the_list()
    {
        var listed = await ListAsync(All(), cohort.GovernanceId);

        Assert.False(listed.Forbidden);
        Assert.NotEmpty(listed.Items);
    }

    [Fact]
    public async Task A_trial_investigator_and_an_administrator_are_refused_and_see_nobody()
    {
        var investigator = await ListAsync(All(), cohort.InvestigatorId);
        var administrator = await ListAsync(All(), cohort.AdministratorId);

        Assert.True(investigator.Forbidden);
        Assert.Empty(investigator.Items);
        Assert.Equal(0, investigator.TotalCount);
        Assert.True(administrator.Forbidden);
        Assert.Empty(administrator.Items);
    }
}
