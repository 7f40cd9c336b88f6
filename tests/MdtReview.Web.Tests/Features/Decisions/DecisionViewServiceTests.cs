using MdtReview.Clinical.GuidelineCheck;
using MdtReview.Clinical.Irae;
using MdtReview.Data.Evidence;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Decisions.Services;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Tests.Features.Decisions;

public sealed class DecisionViewServiceTests(DemoDecisions demo) : IClassFixture<DemoDecisions>
{
    [Fact]
    public async Task A_demo_decision_shows_the_labs_iraes_and_treatment_of_its_evidence_snapshot_with_rules_grades()
    {
        demo.SignInAs(Roles.GovernanceLead);
        var decision = await demo.HepatitisPause();

        var view = Assert.IsType<DecisionView>(await demo.View(decision.Id));

        var evidence = Assert.IsType<CaseEvidence>(view.Evidence);
        Assert.Null(view.UnreadableEvidence);
        Assert.Equal(17, evidence.Labs.Count);
        Assert.All(evidence.Labs, l => Assert.True(l.Grade is not null || l.PossibleGrades.Count > 0 || l.Error is not null, $"{l.TestCode} shows no grade"));
        var alt = Assert.Single(evidence.Labs, l => l.TestCode == "ALT");
        var rulesGrade = LabGrading.Grade(new LabResult { TestCode = "ALT", Value = alt.Value, Unit = alt.Unit, Uln = alt.Uln, Lln = alt.Lln });
        Assert.Equal(rulesGrade.Grade, alt.Grade);
        Assert.True(alt.Grade >= 3, $"ALT during grade 3 hepatitis graded {alt.Grade}");

        var hepatitis = Assert.Single(evidence.Iraes, i => i.Category == IraeCategory.Hepatitis);
        Assert.Equal(3, hepatitis.Grade);
        Assert.Contains("embrolizumab", evidence.Treatment?.Regimen + evidence.Treatment?.Drugs, StringComparison.Ordinal);
        Assert.NotNull(evidence.Ecog);
        Assert.StartsWith("mdtreview-rules", evidence.RulesVersion, StringComparison.Ordinal);
        Assert.Equal(decision.RulesVersion, evidence.RulesVersion);

        Assert.Equal(DecisionOutcome.Pause, view.Outcome);
        Assert.Equal("Dr Rajesh Menon", view.Meeting?.Chair);
        Assert.Equal(decision.Conditions, view.Conditions);
        Assert.True(view.IsFinal);
        Assert.NotNull(view.FinalisedBy);
    }

    [Fact]
    public async Task The_version_history_lists_the_whole_chain_newest_first_from_either_version()
    {
        demo.SignInAs(Roles.Oncologist);
        var amendment = await demo.Amendment();
        var original = Assert.NotNull(amendment.SupersedesId);

        var fromNewest = Assert.IsType<DecisionView>(await demo.View(amendment.Id));
        var fromOldest = Assert.IsType<DecisionView>(await demo.View(original));

        Assert.Equal([2, 1], fromNewest.Versions.Select(v => v.VersionNumber));
        Assert.Equal([2, 1], fromOldest.Versions.Select(v => v.VersionNumber));
        Assert.Equal(amendment.Id, Assert.Single(fromNewest.Versions, v => v.IsShown).Id);
        Assert.Equal(original, Assert.Single(fromOldest.Versions, v => v.IsShown).Id);
        Assert.Equal(2, fromOldest.SupersededByVersion);
        Assert.Equal(amendment.Id, fromOldest.SupersededById);
        Assert.Null(fromNewest.SupersededByVersion);
        Assert.Equal(1, fromNewest.SupersedesVersion);
        Assert.Equal(amendment.AmendmentReason, fromNewest.Versions[0].AmendmentReason);
    }

    [Fact]
    public async Task A_deviation_shows_its_coded_reason_beside_the_must_finding_it_overrides()
    {
        demo.SignInAs(Roles.GovernanceLead);
        var amendment = await demo.Amendment();

        var view = Assert.IsType<DecisionView>(await demo.View(amendment.Id));

        Assert.True(view.DeviatesFromGuideline);
        Assert.Equal(DeviationReason.ClinicalJudgement, view.DeviationReason);
        Assert.False(string.IsNullOrWhiteSpace(view.DeviationText));
        var findings = Assert.IsAssignableFrom<IReadOnlyList<GuidelineFinding>>(view.Findings);
        var must = Assert.Single(findings, f => f.Severity == FindingSeverity.Must);
        Assert.Equal("irae-discontinue-required", must.Code);
        Assert.Contains("ASCO", must.Source, StringComparison.Ordinal);
        Assert.Equal(FindingSeverity.Must, findings[0].Severity);
    }

    [Fact]
    public async Task Every_demo_decision_that_overrides_a_must_finding_records_a_deviation_reason()
    {
        demo.SignInAs(Roles.GovernanceLead);
        var ids = await demo.Db(db => db.Decisions.Select(d => d.Id).ToListAsync());

        foreach (var id in ids)
        {
            var view = Assert.IsType<DecisionView>(await demo.View(id));
            Assert.NotNull(view.Findings);
            if (view.Findings.Any(f => f.Severity == FindingSeverity.Must))
            {
                Assert.True(view.DeviatesFromGuideline && view.DeviationReason is not null, $"decision {id} overrides a must finding without a deviation reason");
            }
        }
    }

    [Theory]
    [InlineData(Roles.TrialInvestigator)]
    [InlineData(Roles.Administrator)]
    public async Task Roles_without_clinical_access_get_neither_the_decision_nor_its_letter(string role)
    {
        demo.SignInAs(role);
        var decision = await demo.HepatitisPause();

        Assert.Null(await demo.View(decision.Id));
        Assert.Equal(DecisionLetterStatus.NotFound, (await demo.Letter(decision.Id)).Status);
    }

    [Fact]
    public async Task An_unknown_decision_is_not_found()
    {
        demo.SignInAs(Roles.Oncologist);

        Assert.Null(await demo.View(int.MaxValue));
        Assert.Equal(DecisionLetterStatus.NotFound, (await demo.Letter(int.MaxValue)).Status);
    }
}
