using MdtReview.Clinical.Ctcae;
using MdtReview.Clinical.GuidelineCheck;
using MdtReview.Clinical.Irae;
using MdtReview.Clinical.Recist;
using Xunit;

namespace MdtReview.Clinical.Tests.GuidelineCheck;

public sealed class GuidelineCheckerTests
{
    private static readonly LabGrade _normalAlt = CtcaeGrader.Grade(new LabObservation(LabTest.Alt, 30m, "U/L", 7m, 40m, 30m));

    private static DecisionEvidence Evidence(params ActiveIrae[] iraes) => new()
    {
        LatestLabGrades = [_normalAlt],
        ActiveIraes = iraes,
        LatestRecist = Recist11Response.SD,
        LatestIrecist = IrecistResponse.ISD,
        ClinicallyStable = true,
    };

    private static IReadOnlyList<GuidelineFinding> Check(DecisionEvidence e, DecisionOutcome o) => GuidelineChecker.Check(e, o);

    [Fact]
    public void Continuing_with_active_grade_3_hepatitis_is_a_must_finding()
    {
        var findings = Check(Evidence(new ActiveIrae(IraeCategory.Hepatitis, 3)), DecisionOutcome.Continue);

        var must = Assert.Single(findings, f => f.Severity == FindingSeverity.Must);
        Assert.Equal("irae-continue-not-allowed", must.Code);
        Assert.Contains("hepatitis", must.Message, StringComparison.Ordinal);
        Assert.Contains("ASCO 2021", must.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Pausing_with_grade_3_hepatitis_raises_no_must_finding() =>
        Assert.DoesNotContain(Check(Evidence(new ActiveIrae(IraeCategory.Hepatitis, 3)), DecisionOutcome.Pause), f => f.Severity == FindingSeverity.Must);

    [Fact]
    public void Continuing_at_icpd_is_a_must_finding()
    {
        var evidence = Evidence() with { LatestRecist = Recist11Response.PD, LatestIrecist = IrecistResponse.ICPD };

        Assert.Contains(Check(evidence, DecisionOutcome.Continue), f => f is { Severity: FindingSeverity.Must, Code: "icpd-continue" });
    }

    [Fact]
    public void Stopping_at_a_first_iupd_in_a_clinically_stable_patient_should_consider_a_confirmation_scan()
    {
        var evidence = Evidence() with { LatestRecist = Recist11Response.PD, LatestIrecist = IrecistResponse.IUPD, ClinicallyStable = true };

        var finding = Assert.Single(Check(evidence, DecisionOutcome.Stop));
        Assert.Equal(FindingSeverity.Should, finding.Severity);
        Assert.Contains("confirmation scan", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stopping_at_iupd_when_not_clinically_stable_raises_nothing() =>
        Assert.Empty(Check(Evidence() with { LatestIrecist = IrecistResponse.IUPD, ClinicallyStable = false }, DecisionOutcome.Stop));

    [Fact]
    public void Continuing_beyond_iupd_when_not_clinically_stable_is_a_must_finding() =>
        Assert.Contains(Check(Evidence() with { LatestIrecist = IrecistResponse.IUPD, ClinicallyStable = false }, DecisionOutcome.Continue),
            f => f is { Severity: FindingSeverity.Must, Code: "iupd-continue-unstable" });

    [Fact]
    public void Continuing_beyond_iupd_without_recorded_stability_should_record_it() =>
        Assert.Contains(Check(Evidence() with { LatestIrecist = IrecistResponse.IUPD, ClinicallyStable = null }, DecisionOutcome.Continue),
            f => f is { Severity: FindingSeverity.Should, Code: "iupd-stability-unknown" });

    [Fact]
    public void Continuing_with_stable_disease_and_no_toxicity_raises_nothing() =>
        Assert.Empty(Check(Evidence(), DecisionOutcome.Continue));

    [Fact]
    public void Continuing_with_grade_1_pneumonitis_is_allowed_as_an_alternative() =>
        Assert.Equal([FindingSeverity.Info], Check(Evidence(new ActiveIrae(IraeCategory.Pneumonitis, 1)), DecisionOutcome.Continue).Select(f => f.Severity));

    [Fact]
    public void Pausing_instead_of_stopping_for_grade_2_myocarditis_is_a_must_finding() =>
        Assert.Contains(Check(Evidence(new ActiveIrae(IraeCategory.Myocarditis, 2)), DecisionOutcome.Pause),
            f => f is { Severity: FindingSeverity.Must, Code: "irae-discontinue-required" });

    [Fact]
    public void Stopping_for_a_controlled_endocrinopathy_should_be_reconsidered()
    {
        var irae = new ActiveIrae(IraeCategory.Hypothyroidism, 2, new IraeContext { OnHormoneReplacement = true, Controlled = true });

        Assert.Contains(Check(Evidence(irae), DecisionOutcome.Stop), f => f is { Severity: FindingSeverity.Should, Code: "irae-endocrine-not-a-reason-to-stop" });
    }

    [Fact]
    public void Continuing_with_alt_grade_3_and_no_hepatitis_recorded_is_a_must_finding()
    {
        var alt = CtcaeGrader.Grade(new LabObservation(LabTest.Alt, 250m, "U/L", 7m, 40m, 30m));

        Assert.Contains(Check(Evidence() with { LatestLabGrades = [alt] }, DecisionOutcome.Continue),
            f => f is { Severity: FindingSeverity.Must, Code: "lab-liver-on-continue" });
    }

    [Fact]
    public void Continuing_with_alt_grade_2_and_no_hepatitis_recorded_is_a_should_finding()
    {
        var alt = CtcaeGrader.Grade(new LabObservation(LabTest.Alt, 130m, "U/L", 7m, 40m, 30m));

        Assert.Contains(Check(Evidence() with { LatestLabGrades = [alt] }, DecisionOutcome.Continue),
            f => f is { Severity: FindingSeverity.Should, Code: "lab-liver-on-continue" });
    }

    [Fact]
    public void Lab_abnormality_already_recorded_as_an_irae_is_not_reported_twice()
    {
        var alt = CtcaeGrader.Grade(new LabObservation(LabTest.Alt, 130m, "U/L", 7m, 40m, 30m));
        var evidence = Evidence(new ActiveIrae(IraeCategory.Hepatitis, 2)) with { LatestLabGrades = [alt] };

        Assert.DoesNotContain(Check(evidence, DecisionOutcome.Continue), f => f.Code == "lab-liver-on-continue");
    }

    [Fact]
    public void Lab_that_needs_symptoms_to_be_graded_is_reported_as_info()
    {
        var lipase = CtcaeGrader.Grade(new LabObservation(LabTest.Lipase, 180m, "U/L", Uln: 60m));

        Assert.Contains(Check(Evidence() with { LatestLabGrades = [_normalAlt, lipase] }, DecisionOutcome.Continue),
            f => f is { Severity: FindingSeverity.Info, Code: "lab-not-gradable" });
    }

    [Fact]
    public void Continuing_without_any_bloods_should_check_them() =>
        Assert.Contains(Check(Evidence() with { LatestLabGrades = [] }, DecisionOutcome.Continue), f => f is { Severity: FindingSeverity.Should, Code: "labs-missing" });

    [Fact]
    public void Continuing_at_recist_pd_without_an_irecist_assessment_should_be_reconsidered() =>
        Assert.Contains(Check(Evidence() with { LatestRecist = Recist11Response.PD, LatestIrecist = null }, DecisionOutcome.Continue),
            f => f is { Severity: FindingSeverity.Should, Code: "recist-pd-continue" });

    [Fact]
    public void Continuing_after_permanent_discontinuation_is_flagged_as_a_rechallenge() =>
        Assert.Contains(Check(Evidence() with { TreatmentState = TreatmentState.PermanentlyDiscontinued }, DecisionOutcome.Continue),
            f => f is { Severity: FindingSeverity.Should, Code: "rechallenge" });

    [Fact]
    public void Findings_are_ordered_must_then_should_then_info()
    {
        var evidence = Evidence(new ActiveIrae(IraeCategory.Pneumonitis, 1), new ActiveIrae(IraeCategory.Colitis, 3)) with
        {
            LatestLabGrades = [],
        };

        var severities = Check(evidence, DecisionOutcome.Continue).Select(f => f.Severity).ToList();

        Assert.Equal(severities.Order(), severities);
        Assert.Equal(FindingSeverity.Must, severities[0]);
        Assert.Contains(FindingSeverity.Info, severities);
    }
}
