using System.Text;
using MdtReview.Data;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Admin.Services;
using MdtReview.Web.Features.Governance.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.Web.Tests.Features.Governance;

/// <summary>View events, and the audit browser's service, which only a governance lead may use.</summary>
public sealed class AuditServicesTests : IAsyncLifetime
{
    private ServiceTestHost _host = default!;
    private string _oncologistId = "";
    private string _governanceId = "";
    private string _investigatorId = "";
    private int _patientId;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceTestHost.StartAsync();
        _oncologistId = await _host.CreateUserAsync("onc@test.local", Roles.Oncologist);
        _governanceId = await _host.CreateUserAsync("gov@test.local", Roles.GovernanceLead);
        _investigatorId = await _host.CreateUserAsync("pi@test.local", Roles.TrialInvestigator);
        _patientId = await _host.WithScopeAsync(async sp =>
        {
            await using var db = await sp.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync(Ct);
            var patient = new Patient
            {
                Mrn = "VIEW001", FamilyName = "Viewed", GivenName = "Pat", Histology = "Cutaneous melanoma", Stage = "IV (M1c)",
                DateOfBirth = new DateOnly(1970, 1, 1), DiagnosisDate = new DateOnly(2025, 6, 1), CreatedAt = DateTime.UtcNow,
            };
            db.Patients.Add(patient);
            await db.SaveChangesAsync(Ct);
            return patient.Id;
        });
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private Task<T> Views<T>(Func<PatientViewAuditService, Task<T>> action) =>
        _host.WithScopeAsync(sp => action(ActivatorUtilities.CreateInstance<PatientViewAuditService>(sp)));

    private Task<T> Trail<T>(Func<AuditTrailService, Task<T>> action) =>
        _host.WithScopeAsync(sp => action(ActivatorUtilities.CreateInstance<AuditTrailService>(sp)));

    private Task<List<AuditEvent>> EventsAsync() => _host.WithScopeAsync(async sp =>
    {
        await using var db = await sp.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync(Ct);
        return await db.AuditEvents.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync(Ct);
    });

    [Fact]
    public async Task An_oncologist_opening_a_review_page_writes_one_view_event_naming_them_and_the_patient()
    {
        _host.SignInAs(_oncologistId, "onc@test.local");

        Assert.True(await Views(s => s.RecordPatientViewAsync(_patientId, Ct)));

        var view = Assert.Single(await EventsAsync(), e => e.Action == AuditAction.View);
        Assert.Equal((_oncologistId, "onc@test.local", nameof(Patient), (int?)_patientId), (view.UserId, view.UserName, view.EntityType, view.PatientId));
    }

    [Fact]
    public async Task A_governance_lead_reading_a_record_is_audited_too()
    {
        _host.SignInAs(_governanceId, "gov@test.local");

        Assert.True(await Views(s => s.RecordPatientViewAsync(_patientId, Ct)));
        Assert.True(await Views(s => s.RecordPatientViewAsync(_patientId, Ct)));

        Assert.Equal(2, (await EventsAsync()).Count(e => e.Action == AuditAction.View && e.UserId == _governanceId));
    }

    [Fact]
    public async Task A_view_by_someone_who_may_not_see_clinical_data_or_of_an_unknown_patient_writes_nothing()
    {
        var before = (await EventsAsync()).Count;

        _host.SignInAs(_investigatorId, "pi@test.local");
        Assert.False(await Views(s => s.RecordPatientViewAsync(_patientId, Ct)));
        _host.SignInAs(_oncologistId, "onc@test.local");
        Assert.False(await Views(s => s.RecordPatientViewAsync(_patientId + 1000, Ct)));

        Assert.Equal(before, (await EventsAsync()).Count);
    }

    [Fact]
    public async Task A_write_through_a_feature_service_is_audited_as_the_signed_in_user()
    {
        var adminId = await _host.CreateUserAsync("admin@test.local", Roles.Administrator);
        _host.SignInAs(adminId, "admin@test.local");

        var result = await _host.WithScopeAsync(sp => ActivatorUtilities.CreateInstance<UserAdminService>(sp)
            .CreateAsync(new NewUser("created@test.local", "Dr Created", null, [Roles.Oncologist]), Ct));

        Assert.True(result.Succeeded);
        var events = await EventsAsync();
        var created = Assert.Single(events, e => e.EntityType == "ApplicationUser" && e.Action == AuditAction.Insert && e.ChangesJson!.Contains("created@test.local", StringComparison.Ordinal));
        Assert.Equal((adminId, "admin@test.local"), (created.UserId, created.UserName));
        Assert.Contains(events, e => e.EntityType == "IdentityUserRole" && e.UserId == adminId);
    }

    [Fact]
    public async Task Only_a_governance_lead_may_verify_search_or_export_the_trail()
    {
        foreach (var id in new[] { _oncologistId, _investigatorId })
        {
            _host.SignInAs(id);
            Assert.Null(await Trail(s => s.VerifyAsync(Ct)));
            Assert.Equal(0, (await Trail(s => s.SearchAsync(new AuditFilter(), 0, 25, Ct))).TotalCount);
            Assert.Null(await Trail(s => s.ExportCsvAsync(new AuditFilter(), Ct)));
            Assert.Empty(await Trail(s => s.EntityTypesAsync(Ct)));
        }

        _host.SignInAs(_governanceId);
        var verification = await Trail(s => s.VerifyAsync(Ct));
        Assert.NotNull(verification);
        Assert.True(verification.Intact, verification.ToString());
        Assert.NotEqual(0, (await Trail(s => s.SearchAsync(new AuditFilter(), 0, 25, Ct))).TotalCount);
    }

    [Fact]
    public async Task The_audit_browser_narrows_to_one_record_by_type_and_id()
    {
        _host.SignInAs(_governanceId, "gov@test.local");

        var patient = await Trail(s => s.SearchAsync(new AuditFilter(EntityType: nameof(Patient), EntityId: _patientId.ToString(System.Globalization.CultureInfo.InvariantCulture)), 0, 25, Ct));
        var none = await Trail(s => s.SearchAsync(new AuditFilter(EntityType: nameof(Patient), EntityId: "999999"), 0, 25, Ct));

        var created = Assert.Single(patient.Items);
        Assert.Equal((AuditAction.Insert, _patientId.ToString(System.Globalization.CultureInfo.InvariantCulture)), (created.Action, created.EntityId));
        Assert.Equal(0, none.TotalCount);
    }

    [Fact]
    public async Task The_audit_browser_filters_by_patient_user_and_action_newest_first_with_paging()
    {
        _host.SignInAs(_oncologistId, "onc@test.local");
        for (var i = 0; i < 3; i++)
        {
            await Views(s => s.RecordPatientViewAsync(_patientId, Ct));
        }

        _host.SignInAs(_governanceId, "gov@test.local");
        var byMrn = await Trail(s => s.SearchAsync(new AuditFilter(Patient: "VIEW001", Action: AuditAction.View, User: "onc@"), 0, 2, Ct));
        var secondPage = await Trail(s => s.SearchAsync(new AuditFilter(Patient: "VIEW001", Action: AuditAction.View, User: "onc@"), 1, 2, Ct));
        var nobody = await Trail(s => s.SearchAsync(new AuditFilter(User: "nobody@"), 0, 25, Ct));
        var future = await Trail(s => s.SearchAsync(new AuditFilter(From: DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2)), 0, 25, Ct));

        Assert.Equal(3, byMrn.TotalCount);
        Assert.Equal(2, byMrn.Items.Count);
        Assert.True(byMrn.Items[0].Sequence > byMrn.Items[1].Sequence);
        Assert.Single(secondPage.Items);
        Assert.All(byMrn.Items, r => Assert.Equal("VIEW001", r.PatientMrn));
        Assert.Equal(0, nobody.TotalCount);
        Assert.Equal(0, future.TotalCount);
    }

    [Fact]
    public async Task The_csv_export_holds_a_header_and_one_row_per_filtered_event()
    {
        _host.SignInAs(_oncologistId, "onc@test.local");
        await Views(s => s.RecordPatientViewAsync(_patientId, Ct));
        await Views(s => s.RecordPatientViewAsync(_patientId, Ct));

        _host.SignInAs(_governanceId, "gov@test.local");
        var csv = Encoding.UTF8.GetString((await Trail(s => s.ExportCsvAsync(new AuditFilter(Action: AuditAction.View), Ct)))!);

        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Sequence,OccurredAtUtc,UserId,UserName,EntityType,EntityId,Action,PatientId,PatientMrn,Changes,Hash", lines[0], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Contains(",View,", l, StringComparison.Ordinal));
        Assert.All(lines.Skip(1), l => Assert.Contains("VIEW001", l, StringComparison.Ordinal));
    }

    [Fact]
    public void The_before_and_after_view_reads_the_changed_fields_and_shows_redactions()
    {
        var changes = AuditTrailService.Changes("""{"Stage":{"before":"IVA","after":"IVB"},"PasswordHash":{"redacted":true},"Note":{"after":null}}""");

        Assert.Equal(
            [new AuditFieldChange("Stage", "IVA", "IVB", false), new AuditFieldChange("PasswordHash", null, null, true), new AuditFieldChange("Note", null, "(empty)", false)],
            changes);
    }
}
