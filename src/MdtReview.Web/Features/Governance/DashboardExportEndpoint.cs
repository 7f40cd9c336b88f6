using MdtReview.Web.Features.Governance.Dashboards;
using MdtReview.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;

namespace MdtReview.Web.Features.Governance;

/// <summary>
/// <c>GET /governance/dashboards/{key}.csv?from=yyyy-MM-dd&amp;to=yyyy-MM-dd&amp;group=…</c>: one dashboard's table, cell for cell
/// as the page shows it. Authorised by the Governance policy and again by the dashboard (which re-reads the user's roles).
/// </summary>
internal static class DashboardExportEndpoint
{
    public static IEndpointConventionBuilder MapDashboardExport(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/governance/dashboards/{file}", async (
            string file, HttpContext http, AuthenticationStateProvider authentication, IEnumerable<IDashboard> dashboards,
            DashboardFactsService facts, CancellationToken cancellationToken) =>
        {
            // Outside a component the server's authentication state is not set; services read the user from it.
            if (authentication is IHostEnvironmentAuthenticationStateProvider host)
            {
                host.SetAuthenticationState(Task.FromResult(new AuthenticationState(http.User)));
            }

            const string extension = ".csv";
            var dashboard = file.EndsWith(extension, StringComparison.OrdinalIgnoreCase)
                ? dashboards.FirstOrDefault(d => string.Equals(d.Key, file[..^extension.Length], StringComparison.Ordinal))
                : null;
            if (dashboard is null)
            {
                return Results.NotFound();
            }

            var q = http.Request.Query;
            if (!DashboardQuery.TryParse(q["from"].FirstOrDefault(), q["to"].FirstOrDefault(), q["group"].FirstOrDefault(), facts.Today, out var filter, out var error))
            {
                return Results.BadRequest(error);
            }

            var table = await dashboard.LoadAsync(filter, cancellationToken);
            http.Response.Headers.CacheControl = "no-store";
            return table is null
                ? Results.NotFound()
                : Results.File(DashboardQuery.ToCsv(table), "text/csv; charset=utf-8",
                    $"{table.Key}-{DashboardQuery.Format(filter.From)}-to-{DashboardQuery.Format(filter.To)}.csv");
        }).RequireAuthorization(Policies.Governance);
}
