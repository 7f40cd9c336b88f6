using MdtReview.Web.Features.Referrals.Services;
using MdtReview.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;

namespace MdtReview.Web.Features.Referrals;

/// <summary>
/// <c>GET /referrals/trials/{trialId}/screening-log.csv</c>: the screening log of one trial, authorised by the ViewReferrals
/// policy and again by <see cref="ExportScreeningLog"/>, which answers a trial the caller is not on exactly as a
/// missing one (404).
/// </summary>
internal static class ScreeningLogEndpoint
{
    public static string Url(int trialId) => $"/referrals/trials/{trialId}/screening-log.csv";

    public static IEndpointConventionBuilder MapScreeningLog(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/referrals/trials/{trialId:int}/screening-log.csv", async (int trialId, HttpContext http, AuthenticationStateProvider authentication,
            ExportScreeningLog export, CancellationToken cancellationToken) =>
        {
            // Outside a component the server's authentication state is not set; services read the user from it.
            if (authentication is IHostEnvironmentAuthenticationStateProvider host)
            {
                host.SetAuthenticationState(Task.FromResult(new AuthenticationState(http.User)));
            }

            var log = await export.HandleAsync(trialId, cancellationToken);
            http.Response.Headers.CacheControl = "no-store";
            return log is null ? Results.NotFound() : Results.File(log.Content, "text/csv; charset=utf-8", log.FileName);
        }).RequireAuthorization(Policies.ViewReferrals);
}
