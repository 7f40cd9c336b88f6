using System.Globalization;
using System.Net;
using System.Security.Claims;
using CsvHelper;
using MdtReview.Data;
using MdtReview.Data.Seeding;
using MdtReview.Web.Features.Governance.Dashboards;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.IntegrationTests.Governance;

/// <summary>
/// <c>GET /governance/dashboards/{key}.csv</c> through the real app on the demo database, on each provider: the download holds
/// exactly the cells the dashboard shows.
/// </summary>
public abstract class DashboardExportEndpointTests(MdtReviewAppFactory factory)
{
    private const string Governance = "governance@demo.mdtreview.local";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_dashboard_csv_holds_the_same_cells_as_the_dashboard_shows()
    {
        using var client = await SignedInAsync(Governance);
        var keys = await WithGovernanceLeadAsync(sp => Task.FromResult(sp.GetServices<IDashboard>().Select(d => d.Key).ToList()));
        Assert.Contains(DeviationDashboardCalculator.Key, keys);

        foreach (var key in keys)
        {
            var (filter, table) = await WithGovernanceLeadAsync(async sp =>
            {
                var filter = DashboardQuery.Default(sp.GetRequiredService<DashboardFactsService>().Today);
                return (filter, await sp.GetServices<IDashboard>().Single(d => d.Key == key).LoadAsync(filter, Ct));
            });
            Assert.NotNull(table);

            var response = await client.GetAsync(DashboardQuery.CsvUrl(key, filter), Ct);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
            var cells = Parse(await response.Content.ReadAsStringAsync(Ct));
            Assert.Equal([[.. table.Columns], .. table.Rows.Select(r => r.ToArray())], cells);
        }
    }

    [Fact]
    public async Task The_demo_deviation_is_in_the_deviation_csv()
    {
        using var client = await SignedInAsync(Governance);

        var cells = Parse(await client.GetStringAsync($"/governance/dashboards/{DeviationDashboardCalculator.Key}.csv", Ct));

        // The demo's amended decision (grade 4 hepatitis, Stop amended to Pause) is the one deviation.
        var row = Assert.Single(cells.Skip(1));
        Assert.Equal(["Pause", "Clinical judgement", "2"], row[3..4].Concat(row[5..7]).ToArray());
    }

    [Fact]
    public async Task An_oncologist_gets_no_dashboard_csv()
    {
        using var client = await SignedInAsync("oncologist@demo.mdtreview.local");

        var response = await client.GetAsync($"/governance/dashboards/{OutcomeDashboardCalculator.Key}.csv", Ct);

        // The Governance policy refuses before the dashboard runs: the cookie scheme sends the browser to "access denied".
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/AccessDenied", LoginClient.RedirectPath(response));
    }

    [Fact]
    public async Task An_unknown_dashboard_is_not_found()
    {
        using var client = await SignedInAsync(Governance);

        var response = await client.GetAsync("/governance/dashboards/no-such-dashboard.csv", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_malformed_date_is_a_bad_request_with_the_reason()
    {
        using var client = await SignedInAsync(Governance);

        var response = await client.GetAsync($"/governance/dashboards/{OutcomeDashboardCalculator.Key}.csv?from=27/11/2026", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("yyyy-MM-dd", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private static string[][] Parse(string csv)
    {
        using var reader = new CsvReader(new StringReader(csv), CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add([.. Enumerable.Range(0, reader.Parser.Count).Select(i => reader.GetField(i) ?? "")]);
        }

        return [.. rows];
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = LoginClient.Create(factory);
        var signIn = await LoginClient.SignInAsync(client, email, DemoUsers.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    /// <summary>Runs <paramref name="action"/> in a scope whose signed-in user is the demo governance lead, as a circuit would.</summary>
    private async Task<T> WithGovernanceLeadAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        await using var db = await sp.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync(Ct);
        var id = await db.Users.Where(u => u.Email == Governance).Select(u => u.Id).SingleAsync(Ct);
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id)], "Test"));
        ((IHostEnvironmentAuthenticationStateProvider)sp.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(user)));
        return await action(sp);
    }
}

public sealed class SqliteDashboardExportEndpointTests(SqliteApp app) : DashboardExportEndpointTests(app.Factory), IClassFixture<SqliteApp>;

public sealed class PostgreSqlDashboardExportEndpointTests(PostgreSqlApp app) : DashboardExportEndpointTests(app.Factory), IClassFixture<PostgreSqlApp>;
