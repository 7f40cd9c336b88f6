using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.IntegrationTests.Entry;
using MdtReview.Web.Features.Governance.Dashboards;
using MdtReview.Web.Features.Patients.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.IntegrationTests.Governance;

/// <summary>
/// The referral funnel, meetings and data-completeness dashboards as the app registers them, on each provider: the queries
/// (hospital-day bounds as UTC instants, tumour-site lists, deferral chains) translate and count the demo data alike.
/// </summary>
public abstract class OperationsDashboardProviderTests(MdtReviewAppFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_apps_operational_dashboards_load_the_demo_data_for_the_governance_lead()
    {
        var today = DateOnly.FromDateTime(HospitalTime.ToLocal(DateTime.UtcNow));
        var filter = new DashboardFilter(today.AddDays(-365), today.AddDays(14), "Immuno-oncology");
        await using var governance = await AppUserScope.SignInAsync(factory, "governance@demo.mdtreview.local");
        await using var db = await governance.Get<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync(Ct);
        var referrals = await db.TrialReferrals.CountAsync(Ct);
        var meetings = await db.Meetings.CountAsync(Ct);
        var infusions = await db.Infusions.CountAsync(i => i.Status == InfusionStatus.Given && i.Date >= filter.From && i.Date <= filter.To, Ct);

        var dashboards = governance.Services.GetServices<IDashboard>().ToDictionary(d => d.Key);
        var funnel = await dashboards["referral-funnel"].LoadAsync(filter, Ct);
        var reasons = await dashboards["referral-reasons"].LoadAsync(filter, Ct);
        var meetingTable = await dashboards["meetings"].LoadAsync(filter, Ct);
        var completeness = await dashboards["data-completeness"].LoadAsync(filter, Ct);

        Assert.Equal(referrals.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(funnel!.Figures, f => f.Label == "Referrals").Value);
        Assert.NotEmpty(reasons!.Rows);
        Assert.Equal(meetings, meetingTable!.Rows.Count);
        Assert.Equal(infusions, completeness!.Rows.Sum(r => int.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task An_oncologist_gets_none_of_them()
    {
        var filter = new DashboardFilter(new DateOnly(2020, 1, 1), new DateOnly(2030, 12, 31), null);
        await using var oncologist = await AppUserScope.SignInAsync(factory, "oncologist@demo.mdtreview.local");

        foreach (var key in new[] { "referral-funnel", "referral-reasons", "meetings", "data-completeness" })
        {
            var dashboard = Assert.Single(oncologist.Services.GetServices<IDashboard>(), d => d.Key == key);
            Assert.Null(await dashboard.LoadAsync(filter, Ct));
        }
    }
}

public sealed class SqliteOperationsDashboardProviderTests(SqliteApp app) : OperationsDashboardProviderTests(app.Factory), IClassFixture<SqliteApp>;

public sealed class PostgreSqlOperationsDashboardProviderTests(PostgreSqlApp app) : OperationsDashboardProviderTests(app.Factory), IClassFixture<PostgreSqlApp>;
