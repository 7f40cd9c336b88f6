using MdtReview.Data.Identity;
using MdtReview.Web.Features.Admin.Services;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.Web.Tests.Features.Admin;

public sealed class UserAdminServiceTests : IAsyncLifetime
{
    private ServiceTestHost _host = default!;
    private string _adminId = "";

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceTestHost.StartAsync();
        _adminId = await _host.CreateUserAsync("admin@test.local", Roles.Administrator);
        _host.SignInAs(_adminId);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private Task<T> Admin<T>(Func<UserAdminService, Task<T>> action) =>
        _host.WithScopeAsync(sp => action(ActivatorUtilities.CreateInstance<UserAdminService>(sp)));

    [Fact]
    public async Task An_administrator_creates_a_user_who_can_sign_in_with_the_one_time_password()
    {
        var result = await Admin(s => s.CreateAsync(new NewUser(" new.user@test.local ", "Dr New User", "Radiologist", [Roles.Oncologist])));

        Assert.True(result.Succeeded);
        Assert.Equal(16, result.GeneratedPassword?.Length);
        var (found, passwordOk, roles) = await _host.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<ApplicationUser>>();
            var user = await users.FindByEmailAsync("new.user@test.local");
            return (user, user is not null && await users.CheckPasswordAsync(user, result.GeneratedPassword!), user is null ? [] : await users.GetRolesAsync(user));
        });
        Assert.NotNull(found);
        Assert.Equal("Dr New User", found.DisplayName);
        Assert.True(passwordOk);
        Assert.Equal([Roles.Oncologist], roles);
    }

    [Fact]
    public async Task Creating_a_user_with_an_email_already_in_use_is_refused_on_the_email_field()
    {
        await _host.CreateUserAsync("taken@test.local", Roles.GovernanceLead);

        var result = await Admin(s => s.CreateAsync(new NewUser("taken@test.local", "Someone", null, [Roles.Oncologist])));

        Assert.False(result.Succeeded);
        Assert.Equal("A user with this email already exists.", result.Errors[nameof(NewUser.Email)]);
    }

    [Fact]
    public async Task A_user_needs_at_least_one_known_role_and_nothing_is_written_without_one()
    {
        var none = await Admin(s => s.CreateAsync(new NewUser("norole@test.local", "No Role", null, [])));
        var unknown = await Admin(s => s.CreateAsync(new NewUser("badrole@test.local", "Bad Role", null, ["Surgeon"])));

        Assert.Equal("Choose at least one role.", none.Errors[nameof(NewUser.Roles)]);
        Assert.Equal("'Surgeon' is not a role.", unknown.Errors[nameof(NewUser.Roles)]);
        var listed = await Admin(s => s.ListAsync(null, 0, 50));
        Assert.DoesNotContain(listed.Items, u => u.Email is "norole@test.local" or "badrole@test.local");
    }

    [Fact]
    public async Task Only_an_administrator_may_manage_users()
    {
        var oncologist = await _host.CreateUserAsync("onc@test.local", Roles.Oncologist);
        _host.SignInAs(oncologist);

        var created = await Admin(s => s.CreateAsync(new NewUser("sneaky@test.local", "Sneaky", null, [Roles.Administrator])));
        var disabled = await Admin(s => s.SetDisabledAsync(_adminId, true));
        var listed = await Admin(s => s.ListAsync(null, 0, 50));

        Assert.Equal(UserAdminService.Forbidden, created.Errors[""]);
        Assert.Equal(UserAdminService.Forbidden, disabled.Errors[""]);
        Assert.Empty(listed.Items);
    }

    [Fact]
    public async Task A_disabled_administrator_can_no_longer_manage_users()
    {
        var otherAdmin = await _host.CreateUserAsync("admin2@test.local", Roles.Administrator);
        Assert.True((await Admin(s => s.SetDisabledAsync(otherAdmin, true))).Succeeded);
        _host.SignInAs(otherAdmin);

        var result = await Admin(s => s.CreateAsync(new NewUser("x@test.local", "X", null, [Roles.Oncologist])));

        Assert.Equal(UserAdminService.Forbidden, result.Errors[""]);
    }

    [Fact]
    public async Task Disabling_a_user_renews_their_security_stamp_and_enabling_clears_a_lockout()
    {
        var userId = await _host.CreateUserAsync("pi@test.local", Roles.TrialInvestigator);
        var stampBefore = await StampAsync(userId);

        Assert.True((await Admin(s => s.SetDisabledAsync(userId, true))).Succeeded);
        var listed = await Admin(s => s.ListAsync("pi@", 0, 10));
        Assert.True(Assert.Single(listed.Items).IsDisabled);
        Assert.NotEqual(stampBefore, await StampAsync(userId));

        await _host.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<ApplicationUser>>();
            return await users.SetLockoutEndDateAsync((await users.FindByIdAsync(userId))!, DateTimeOffset.UtcNow.AddMinutes(15));
        });
        Assert.True((await Admin(s => s.SetDisabledAsync(userId, false))).Succeeded);

        var after = Assert.Single((await Admin(s => s.ListAsync("pi@", 0, 10))).Items);
        Assert.False(after.IsDisabled);
        Assert.False(after.IsLockedOut);
    }

    [Fact]
    public async Task An_administrator_cannot_disable_themselves_or_drop_their_own_administrator_role()
    {
        var disable = await Admin(s => s.SetDisabledAsync(_adminId, true));
        var demote = await Admin(s => s.SetRolesAsync(_adminId, [Roles.Oncologist]));

        Assert.Equal("You cannot disable your own account.", disable.Errors[""]);
        Assert.Equal("You cannot remove your own administrator role.", demote.Errors[nameof(NewUser.Roles)]);
    }

    [Fact]
    public async Task Changing_roles_replaces_them_and_renews_the_security_stamp()
    {
        var userId = await _host.CreateUserAsync("gov@test.local", Roles.GovernanceLead);
        var stampBefore = await StampAsync(userId);

        var result = await Admin(s => s.SetRolesAsync(userId, [Roles.Oncologist, Roles.TrialInvestigator]));

        Assert.True(result.Succeeded);
        var row = Assert.Single((await Admin(s => s.ListAsync("gov@", 0, 10))).Items);
        Assert.Equal([Roles.Oncologist, Roles.TrialInvestigator], row.Roles);
        Assert.NotEqual(stampBefore, await StampAsync(userId));
    }

    [Fact]
    public async Task The_user_list_is_searched_and_paged_in_the_database()
    {
        for (var i = 0; i < 12; i++)
        {
            await _host.CreateUserAsync($"nurse{i:00}@test.local", Roles.TrialInvestigator);
        }

        var firstPage = await Admin(s => s.ListAsync("NURSE", 0, 5));
        var lastPage = await Admin(s => s.ListAsync("nurse", 2, 5));

        Assert.Equal(12, firstPage.TotalCount);
        Assert.Equal(5, firstPage.Items.Count);
        Assert.Equal(2, lastPage.Items.Count);
        Assert.All(firstPage.Items.Concat(lastPage.Items), u => Assert.StartsWith("nurse", u.Email));
    }

    private Task<string?> StampAsync(string userId) => _host.WithScopeAsync<string?>(async sp =>
    {
        var users = sp.GetRequiredService<UserManager<ApplicationUser>>();
        return await users.GetSecurityStampAsync((await users.FindByIdAsync(userId))!);
    });
}
