using Bunit;
using MdtReview.Clinical.GuidelineCheck;
using MdtReview.Clinical.Irae;
using MdtReview.Data.Evidence;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Decisions.Components;
using MdtReview.Web.Features.Decisions.Services;

namespace MdtReview.Web.Tests.Features.Decisions;

public sealed class DecisionViewComponentTests : ComponentTestBase
{
    private static readonly GuidelineFinding[] _findings =
    [
        new(FindingSeverity.Must, "irae-discontinue-required", "Pausing with active grade 4 hepatitis: the guideline says permanently discontinue.", "ASCO 2021, Table 2 §2.2 (hepatitis)"),
        new(FindingSeverity.Info, "stop-while-responding", "Disease is responding.", "RECIST 1.1 / iRECIST response categories"),
    ];

    [Fact]
    public void Findings_show_their_severity_in_words_with_their_source_and_the_coded_deviation_reason()
    {
        var cut = Render<DecisionViewFindings>(p => p
            .Add(c => c.Findings, _findings)
            .Add(c => c.DeviatesFromGuideline, true)
            .Add(c => c.DeviationReason, DeviationReason.PatientChoice)
            .Add(c => c.DeviationText, "Patient wishes to keep the option of nivolumab.")
            .Add(c => c.IsFinal, true));

        var items = cut.FindAll("[data-testid=finding]");
        Assert.Equal(2, items.Count);
        Assert.Contains("Must", items[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Source: ASCO 2021, Table 2 §2.2 (hepatitis)", items[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Info", items[1].TextContent, StringComparison.Ordinal);
        var deviation = cut.Find("[data-testid=deviation]").TextContent;
        Assert.Contains("Reason: Patient choice", deviation, StringComparison.Ordinal);
        Assert.Contains("Patient wishes to keep the option of nivolumab.", deviation, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=deviation-missing]"));
    }

    [Fact]
    public void A_final_decision_with_a_must_finding_and_no_deviation_reason_is_flagged()
    {
        var cut = Render<DecisionViewFindings>(p => p
            .Add(c => c.Findings, _findings)
            .Add(c => c.DeviatesFromGuideline, false)
            .Add(c => c.IsFinal, true));

        Assert.Contains("no deviation reason", cut.Find("[data-testid=deviation-missing]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=deviation]"));
    }

    [Fact]
    public void Without_a_recorded_check_the_findings_say_so()
    {
        var cut = Render<DecisionViewFindings>(p => p.Add(c => c.Findings, null).Add(c => c.IsFinal, true));

        Assert.Contains("No guideline check was recorded", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreadable_stored_findings_are_shown_as_stored_not_as_an_empty_check()
    {
        var cut = Render<DecisionViewFindings>(p => p.Add(c => c.Findings, null).Add(c => c.UnreadableFindings, "{\"old\":true}").Add(c => c.IsFinal, true));

        Assert.Contains("could not be read", cut.Find("[data-testid=findings-unreadable]").TextContent, StringComparison.Ordinal);
        Assert.Contains("{\"old\":true}", cut.Find("pre").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("found nothing", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void The_snapshot_shows_each_lab_with_the_grade_recorded_in_it_and_the_rules_version()
    {
        var evidence = new CaseEvidence
        {
            AsOf = new DateOnly(2026, 9, 1),
            RulesVersion = "mdtreview-rules-test",
            Treatment = new TreatmentEvidence(1, "Pembrolizumab", "pembrolizumab", 1, 21, new DateOnly(2026, 1, 5), TreatmentStatus.Active, TreatmentState.OnTreatment, 8, new DateOnly(2026, 8, 20)),
            Labs =
            [
                new LabEvidence("ALT", 260m, "U/L", null, 40m, new DateOnly(2026, 8, 30), 3, "Alanine aminotransferase increased", ">5-20 x ULN", [], null),
                new LabEvidence("HB", 132m, "g/L", 130m, 170m, new DateOnly(2026, 8, 30), 0, null, "within range", [], null),
            ],
            Iraes = [new IraeEvidence(IraeCategory.Hepatitis, "Hepatitis", 3, new DateOnly(2026, 8, 25), IraeManagement.Steroids, null, [], null, null)],
        };

        var cut = Render<DecisionViewEvidence>(p => p.Add(c => c.Evidence, evidence));

        var rows = cut.FindAll("[data-testid=lab-row]");
        Assert.Equal(2, rows.Count);
        Assert.Contains("ALT", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("grade 3", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("normal", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("Grade 3", cut.Find("[data-testid=evidence-iraes]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Pembrolizumab", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("mdtreview-rules-test", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=snapshot-unreadable]"));
    }

    [Fact]
    public void A_snapshot_that_cannot_be_read_is_shown_as_stored()
    {
        const string raw = "{\"labs\":[{\"test\":\"ALT\",\"value\":\"high\"}]}";
        var cut = Render<DecisionViewEvidence>(p => p.Add(c => c.Evidence, null).Add(c => c.Unreadable, raw));

        Assert.Contains("stored snapshot could not be read", cut.Find("[data-testid=snapshot-unreadable]").TextContent, StringComparison.Ordinal);
        Assert.Equal(raw, cut.Find("pre").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=lab-row]"));
    }

    [Fact]
    public void The_history_marks_the_superseded_version_and_links_to_the_others()
    {
        var at = new DateTime(2026, 9, 1, 15, 0, 0, DateTimeKind.Utc);
        DecisionViewVersion[] versions =
        [
            new(12, 3, DecisionStatus.Final, DecisionOutcome.Pause, "Conditions corrected", at.AddDays(3), "Dr A", at.AddDays(3), "Dr A", 2, null, null, false),
            new(11, 2, DecisionStatus.Final, DecisionOutcome.Pause, "Outcome corrected", at.AddDays(1), "Dr B", at.AddDays(1), "Dr A", 1, 3, 12, true),
            new(10, 1, DecisionStatus.Final, DecisionOutcome.Stop, null, at, "Dr B", at, "Dr B", null, 2, 11, false),
        ];

        var cut = Render<DecisionViewHistory>(p => p.Add(c => c.Versions, versions));

        var rows = cut.FindAll("[data-testid=version-row]");
        Assert.Equal(3, rows.Count);
        Assert.Contains("v3", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("/decisions/12", rows[0].QuerySelector("a")?.GetAttribute("href"));
        Assert.Contains("v2 (this page)", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Null(rows[1].QuerySelector("a"));
        Assert.Contains("superseded by v3", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("amends v1", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("Outcome corrected", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("superseded by v2", rows[2].TextContent, StringComparison.Ordinal);
        Assert.Contains("Original decision", rows[2].TextContent, StringComparison.Ordinal);
        Assert.Equal("/decisions/10", rows[2].QuerySelector("a")?.GetAttribute("href"));
    }
}

public sealed class DecisionViewHeaderTests : ComponentTestBase
{
    [Fact]
    public void A_draft_says_it_is_not_final_and_offers_no_letter()
    {
        var cut = Render<DecisionViewHeader>(p => p.Add(c => c.Decision, Decision(DecisionStatus.Draft)));

        Assert.Contains("Draft — not final", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("letter.pdf", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_final_decision_links_its_letter_and_shows_the_patient_identifiers()
    {
        var cut = Render<DecisionViewHeader>(p => p.Add(c => c.Decision, Decision(DecisionStatus.Final)));

        Assert.Equal("/decisions/7/letter.pdf", cut.Find("a[download]").GetAttribute("href"));
        var identifiers = cut.Find("[data-testid=patient-identifiers]").TextContent;
        Assert.Contains("MRN RH123456", identifiers, StringComparison.Ordinal);
        Assert.Contains("NHS number 999 000 0018", identifiers, StringComparison.Ordinal);
        Assert.Contains("3 Feb 1958", identifiers, StringComparison.Ordinal);
        Assert.DoesNotContain("Draft", cut.Markup, StringComparison.Ordinal);
    }

    private static DecisionView Decision(DecisionStatus status) => new()
    {
        Id = 7,
        Patient = new DecisionPatient(3, "Okoro", "Ada", new DateOnly(1958, 2, 3), "RH123456", "9990000018"),
        Outcome = DecisionOutcome.Continue,
        Rationale = "Responding.",
        Status = status,
        VersionNumber = 1,
        CreatedAt = new DateTime(2026, 9, 1, 10, 0, 0, DateTimeKind.Utc),
        Versions = [],
    };
}
