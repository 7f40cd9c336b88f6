using MdtReview.Data.Identity;
using Microsoft.AspNetCore.Authorization;

namespace MdtReview.Web.Security;

/// <summary>Named authorization policies, one per capability (overview §2). Pages name a policy, never a role.</summary>
public static class Policies
{
    /// <summary>Read patients, reviews, meetings and decisions.</summary>
    public const string ViewClinicalData = nameof(ViewClinicalData);

    /// <summary>Enter and correct clinical data, prepare meetings, record decisions.</summary>
    public const string EditClinicalData = nameof(EditClinicalData);

    /// <summary>See trial referrals (a PI sees only their own trials; services filter).</summary>
    public const string ViewReferrals = nameof(ViewReferrals);

    /// <summary>Governance dashboards and the audit trail.</summary>
    public const string Governance = nameof(Governance);

    /// <summary>Users, roles, trials and trial teams.</summary>
    public const string Administration = nameof(Administration);

    public static AuthorizationBuilder AddMdtReviewPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(ViewClinicalData, p => p.RequireRole(Roles.Oncologist, Roles.GovernanceLead))
        .AddPolicy(EditClinicalData, p => p.RequireRole(Roles.Oncologist))
        .AddPolicy(ViewReferrals, p => p.RequireRole(Roles.TrialInvestigator, Roles.Oncologist))
        .AddPolicy(Governance, p => p.RequireRole(Roles.GovernanceLead))
        .AddPolicy(Administration, p => p.RequireRole(Roles.Administrator));
}
