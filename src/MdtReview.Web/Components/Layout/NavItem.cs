using MdtReview.Web.Security;
using MudBlazor;

namespace MdtReview.Web.Components.Layout;

/// <summary>One entry of the side navigation; shown only to users the <see cref="Policy"/> admits (null: every signed-in user).</summary>
public sealed record NavItem(string Title, string Href, string Icon, string? Policy);

public static class NavItems
{
    public static readonly IReadOnlyList<NavItem> All =
    [
        new("Home", "", Icons.Material.Outlined.Home, null),
        new("Patients", "patients", Icons.Material.Outlined.People, Policies.ViewClinicalData),
        new("Meetings", "meetings", Icons.Material.Outlined.Groups, Policies.ViewClinicalData),
        new("Users", "admin/users", Icons.Material.Outlined.ManageAccounts, Policies.Administration),
        new("Audit trail", "governance/audit", Icons.Material.Outlined.FactCheck, Policies.Governance),
        new("Trials", "admin/trials", Icons.Material.Outlined.Science, Policies.Administration),
        new("Referrals", "referrals", Icons.Material.Outlined.Biotech, Policies.ViewReferrals),
        new("Governance", "governance", Icons.Material.Outlined.Insights, Policies.Governance),
    ];
}
