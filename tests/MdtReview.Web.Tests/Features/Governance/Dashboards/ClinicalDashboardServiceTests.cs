using MdtReview.Clinical.GuidelineCheck;
using MdtReview.Data;
using MdtReview.Data.Evidence;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Governance.Dashboards;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.Web.Tests.Features.Governance.Dashboards;

/// <summary>The four clinical dashboards over a real database: only a governance lead gets a table, and it reads what was stored.</summary>
public sealed class ClinicalDashboardServiceTests : IAsyncLifetime
{
    private ServiceTestHost _host = default!;
    private string _governanceId = "";
    private readonly Dictionary<string, string> _others = [];
    private int _amendmentId;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Wide enough to hold the stored decisions whatever today is.
    private static readonly DashboardFilter Everything = new(new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), null);

    public static TheoryData<string> Keys => new(OutcomeDashboardCalculator.Key, DeviationDashboardCalculator.Key, TimelinessDashboardCalculator.Key, IraeDashboardCalculator.Key);

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceTestHost.StartAsync();
        _governanceId = await _host.CreateUserAsync("gov@test.local", Roles.GovernanceLead);
        _others[Roles.Oncologist] = await _host.CreateUserAsync("onc@test.local", Roles.Oncologist);
        _others[Roles.TrialInvestigator] = await _host.CreateUserAsync("pi@test.local", Roles.TrialInvestigator);
        _others[Roles.Administrator] = await _host.CreateUserAsync("admin@test.local", Roles.Administrator);
        var oncologist = _others[Roles.Oncologist];
        _amendmentId = await _host.WithScopeAsync(async sp =>
        {
            await using var db = await sp.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync(Ct);
            var patient = new Patient
            {
                Mrn = "DASH001", FamilyName = "Counted", GivenName = "Pat", Histology = "Cutaneous melanoma", Stage = "IV (M1c)",
                TumourSite = TumourSite.Melanoma, DateOfBirth = new DateOnly(1970, 1, 1), DiagnosisDate = new DateOnly(2024, 6, 1), CreatedAt = DateTime.UtcNow,
            };
            db.Patients.Add(patient);
            var original = Decision(patient, oncologist, DecisionOutcome.Stop, new DateTime(2025, 7, 1, 10, 0, 0, DateTimeKind.Utc));
            db.Decisions.Add(original);
            await db.SaveChangesAsync(Ct);
            // 2 Jul 2025 23:30 UTC is 3 Jul 00:30 in London (BST): the hospital date is the 3rd.
            var amendment = Decision(patient, oncologist, DecisionOutcome.Pause, new DateTime(2025, 7, 2, 23, 30, 0, DateTimeKind.Utc));
            amendment.VersionNumber = 2;
            amendment.SupersedesId = original.Id;
            amendment.DeviatesFromGuideline = true;
            amendment.DeviationReason = DeviationReason.ClinicalJudgement;
            amendment.GuidelineFindingsJson = FindingsJson.Serialize(
            [
                new GuidelineFinding(FindingSeverity.Should, "should-code", "A should finding", "test"),
                new GuidelineFinding(FindingSeverity.Must, "irae-discontinue", "Grade 4 hepatitis: permanently discontinue", "ASCO 2021"),
            ]);
            db.Decisions.Add(amendment);
            await db.SaveChangesAsync(Ct);
            return amendment.Id;
        });
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Theory]
    [InlineData(Roles.Oncologist)]
    [InlineData(Roles.TrialInvestigator)]
    [InlineData(Roles.Administrator)]
    public async Task Every_clinical_dashboard_refuses_anyone_but_a_governance_lead(string role)
    {
        _host.SignInAs(_others[role]);

        foreach (var key in Keys.Select(k => k.Data))
        {
            Assert.Null(await LoadAsync(key));
        }
    }

    [Fact]
    public async Task Every_clinical_dashboard_refuses_a_signed_out_caller() =>
        Assert.All(await Task.WhenAll(Keys.Select(k => LoadAsync(k.Data))), Assert.Null);

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task A_governance_lead_gets_each_clinical_dashboard(string key)
    {
        _host.SignInAs(_governanceId);

        var table = await LoadAsync(key);

        Assert.NotNull(table);
        Assert.Equal(key, table.Key);
    }

    [Fact]
    public async Task The_deviation_dashboard_reads_the_amended_decision_with_its_must_finding_finaliser_and_hospital_date_of_finalisation()
    {
        _host.SignInAs(_governanceId);

        var outcomes = await LoadAsync(OutcomeDashboardCalculator.Key);
        var deviations = await LoadAsync(DeviationDashboardCalculator.Key);

        // The chain counts once, as it stands (Pause), in July.
        Assert.Equal("1", outcomes!.Figures.Single(f => f.Label == "Total decisions").Value);
        var july = outcomes.Rows.Single(r => r[0] == "Jul 2025");
        Assert.Equal("1", july[outcomes.Columns.ToList().IndexOf("Pause")]);
        Assert.Equal("0", july[outcomes.Columns.ToList().IndexOf("Stop")]);
        var row = Assert.Single(deviations!.Rows);
        Assert.Equal(["3 Jul 2025", "onc", "DASH001", "Pause", "Grade 4 hepatitis: permanently discontinue", "Clinical judgement", "2", $"/decisions/{_amendmentId}"], row);
        Assert.Equal("1 of 1 (100.0%)", deviations.Figures.Single(f => f.Label == "Deviation rate").Value);
    }

    private Task<DashboardTable?> LoadAsync(string key, DashboardFilter? filter = null) => _host.WithScopeAsync(async sp =>
    {
        var facts = ActivatorUtilities.CreateInstance<DashboardFactsService>(sp);
        IDashboard dashboard = key switch
        {
            OutcomeDashboardCalculator.Key => new OutcomeDashboard(facts),
            DeviationDashboardCalculator.Key => new DeviationDashboard(facts),
            TimelinessDashboardCalculator.Key => new TimelinessDashboard(facts),
            _ => new IraeDashboard(facts),
        };
        return await dashboard.LoadAsync(filter ?? Everything, Ct);
    });

    private static Decision Decision(Patient patient, string by, DecisionOutcome outcome, DateTime finalisedAt) => new()
    {
        Patient = patient,
        Outcome = outcome,
        Rationale = "Test",
        Status = DecisionStatus.Final,
        CreatedById = by,
        CreatedAt = finalisedAt,
        UpdatedAt = finalisedAt,
        FinalisedById = by,
        FinalisedAt = finalisedAt,
    };
}
