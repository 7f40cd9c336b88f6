using System.Globalization;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Governance.Services;
using MdtReview.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;

namespace MdtReview.Web.Features.Governance;

/// <summary>
/// <c>GET /governance/audit/export.csv</c> with the audit browser's filters in the query string: a plain download the browser
/// saves, authorised by the Governance policy and again by <see cref="AuditTrailService"/> (which re-reads the user's roles).
/// </summary>
internal static class AuditExportEndpoint
{
    public const string Path = "/governance/audit/export.csv";

    public static IEndpointConventionBuilder MapAuditExport(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Path, async (HttpContext http, AuthenticationStateProvider authentication, AuditTrailService audit, CancellationToken cancellationToken) =>
        {
            // Outside a component the server's authentication state is not set; services read the user from it.
            if (authentication is IHostEnvironmentAuthenticationStateProvider host)
            {
                host.SetAuthenticationState(Task.FromResult(new AuthenticationState(http.User)));
            }

            var q = http.Request.Query;
            var filter = new AuditFilter(
                q["user"].FirstOrDefault(),
                q["patient"].FirstOrDefault(),
                q["entity"].FirstOrDefault(),
                Enum.TryParse<AuditAction>(q["action"].FirstOrDefault(), out var action) ? action : null,
                DateOnly.TryParseExact(q["from"].FirstOrDefault(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from) ? from : null,
                DateOnly.TryParseExact(q["to"].FirstOrDefault(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to) ? to : null,
                q["id"].FirstOrDefault());
            var csv = await audit.ExportCsvAsync(filter, cancellationToken);
            http.Response.Headers.CacheControl = "no-store";
            return csv is null
                ? Results.NotFound()
                : Results.File(csv, "text/csv; charset=utf-8", $"audit-trail-{DateTime.UtcNow:yyyyMMdd-HHmmss}.csv");
        }).RequireAuthorization(Policies.Governance);

    /// <summary>The audit browser showing the trail of one record: <c>/governance/audit?entity=Decision&amp;id=12</c>.</summary>
    public static string BrowserUrlFor(string entityType, string entityId) =>
        $"/governance/audit?entity={Uri.EscapeDataString(entityType)}&id={Uri.EscapeDataString(entityId)}";

    /// <summary>The export link for <paramref name="filter"/>.</summary>
    public static string Url(AuditFilter filter)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parts.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        Add("user", filter.User);
        Add("patient", filter.Patient);
        Add("entity", filter.EntityType);
        Add("action", filter.Action?.ToString());
        Add("from", filter.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", filter.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("id", filter.EntityId);
        return parts.Count == 0 ? Path : $"{Path}?{string.Join('&', parts)}";
    }
}
