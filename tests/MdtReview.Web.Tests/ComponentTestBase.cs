using System.Security.Claims;
using Bunit;
using MdtReview.Web.Components.Input;
using MdtReview.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace MdtReview.Web.Tests;

/// <summary>
/// The one base for component tests: MudBlazor services, loose JS interop, and the app's real authorization policies
/// evaluated against a signed-in user with the roles a test gives (not a fake that answers "authorized" to anything).
/// </summary>
public abstract class ComponentTestBase : BunitContext
{
    private readonly TestAuthenticationStateProvider _authentication = new();

    protected ComponentTestBase()
    {
        // bUnit's 1 s default fails a page whose queries run on a real SQLite file while three other test projects load the
        // same 2 cores (seen once in a full run). A wait still returns as soon as its assertion passes.
        DefaultWaitTimeout = TimeSpan.FromSeconds(30);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o => o.SnackbarConfiguration.ShowTransitionDuration = 0);
        Services.AddScoped<InputSettler>();
        // bUnit registers a placeholder authorization service; replace it with the real one so the app's policies decide.
        Services.AddAuthorizationCore();
        Services.Replace(ServiceDescriptor.Transient<IAuthorizationService, DefaultAuthorizationService>());
        Services.Replace(ServiceDescriptor.Transient<IAuthorizationPolicyProvider, DefaultAuthorizationPolicyProvider>());
        Services.AddAuthorizationBuilder().AddMdtReviewPolicies();
        Services.AddSingleton<AuthenticationStateProvider>(_authentication);
        Services.AddCascadingAuthenticationState();
    }

    protected void SignInAs(string name, params string[] roles) => _authentication.SignIn(name, roles);

    private sealed class TestAuthenticationStateProvider : AuthenticationStateProvider
    {
        private ClaimsPrincipal _user = new(new ClaimsIdentity());

        public void SignIn(string name, string[] roles)
        {
            var claims = new List<Claim> { new(ClaimTypes.Name, name), new(ClaimTypes.NameIdentifier, name) };
            claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
            _user = new ClaimsPrincipal(new ClaimsIdentity(claims, "Test"));
            NotifyAuthenticationStateChanged(GetAuthenticationStateAsync());
        }

        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(_user));
    }
}
