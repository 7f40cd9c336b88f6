using MdtReview.Data.Identity;

namespace MdtReview.Web.Security;

/// <summary>What a signed-in user may do. Pages, navigation and services ask for a capability, never for a role.</summary>
public enum Capability
{
    /// <summary>Read patients, reviews, meetings, decisions and outcome lists.</summary>
    ViewClinicalData,

    /// <summary>Enter, correct and import clinical data (labs, irAEs, scans, infusions).</summary>
    EditClinicalData,

    /// <summary>Create meetings, build their agenda and record attendance.</summary>
    PrepareMeetings,

    /// <summary>Draft, finalise and amend MDT decisions and record that the patient was informed.</summary>
    RecordDecisions,

    /// <summary>Refer a patient to a clinical trial (and see the referrals one made).</summary>
    ReferToTrials,

    /// <summary>Open the referral pages: the trials' own teams see their trials' referrals, referrers see theirs.</summary>
    ViewReferrals,

    /// <summary>Record screening outcomes for referrals to a trial the user is on the team of.</summary>
    ScreenReferrals,

    /// <summary>Governance dashboards and the audit trail (read only).</summary>
    Governance,

    /// <summary>Users, roles, trials and trial teams.</summary>
    Administration,
}

/// <summary>
/// The one table of which role grants which capability (overview §2). Authorization policies, services, the home page and
/// the access-matrix tests all read it, so a new role is one edit here.
/// </summary>
public static class Capabilities
{
    private static readonly Dictionary<Capability, IReadOnlySet<string>> _roles = new()
    {
        [Capability.ViewClinicalData] = Set(Roles.Oncologist, Roles.GovernanceLead),
        [Capability.EditClinicalData] = Set(Roles.Oncologist),
        [Capability.PrepareMeetings] = Set(Roles.Oncologist),
        [Capability.RecordDecisions] = Set(Roles.Oncologist),
        [Capability.ReferToTrials] = Set(Roles.Oncologist),
        [Capability.ViewReferrals] = Set(Roles.TrialInvestigator, Roles.Oncologist),
        [Capability.ScreenReferrals] = Set(Roles.TrialInvestigator),
        [Capability.Governance] = Set(Roles.GovernanceLead),
        [Capability.Administration] = Set(Roles.Administrator),
    };

    public static IReadOnlyList<Capability> All { get; } = Enum.GetValues<Capability>();

    /// <summary>The roles that grant <paramref name="capability"/>.</summary>
    public static IReadOnlySet<string> RolesWith(Capability capability) => _roles[capability];

    /// <summary>Whether any of <paramref name="roles"/> grants <paramref name="capability"/>.</summary>
    public static bool Grant(IEnumerable<string> roles, Capability capability) => roles.Any(_roles[capability].Contains);

    private static HashSet<string> Set(params string[] roles) => new(roles, StringComparer.Ordinal);
}
