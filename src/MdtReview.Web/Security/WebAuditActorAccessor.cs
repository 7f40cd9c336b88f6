using System.Security.Claims;
using MdtReview.Data.Auditing;
using Microsoft.AspNetCore.Components.Authorization;

namespace MdtReview.Web.Security;

/// <summary>
/// The audit actor in the web app: the signed-in user of the current circuit (interactive pages) or of the current HTTP
/// request (account pages, endpoints). Anonymous writes, such as a failed sign-in counting towards lockout, are recorded as
/// "anonymous". Feature services do nothing to supply it: the audit interceptor asks for it at every save.
/// </summary>
internal sealed class WebAuditActorAccessor(AuthenticationStateProvider authenticationStateProvider, IHttpContextAccessor httpContextAccessor) : IAuditActorAccessor
{
    public async ValueTask<AuditActor> GetCurrentAsync(CancellationToken cancellationToken = default)
    {
        ClaimsPrincipal? user;
        try
        {
            user = (await authenticationStateProvider.GetAuthenticationStateAsync()).User;
        }
        catch (InvalidOperationException)
        {
            // Outside a component render (a minimal-API endpoint) the provider has no state yet: the request's user is the actor.
            user = httpContextAccessor.HttpContext?.User;
        }

        if (user?.FindFirstValue(ClaimTypes.NameIdentifier) is not { } id)
        {
            return AuditActor.Anonymous;
        }

        return new AuditActor(id, user.FindFirstValue(ClaimTypes.Name) ?? user.FindFirstValue(ClaimTypes.Email) ?? id);
    }
}
