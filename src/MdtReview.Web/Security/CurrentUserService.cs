using System.Security.Claims;
using MdtReview.Data;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Security;

/// <summary>The signed-in user as the database knows them now, not as the cookie remembered them.</summary>
public sealed record CurrentUser(string Id, string Email, string DisplayName, IReadOnlySet<string> Roles)
{
    public bool Can(Capability capability) => Capabilities.Grant(Roles, capability);
}

/// <summary>
/// Reads the current user afresh from the database for each operation, so a disabled account or a removed role
/// takes effect at the user's next action even inside a long-lived circuit.
/// </summary>
public sealed class CurrentUserService(AuthenticationStateProvider authenticationStateProvider, IDbContextFactory<MdtReviewDbContext> contextFactory)
{
    /// <summary>The active signed-in user, or null when nobody is signed in or the account is disabled or gone.</summary>
    public async Task<CurrentUser?> GetAsync(CancellationToken cancellationToken = default)
    {
        var state = await authenticationStateProvider.GetAuthenticationStateAsync();
        var userId = state.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId && !u.IsDisabled)
            .Select(u => new { u.Id, u.Email, u.DisplayName })
            .SingleOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return null;
        }

        var roles = await db.UserRoles.Where(ur => ur.UserId == userId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!)
            .ToListAsync(cancellationToken);
        return new CurrentUser(user.Id, user.Email ?? "", user.DisplayName, roles.ToHashSet());
    }

    /// <summary>The active user when their roles grant <paramref name="capability"/>; otherwise null, and the caller refuses.</summary>
    public async Task<CurrentUser?> RequireAsync(Capability capability, CancellationToken cancellationToken = default)
    {
        var user = await GetAsync(cancellationToken);
        return user is not null && user.Can(capability) ? user : null;
    }
}
