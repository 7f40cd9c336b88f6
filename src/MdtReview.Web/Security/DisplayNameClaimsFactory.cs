using System.Security.Claims;
using MdtReview.Data.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace MdtReview.Web.Security;

/// <summary>Adds the user's display name to the sign-in cookie so the app bar can greet people by name, not by email.</summary>
public sealed class DisplayNameClaimsFactory(
    UserManager<ApplicationUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(userManager, roleManager, options)
{
    public const string ClaimType = "mdtreview:display_name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrWhiteSpace(user.DisplayName))
        {
            identity.AddClaim(new Claim(ClaimType, user.DisplayName));
        }

        return identity;
    }

    /// <summary>The name to show for a signed-in user: the display name, or the user name when none is set.</summary>
    public static string? NameOf(ClaimsPrincipal user) =>
        user.FindFirst(ClaimType)?.Value ?? user.Identity?.Name;
}
