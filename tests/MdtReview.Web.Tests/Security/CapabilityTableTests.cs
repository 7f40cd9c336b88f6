using MdtReview.Data.Identity;
using MdtReview.Web.Security;

namespace MdtReview.Web.Tests.Security;

/// <summary>
/// Who may do what (overview §2), written out role by role: the table every policy, service and access test reads must say
/// exactly this. A change of access is a deliberate edit of both.
/// </summary>
public sealed class CapabilityTableTests
{
    private static readonly Dictionary<string, Capability[]> _expected = new()
    {
        [Roles.Oncologist] =
        [
            Capability.ViewClinicalData, Capability.EditClinicalData, Capability.PrepareMeetings, Capability.RecordDecisions,
            Capability.ReferToTrials, Capability.ViewReferrals,
        ],
        [Roles.GovernanceLead] = [Capability.ViewClinicalData, Capability.Governance],
        [Roles.TrialInvestigator] = [Capability.ViewReferrals, Capability.ScreenReferrals],
        [Roles.Administrator] = [Capability.Administration],
    };

    public static TheoryData<string, Capability> EveryRoleAndCapability()
    {
        var data = new TheoryData<string, Capability>();
        foreach (var role in Roles.All)
        {
            foreach (var capability in Capabilities.All)
            {
                data.Add(role, capability);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryRoleAndCapability))]
    public void Each_role_has_exactly_its_capabilities(string role, Capability capability) =>
        Assert.Equal(_expected[role].Contains(capability), Capabilities.Grant([role], capability));

    [Fact]
    public void Every_capability_is_granted_to_some_role() =>
        Assert.All(Capabilities.All, c => Assert.NotEmpty(Capabilities.RolesWith(c)));
}
