using System.Globalization;
using MdtReview.Clinical.Ctcae;
using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Governance.Dashboards;
using MdtReview.Web.Features.Patients.Services;
using MdtReview.Web.Tests.Features.Patients;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.Web.Tests.Features.Governance;

/// <summary>
/// The referral funnel, meetings and data-completeness dashboards over the demo cohort: they load for the governance lead with
/// totals that match counts made here straight from the database, and refuse everyone else without reading anything.
/// </summary>
public sealed class OperationsDashboardServiceTests(DemoCohortHost cohort) : IClassFixture<DemoCohortHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateOnly Today => DateOnly.FromDateTime(HospitalTime.ToLocal(DateTime.UtcNow));

    /// <summary>The last year up to two weeks ahead: every demo referral and meeting, including the planned one.</summary>
    private static DashboardFilter Year(string? tumourGroup = null) => new(Today.AddDays(-365), Today.AddDays(14), tumourGroup);

    private Task<DashboardTable?> LoadAsync<TDashboard>(DashboardFilter filter, string? userId = null)
        where TDashboard : IDashboard
    {
        cohort.Host.SignInAs(userId ?? cohort.GovernanceId);
        return cohort.Host.WithScopeAsync(sp => ActivatorUtilities.CreateInstance<TDashboard>(sp).LoadAsync(filter, Ct));
    }

    private Task<T> ReadAsync<T>(Func<MdtReviewDbContext, Task<T>> read) => cohort.Host.WithScopeAsync(async sp =>
    {
        await using var db = await sp.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync(Ct);
        return await read(db);
    });

    private static int Column(DashboardTable table, string column) =>
        table.Rows.Sum(r => int.Parse(r[table.Columns.ToList().IndexOf(column)], CultureInfo.InvariantCulture));

    private static string Figure(DashboardTable table, string label) => Assert.Single(table.Figures, f => f.Label == label).Value;

    [Fact]
    public async Task The_referral_funnel_counts_every_demo_referral_and_every_enrolment()
    {
        var referrals = await ReadAsync(db => db.TrialReferrals.Select(r => new { r.TrialId, r.ReferredAt }).ToListAsync(Ct));
        var inRange = referrals.Where(r => HospitalDate(r.ReferredAt) >= Year().From && HospitalDate(r.ReferredAt) <= Year().To).ToList();
        var enrolled = await ReadAsync(db => db.TrialReferralTransitions.Where(t => t.ToStatus == ReferralStatus.Enrolled)
            .Select(t => t.TrialReferralId).Distinct().CountAsync(Ct));
        var ineligible = await ReadAsync(db => db.TrialReferrals.CountAsync(r => r.Status == ReferralStatus.Ineligible, Ct));

        var funnel = await LoadAsync<ReferralFunnelDashboard>(Year());
        var reasons = await LoadAsync<ReferralReasonsDashboard>(Year());

        Assert.NotNull(funnel);
        Assert.NotEmpty(inRange);
        Assert.Equal(inRange.Count, Column(funnel, "Referred"));
        Assert.Equal(inRange.Select(r => r.TrialId).Distinct().Count(), funnel.Rows.Count);
        Assert.Equal(inRange.Count.ToString(CultureInfo.InvariantCulture), Figure(funnel, "Referrals"));
        Assert.Equal(enrolled, Column(funnel, "Enrolled"));
        Assert.StartsWith($"{enrolled} of {inRange.Count} ", Figure(funnel, "Enrolment rate"), StringComparison.Ordinal);
        Assert.NotNull(reasons);
        Assert.Equal(ineligible.ToString(CultureInfo.InvariantCulture), Figure(reasons, "Ineligible referrals"));
        // The demo's ineligible referral failed criterion 3 of HORIZON-RCC, shown by its text.
        Assert.Contains(reasons.Rows, r => r[0] == "Ineligible" && r[2] == "Inclusion criterion not met: eGFR ≥30 mL/min/1.73 m²");
    }

    [Fact]
    public async Task The_funnel_for_a_tumour_group_counts_only_its_patients_referrals()
    {
        var lung = await ReadAsync(db => db.TrialReferrals.CountAsync(r => r.Patient!.TumourSite == TumourSite.Lung, Ct));
        var urology = await ReadAsync(db => db.TrialReferrals.CountAsync(
            r => r.Patient!.TumourSite == TumourSite.Renal || r.Patient!.TumourSite == TumourSite.Bladder, Ct));

        var lungFunnel = await LoadAsync<ReferralFunnelDashboard>(Year("Lung"));
        var urologyFunnel = await LoadAsync<ReferralFunnelDashboard>(Year("Urology"));

        Assert.True(lung > 0 && urology > 0);
        Assert.Equal(lung, Column(lungFunnel!, "Referred"));
        Assert.Equal(urology, Column(urologyFunnel!, "Referred"));
    }

    [Fact]
    public async Task The_meetings_dashboard_lists_every_demo_meeting_with_its_cases()
    {
        var meetings = await ReadAsync(db => db.Meetings.CountAsync(Ct));
        var closed = await ReadAsync(db => db.Meetings.CountAsync(m => m.Status == MeetingStatus.Closed, Ct));
        var discussed = await ReadAsync(db => db.MeetingCases.CountAsync(c => c.Status == MeetingCaseStatus.Discussed, Ct));
        var deferred = await ReadAsync(db => db.MeetingCases.CountAsync(c => c.Status == MeetingCaseStatus.Deferred, Ct));
        var listed = await ReadAsync(db => db.MeetingCases.CountAsync(Ct));

        var table = await LoadAsync<MeetingsDashboard>(Year());

        Assert.NotNull(table);
        Assert.Equal(meetings, table.Rows.Count);
        Assert.Equal(listed, Column(table, "Cases listed"));
        Assert.Equal(discussed, Column(table, "Discussed"));
        Assert.Equal(deferred, Column(table, "Deferred"));
        Assert.Equal($"{discussed} discussed, {deferred} deferred", Figure(table, "Cases discussed vs deferred"));
        // The demo's closed meetings had two oncologists, a radiologist and others present: quorate.
        Assert.Equal($"{closed} of {closed} (100.0%)", Figure(table, "Closed meetings that were quorate"));
        // The demo defers one case once (meeting 1 → meeting 2): nobody deferred twice.
        Assert.Equal("0", Figure(table, "Cases deferred twice in a row"));
    }

    [Fact]
    public async Task The_meetings_dashboard_filters_by_the_meetings_tumour_group()
    {
        var table = await LoadAsync<MeetingsDashboard>(Year("Lung"));

        // Every demo meeting is the immuno-oncology MDT.
        Assert.NotNull(table);
        Assert.Empty(table.Rows);
        Assert.Equal("0", Figure(table, "Meetings"));
    }

    [Fact]
    public async Task Data_completeness_counts_every_infusion_given_and_those_with_bloods_in_the_7_days_before()
    {
        var filter = new DashboardFilter(Today.AddDays(-180), Today, null);
        var infusions = await ReadAsync(db => db.Infusions
            .Where(i => i.Status == InfusionStatus.Given && i.Date >= filter.From && i.Date <= filter.To)
            .Select(i => new { i.TreatmentCourse!.PatientId, i.Date }).ToListAsync(Ct));
        var labs = await ReadAsync(db => db.LabResults.Where(l => l.SupersededById == null)
            .Select(l => new { l.PatientId, l.TestCode, l.CollectedAt }).ToListAsync(Ct));
        var bloodDays = labs.Where(l => LabTestCatalogue.FindByCode(l.TestCode) is not null)
            .Select(l => (l.PatientId, Day: HospitalDate(l.CollectedAt))).ToHashSet();
        var withBloods = infusions.Count(i => Enumerable.Range(0, 8).Any(back => bloodDays.Contains((i.PatientId, i.Date.AddDays(-back)))));

        var table = await LoadAsync<DataCompletenessDashboard>(filter);

        Assert.NotNull(table);
        Assert.NotEmpty(infusions);
        Assert.Equal(infusions.Count, Column(table, "Infusions given"));
        Assert.Equal(withBloods, Column(table, "With bloods within 7 days"));
        // Every scan request counted is on time, late or missing, and the figures are the columns' sums.
        var due = Column(table, "Scans due");
        Assert.True(due > 0);
        Assert.Equal(due, Column(table, "Scans on time") + Column(table, "Scans late") + Column(table, "Scans missing"));
        Assert.StartsWith($"{Column(table, "Scans on time")} of {due} ", Figure(table, "Scans on schedule"), StringComparison.Ordinal);
        Assert.StartsWith($"{withBloods} of {infusions.Count} ", Figure(table, "Infusions with bloods within 7 days"), StringComparison.Ordinal);
    }

    public static TheoryData<string> NotGovernance => ["oncologist", "investigator", "administrator"];

    [Theory]
    [MemberData(nameof(NotGovernance))]
    public async Task Anyone_but_a_governance_lead_is_refused_and_nothing_is_read(string who)
    {
        var userId = who switch
        {
            "oncologist" => cohort.OncologistId,
            "investigator" => cohort.InvestigatorId,
            _ => cohort.AdministratorId,
        };
        cohort.Host.SignInAs(userId);

        foreach (var type in _dashboards)
        {
            var (table, contexts) = await LoadCountingAsync(type);

            Assert.Null(table);
            Assert.Equal(0, contexts);
        }

        // The same dashboards do read through that factory for a governance lead.
        cohort.Host.SignInAs(cohort.GovernanceId);
        foreach (var type in _dashboards)
        {
            var (table, contexts) = await LoadCountingAsync(type);

            Assert.NotNull(table);
            Assert.Equal(1, contexts);
        }
    }

    private static readonly Type[] _dashboards =
        [typeof(ReferralFunnelDashboard), typeof(ReferralReasonsDashboard), typeof(MeetingsDashboard), typeof(DataCompletenessDashboard)];

    /// <summary>Loads a dashboard built with a context factory that counts the contexts it hands out (the role check reads the user through the app's own).</summary>
    private Task<(DashboardTable? Table, int Contexts)> LoadCountingAsync(Type type) => cohort.Host.WithScopeAsync(async sp =>
    {
        var counting = new CountingContextFactory(sp.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>());
        var dashboard = (IDashboard)ActivatorUtilities.CreateInstance(sp, type, counting);
        return (await dashboard.LoadAsync(Year(), Ct), counting.Created);
    });

    private static DateOnly HospitalDate(DateTime utc) => DateOnly.FromDateTime(HospitalTime.ToLocal(utc));

    private sealed class CountingContextFactory(IDbContextFactory<MdtReviewDbContext> inner) : IDbContextFactory<MdtReviewDbContext>
    {
        public int Created { get; private set; }

        public MdtReviewDbContext CreateDbContext()
        {
            Created++;
            return inner.CreateDbContext();
        }

        public async Task<MdtReviewDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default)
        {
            Created++;
            return await inner.CreateDbContextAsync(cancellationToken);
        }
    }
}
