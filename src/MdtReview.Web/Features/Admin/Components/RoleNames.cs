using MdtReview.Data.Identity;

namespace MdtReview.Web.Features.Admin.Components;

public static class RoleNames
{
    public static string Display(string role) => role switch
    {
        Roles.Oncologist => "Oncologist",
        Roles.GovernanceLead => "Governance lead",
        Roles.TrialInvestigator => "Trial investigator",
        Roles.Administrator => "Administrator",
        _ => role,
    };
}
