using MdtReview.Data.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Data.Seeding;

public sealed record SeedResult(bool Seeded, string Summary);

/// <summary>Seeds the roles, the demo users and the demo cohort. Idempotent: does nothing when the demo users exist.</summary>
public sealed class DemoSeeder(
    IDbContextFactory<MdtReviewDbContext> contextFactory,
    UserManager<ApplicationUser> userManager,
    RoleManager<IdentityRole> roleManager)
{
    public async Task<SeedResult> SeedAsync(CancellationToken cancellationToken = default)
    {
        await EnsureRolesAsync(roleManager);
        if (await userManager.FindByEmailAsync(DemoUsers.All[0].Email) is not null)
        {
            return new SeedResult(false, "demo data already present");
        }

        var users = new Dictionary<string, string>();
        foreach (var demo in DemoUsers.All)
        {
            var user = new ApplicationUser
            {
                UserName = demo.Email,
                Email = demo.Email,
                EmailConfirmed = true,
                DisplayName = demo.DisplayName,
                Specialty = demo.Specialty,
            };
            ThrowIfFailed(await userManager.CreateAsync(user, DemoUsers.Password), demo.Email);
            ThrowIfFailed(await userManager.AddToRoleAsync(user, demo.Role), demo.Email);
            users[demo.Email] = user.Id;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return new SeedResult(true, $"{users.Count} demo users");
    }

    public static async Task EnsureRolesAsync(RoleManager<IdentityRole> roleManager)
    {
        foreach (var role in Roles.All)
        {
            if (!await roleManager.RoleExistsAsync(role))
            {
                ThrowIfFailed(await roleManager.CreateAsync(new IdentityRole(role)), role);
            }
        }
    }

    private static void ThrowIfFailed(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Seeding {what} failed: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
