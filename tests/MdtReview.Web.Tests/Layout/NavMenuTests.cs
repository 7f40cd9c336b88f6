using Bunit;
using MdtReview.Data.Identity;
using MdtReview.Web.Components.Layout;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace MdtReview.Web.Tests.Layout;

public class NavMenuTests : ComponentTestBase
{
    public static TheoryData<string, string[]> RoleNavigation => new()
    {
        { Roles.Oncologist, ["Home", "Patients", "Meetings"] },
        { Roles.GovernanceLead, ["Home", "Patients", "Meetings", "Audit trail", "Governance"] },
        { Roles.TrialInvestigator, ["Home"] },
        { Roles.Administrator, ["Home", "Users"] },
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

        Assert.Equal(["Home", "Users"], menu.FindAll("a.mud-nav-link").Select(a => a.TextContent.Trim()));
    }

    [Fact]
    public void Every_policy_named_by_the_navigation_exists()
    {
        SignInAs("admin@test.local", Roles.All.ToArray());

        var menu = RenderMenu();

        // An unknown policy name would throw while rendering; all items show for a user holding every role.
        Assert.Equal(NavItems.All.Select(i => i.Title), menu.FindAll("a.mud-nav-link").Select(a => a.TextContent.Trim()));
    }

    private IRenderedComponent<CascadingAuthenticationState> RenderMenu() =>
        Render<CascadingAuthenticationState>(p => p.Add(c => c.ChildContent, (RenderFragment)(b =>
        {
            b.OpenComponent<NavMenu>(0);
            b.CloseComponent();
        })));
}
