using Bunit;
using MdtReview.Data.Identity;
using MdtReview.Web.Components.Layout;
using MdtReview.Web.Features.Referrals.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.Web.Tests.Layout;

public class NavMenuTests : ComponentTestBase
{
    private readonly FakeNewReferralCount _newReferrals = new();

    public NavMenuTests()
    {
        Services.AddSingleton<INewReferralCount>(_newReferrals);
        Services.AddScoped<ReferralChangeNotifier>();
    }

    [Fact]
    public async Task A_trial_investigator_sees_the_count_of_new_referrals_beside_referrals_and_it_follows_their_own_changes()
    {
        SignInAs("pi@test.local", Roles.TrialInvestigator);
        _newReferrals.Count = 2;

        var menu = RenderMenu();

        var badge = menu.Find("[data-testid=nav-new-referrals]");
        Assert.Equal("2 new", badge.TextContent.Trim());
        Assert.Equal("2 new referrals", badge.GetAttribute("aria-label"));

        _newReferrals.Count = 1;
        await menu.InvokeAsync(() => Services.GetRequiredService<ReferralChangeNotifier>().NotifyAsync());

        menu.WaitForAssertion(() => Assert.Equal("1 new", menu.Find("[data-testid=nav-new-referrals]").TextContent.Trim()));
        _newReferrals.Count = 0;
        await menu.InvokeAsync(() => Services.GetRequiredService<ReferralChangeNotifier>().NotifyAsync());
        menu.WaitForAssertion(() => Assert.Empty(menu.FindAll("[data-testid=nav-new-referrals]")));
    }

    [Fact]
    public void The_new_referral_count_is_read_again_at_every_navigation()
    {
        SignInAs("pi@test.local", Roles.TrialInvestigator);
        _newReferrals.Count = 3;
        var menu = RenderMenu();
        Assert.Equal("3 new", menu.Find("[data-testid=nav-new-referrals]").TextContent.Trim());

        // A colleague's referral, or removal from a trial team, changes the count without any action of this user's.
        _newReferrals.Count = 0;
        Services.GetRequiredService<NavigationManager>().NavigateTo("/referrals");

        menu.WaitForAssertion(() => Assert.Empty(menu.FindAll("[data-testid=nav-new-referrals]")));
    }

    public static TheoryData<string, string[]> RoleNavigation => new()
    {
        { Roles.Oncologist, ["Home", "Patients", "Meetings", "Referrals"] },
        { Roles.GovernanceLead, ["Home", "Patients", "Meetings", "Audit trail", "Governance"] },
        { Roles.TrialInvestigator, ["Home", "Referrals"] },
        { Roles.Administrator, ["Home", "Users", "Trials"] },
    };

    [Theory]
    [MemberData(nameof(RoleNavigation))]
    public void Each_role_sees_only_the_items_it_may_open(string role, string[] expected)
    {
        SignInAs("someone@test.local", role);

        var menu = RenderMenu();

        var shown = menu.FindAll("a.mud-nav-link").Select(a => a.TextContent.Trim()).ToArray();
        Assert.Equal(expected, shown);
    }

    [Fact]
    public void A_user_with_two_roles_sees_the_items_of_both()
    {
        SignInAs("someone@test.local", Roles.TrialInvestigator, Roles.Administrator);

        var menu = RenderMenu();

        Assert.Equal(["Home", "Users", "Trials", "Referrals"], menu.FindAll("a.mud-nav-link").Select(a => a.TextContent.Trim()));
    }

    [Fact]
    public void Every_policy_named_by_the_navigation_exists()
    {
        SignInAs("admin@test.local", Roles.All.ToArray());

        var menu = RenderMenu();

        // An unknown policy name would throw while rendering; all items show for a user holding every role.
        Assert.Equal(NavItems.All.Select(i => i.Title), menu.FindAll("a.mud-nav-link").Select(a => a.TextContent.Trim()));
    }

    private sealed class FakeNewReferralCount : INewReferralCount
    {
        public int Count { get; set; }

        public Task<int> CountNewAsync(CancellationToken cancellationToken = default) => Task.FromResult(Count);
    }

    private IRenderedComponent<CascadingAuthenticationState> RenderMenu() =>
        Render<CascadingAuthenticationState>(p => p.Add(c => c.ChildContent, (RenderFragment)(b =>
        {
            b.OpenComponent<NavMenu>(0);
            b.CloseComponent();
        })));
}
