using System.Security.Claims;
using MdtReview.Data.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.IntegrationTests.Entry;

/// <summary>
/// A DI scope of the real app signed in as a demo user, as a Blazor circuit would be: feature services resolved from it
/// see that user through the app's own authentication state provider.
/// </summary>
public sealed class AppUserScope : IAsyncDisposable
{
    private readonly AsyncServiceScope _scope;

    private AppUserScope(AsyncServiceScope scope) => _scope = scope;

    public IServiceProvider Services => _scope.ServiceProvider;

    public static async Task<AppUserScope> SignInAsync(MdtReviewAppFactory factory, string email)
    {
        var scope = factory.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email)
            ?? throw new InvalidOperationException($"No demo user {email}.");
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user.Id)], "Test"));
        var authentication = (IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        authentication.SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        return new AppUserScope(scope);
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public ValueTask DisposeAsync() => _scope.DisposeAsync();
}
