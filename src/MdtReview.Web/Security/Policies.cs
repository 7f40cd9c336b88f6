using Microsoft.AspNetCore.Authorization;

namespace MdtReview.Web.Security;

/// <summary>
/// One authorization policy per <see cref="Capability"/>, named after it and admitting the roles
/// <see cref="Capabilities"/> grants it to. Pages name a policy, never a role.
/// </summary>
public static class Policies
{
    public const string ViewClinicalData = nameof(Capability.ViewClinicalData);
    public const string EditClinicalData = nameof(Capability.EditClinicalData);
    public const string PrepareMeetings = nameof(Capability.PrepareMeetings);
    public const string RecordDecisions = nameof(Capability.RecordDecisions);
    public const string ViewReferrals = nameof(Capability.ViewReferrals);
    public const string Governance = nameof(Capability.Governance);
    public const string Administration = nameof(Capability.Administration);

    public static AuthorizationBuilder AddMdtReviewPolicies(this AuthorizationBuilder builder)
    {
        foreach (var capability in Capabilities.All)
        {
            builder.AddPolicy(capability.ToString(), p => p.RequireRole(Capabilities.RolesWith(capability)));
        }

        return builder;
    }
}
