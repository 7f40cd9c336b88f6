using System.Collections.Concurrent;
using System.Net;
using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Data.Seeding;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.IntegrationTests.Authorization;

/// <summary>
/// Every page and download × every role (and anonymous) against the expected allow/deny (overview §2 and §4): a signed-in
/// user without the capability is sent to Access denied, an anonymous one to sign in. A new page needs a row here.
/// </summary>
public sealed class PageAccessMatrixTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private const string Oncologist = "oncologist@demo.mdtreview.local";
    private const string Governance = "governance@demo.mdtreview.local";
    private const string Investigator = "pi@demo.mdtreview.local";
    private const string Administrator = "admin@demo.mdtreview.local";
    private const string Anonymous = "anonymous";

    private static readonly string[] _everyone = [Oncologist, Governance, Investigator, Administrator];

    /// <summary>
    /// Route template → the capability it needs (null: any signed-in user). Who is admitted follows from the demo user's role
    /// and <see cref="Capabilities"/>, the same table the policies read. <c>{patient}</c>, <c>{meeting}</c> and
    /// <c>{decision}</c> resolve to demo rows; <c>{trial}</c> to a trial of the demo PI, <c>{referral}</c> to a referral to it.
    /// </summary>
    private static readonly Dictionary<string, Capability?> _matrix = new()
    {
        ["/"] = null,
        ["/Account/Manage"] = null,
        ["/patients"] = Capability.ViewClinicalData,
        ["/patients/{patient}"] = Capability.ViewClinicalData,
        ["/patients/import"] = Capability.EditClinicalData,
        ["/meetings"] = Capability.ViewClinicalData,
        ["/meetings/{meeting}"] = Capability.ViewClinicalData,
        ["/meetings/{meeting}/run"] = Capability.ViewClinicalData,
        ["/meetings/{meeting}/outcomes"] = Capability.ViewClinicalData,
        ["/decisions/{decision}"] = Capability.ViewClinicalData,
        ["/decisions/{decision}/letter.pdf"] = Capability.ViewClinicalData,
        ["/governance/audit"] = Capability.Governance,
        ["/governance/audit/export.csv"] = Capability.Governance,
        ["/admin/users"] = Capability.Administration,
        ["/admin/trials"] = Capability.Administration,
        ["/admin/trials/new"] = Capability.Administration,
        ["/admin/trials/{trial}"] = Capability.Administration,
        ["/referrals"] = Capability.ViewReferrals,
        ["/referrals/{referral}"] = Capability.ViewReferrals,
        ["/referrals/trials/{trial}/screening-log.csv"] = Capability.ViewReferrals,
        ["/governance"] = Capability.Governance,
        ["/governance/dashboards/decisions-by-outcome.csv"] = Capability.Governance,
    };

    private static bool Admits(string route, string user) =>
        _matrix[route] is not { } capability || Capabilities.Grant([DemoUsers.All.Single(u => u.Email == user).Role], capability);

    /// <summary>Admitted by the page's policy, but the service finds nothing for this user: an oncologist has no screening log.</summary>
    private static readonly HashSet<(string Route, string User)> _notFoundForUser =
    [
        ("/referrals/trials/{trial}/screening-log.csv", Oncologist),
    ];

    private static readonly ConcurrentDictionary<(MdtReviewAppFactory, string), HttpClient> _clients = new();

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in _matrix.Keys)
        {
            foreach (var user in _everyone.Append(Anonymous))
            {
                data.Add(route, user);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_page_admits_exactly_the_roles_it_is_meant_for(string route, string user)
    {
        var client = await ClientAsync(user);

        var response = await client.GetAsync(await ResolveAsync(route), TestContext.Current.CancellationToken);

        var expected = user == Anonymous ? "/Account/Login" : Admits(route, user) ? null : "/Account/AccessDenied";
        if (expected is null)
        {
            Assert.Equal(_notFoundForUser.Contains((route, user)) ? HttpStatusCode.NotFound : HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(expected, LoginClient.RedirectPath(response));
        }
    }

    private async Task<HttpClient> ClientAsync(string user)
    {
        if (_clients.TryGetValue((app.Factory, user), out var cached))
        {
            return cached;
        }

        var client = LoginClient.Create(app.Factory);
        if (user != Anonymous)
        {
            var signIn = await LoginClient.SignInAsync(client, user, DemoUsers.Password);
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }

        return _clients.GetOrAdd((app.Factory, user), client);
    }

    private async Task<string> ResolveAsync(string route)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = app.Factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync(ct);
        if (route.Contains("{patient}", StringComparison.Ordinal))
        {
            route = route.Replace("{patient}", (await db.Patients.MinAsync(p => p.Id, ct)).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        if (route.Contains("{meeting}", StringComparison.Ordinal))
        {
            route = route.Replace("{meeting}", (await db.Meetings.MinAsync(m => m.Id, ct)).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        if (route.Contains("{decision}", StringComparison.Ordinal))
        {
            var id = await db.Decisions.Where(d => d.Status == DecisionStatus.Final).MinAsync(d => d.Id, ct);
            route = route.Replace("{decision}", id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        if (route.Contains("{trial}", StringComparison.Ordinal) || route.Contains("{referral}", StringComparison.Ordinal))
        {
            var pi = await db.Users.Where(u => u.Email == Investigator).Select(u => u.Id).SingleAsync(ct);
            var trialId = await db.TrialTeamMembers.Where(m => m.UserId == pi).MinAsync(m => m.TrialId, ct);
            var referralId = await db.TrialReferrals.Where(r => r.TrialId == trialId).MinAsync(r => r.Id, ct);
            route = route.Replace("{trial}", trialId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{referral}", referralId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        return route;
    }
}
