using System.Net;
using MdtReview.Data;
using MdtReview.Data.Identity;
using MdtReview.Data.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.IntegrationTests.Authentication;

/// <summary>Sign-in, lockout and access rules, run against each database provider.</summary>
public abstract class AuthenticationTests(MdtReviewAppFactory factory)
{
    public static TheoryData<string> DemoEmails => new(DemoUsers.All.Select(u => u.Email));

    [Fact]
    public async Task Migrations_apply_and_the_demo_seed_loads()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);

        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.Equal(DemoUsers.All.Count, await db.Users.CountAsync(u => u.Email!.EndsWith("@demo.mdtreview.local"), TestContext.Current.CancellationToken));
        Assert.True(await db.Patients.CountAsync(TestContext.Current.CancellationToken) >= 40, "the demo cohort has at least 40 patients");
        foreach (var demo in DemoUsers.All)
        {
            var user = await db.Users.SingleAsync(u => u.Email == demo.Email, TestContext.Current.CancellationToken);
            var roles = await db.UserRoles.Where(r => r.UserId == user.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync(TestContext.Current.CancellationToken);
            Assert.Equal([demo.Role], roles);
        }
    }

    [Theory]
    [MemberData(nameof(DemoEmails))]
    public async Task Each_demo_user_signs_in_with_the_demo_password_and_reaches_home(string email)
    {
        using var client = LoginClient.Create(factory);

        var response = await LoginClient.SignInAsync(client, email, DemoUsers.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", LoginClient.RedirectPath(response));
        var home = await client.GetAsync("/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_does_not_sign_in()
    {
        using var client = LoginClient.Create(factory);

        var response = await LoginClient.SignInAsync(client, "oncologist2@demo.mdtreview.local", "not-the-password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The email or password is not correct", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var protectedPage = await client.GetAsync("/patients", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, protectedPage.StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/patients")]
    [InlineData("/admin/users")]
    [InlineData("/Account/Manage")]
    public async Task An_anonymous_request_to_a_protected_page_is_sent_to_login(string path)
    {
        using var client = LoginClient.Create(factory);

        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/Login", LoginClient.RedirectPath(response));
    }

    [Fact]
    public async Task Public_registration_does_not_exist()
    {
        using var client = LoginClient.Create(factory);

        var response = await client.GetAsync("/Account/Register", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_fifth_failed_sign_in_locks_the_account_for_fifteen_minutes()
    {
        var email = await CreateUserAsync(Roles.Oncologist);
        using var client = LoginClient.Create(factory);

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var failed = await LoginClient.SignInAsync(client, email, "wrong-password-123");
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }

        var fifth = await LoginClient.SignInAsync(client, email, "wrong-password-123");
        Assert.Equal(HttpStatusCode.Redirect, fifth.StatusCode);
        Assert.Equal("/Account/Lockout", LoginClient.RedirectPath(fifth));

        // While locked, even the right password is refused.
        var correct = await LoginClient.SignInAsync(client, email, UserPassword);
        Assert.Equal("/Account/Lockout", LoginClient.RedirectPath(correct));

        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var lockoutEnd = (await users.FindByEmailAsync(email))!.LockoutEnd!.Value;
        Assert.InRange(lockoutEnd - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
    }

    [Fact]
    public async Task A_disabled_user_cannot_sign_in_and_an_open_session_loses_access_at_the_next_request()
    {
        var email = await CreateUserAsync(Roles.Oncologist);
        using var client = LoginClient.Create(factory);
        Assert.Equal(HttpStatusCode.Redirect, (await LoginClient.SignInAsync(client, email, UserPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/patients", TestContext.Current.CancellationToken)).StatusCode);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            user.IsDisabled = true;
            await users.UpdateAsync(user);
            await users.UpdateSecurityStampAsync(user);
        }

        var next = await client.GetAsync("/patients", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.Equal("/Account/Login", LoginClient.RedirectPath(next));

        using var fresh = LoginClient.Create(factory);
        var again = await LoginClient.SignInAsync(fresh, email, UserPassword);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task A_password_shorter_than_twelve_characters_is_refused_and_a_long_one_without_symbols_is_accepted()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();

        var tooShort = await users.CreateAsync(NewUser(), "elevenchars");
        var plainLong = await users.CreateAsync(NewUser(), "twelvecharsx");

        Assert.False(tooShort.Succeeded);
        Assert.Contains(tooShort.Errors, e => e.Code == "PasswordTooShort");
        Assert.True(plainLong.Succeeded, string.Join(" ", plainLong.Errors.Select(e => e.Description)));
    }

    private const string UserPassword = "a long passphrase";

    private static ApplicationUser NewUser()
    {
        var email = $"user-{Guid.NewGuid():N}@test.local";
        return new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Test user" };
    }

    private async Task<string> CreateUserAsync(string role)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = NewUser();
        Assert.True((await users.CreateAsync(user, UserPassword)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return user.Email!;
    }
}

public sealed class SqliteAuthenticationTests(SqliteApp app) : AuthenticationTests(app.Factory), IClassFixture<SqliteApp>;

public sealed class PostgreSqlAuthenticationTests(PostgreSqlApp app) : AuthenticationTests(app.Factory), IClassFixture<PostgreSqlApp>;
