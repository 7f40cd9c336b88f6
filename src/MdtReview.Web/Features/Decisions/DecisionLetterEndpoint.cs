using MdtReview.Web.Features.Decisions.Services;
using MdtReview.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;

namespace MdtReview.Web.Features.Decisions;

/// <summary><c>GET /decisions/{id}/letter.pdf</c>: the outcome letter of a final decision.</summary>
public static class DecisionLetterEndpoint
{
    public const string Route = "/decisions/{id:int}/letter.pdf";

    public static string PathFor(int decisionId) => $"/decisions/{decisionId}/letter.pdf";

    public static IEndpointConventionBuilder MapDecisionLetter(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Route, GetAsync).RequireAuthorization(Policies.ViewClinicalData);

    private static async Task<IResult> GetAsync(int id, HttpContext http, AuthenticationStateProvider authentication, DecisionLetterService letters, CancellationToken cancellationToken)
    {
        // Outside a circuit nobody has told the server-side provider who the user is; the services read it from there.
        if (authentication is IHostEnvironmentAuthenticationStateProvider host)
        {
            host.SetAuthenticationState(Task.FromResult(new AuthenticationState(http.User)));
        }

        var result = await letters.CreateAsync(id, cancellationToken);
        http.Response.Headers.CacheControl = "no-store";
        return result switch
        {
            { Status: DecisionLetterStatus.Created, Letter: { } letter } => TypedResults.File(letter.Content, "application/pdf", letter.FileName),
            { Status: DecisionLetterStatus.NotFinal } => TypedResults.Problem(
                "This decision is a draft. An outcome letter is made from the finalised decision only.", statusCode: StatusCodes.Status409Conflict, title: "Decision not final"),
            _ => TypedResults.NotFound(),
        };
    }
}
