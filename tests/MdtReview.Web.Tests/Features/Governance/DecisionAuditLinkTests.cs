using Bunit;
using MdtReview.Clinical.GuidelineCheck;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Decisions.Components;
using MdtReview.Web.Features.Decisions.Services;

namespace MdtReview.Web.Tests.Features.Governance;

/// <summary>From a decision's page a governance lead reaches that decision's audit trail; clinicians are not offered it.</summary>
public sealed class DecisionAuditLinkTests : ComponentTestBase
{
    [Fact]
    public void A_governance_lead_is_offered_the_audit_trail_of_the_decision()
    {
        SignInAs("gov", Roles.GovernanceLead);

        var cut = Render<DecisionViewHeader>(p => p.Add(c => c.Decision, Decision()));

        var link = cut.FindAll("a").Single(a => a.TextContent.Contains("Audit trail of this decision", StringComparison.Ordinal));
        Assert.Equal("/governance/audit?entity=Decision&id=7", link.GetAttribute("href"));
    }

    [Fact]
    public void An_oncologist_is_not_offered_the_audit_trail()
    {
        SignInAs("onc", Roles.Oncologist);

        var cut = Render<DecisionViewHeader>(p => p.Add(c => c.Decision, Decision()));

        Assert.DoesNotContain("Audit trail", cut.Markup, StringComparison.Ordinal);
    }

    private static DecisionView Decision() => new()
    {
        Id = 7,
        Patient = new DecisionPatient(3, "Okoro", "Ada", new DateOnly(1958, 2, 3), "RH123456", "9990000018"),
        Outcome = DecisionOutcome.Continue,
        Rationale = "Responding.",
        Status = DecisionStatus.Final,
        VersionNumber = 1,
        CreatedAt = new DateTime(2026, 9, 1, 10, 0, 0, DateTimeKind.Utc),
        Versions = [],
    };
}
