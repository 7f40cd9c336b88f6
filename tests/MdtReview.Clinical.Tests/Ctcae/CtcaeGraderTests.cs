using MdtReview.Clinical.Ctcae;
using Xunit;

namespace MdtReview.Clinical.Tests.Ctcae;

public sealed class CtcaeGraderTests
{
    [Fact]
    public void Alt_at_exactly_5_times_uln_is_grade_2() =>
        Assert.Equal(2, Lab.Grade("ALT", 200m, "U/L", uln: 40m, baseline: 30m).Grade);

    [Fact]
    public void Alt_at_exactly_3_times_uln_is_grade_1_and_just_above_is_grade_2()
    {
        Assert.Equal(1, Lab.Grade("ALT", 120m, "U/L", uln: 40m).Grade);
        Assert.Equal(2, Lab.Grade("ALT", 120.01m, "U/L", uln: 40m).Grade);
    }

    [Fact]
    public void Grade_records_ctcae_version_basis_and_source()
    {
        var grade = Lab.Grade("ALT", 130m, "U/L", lln: 7m, uln: 40m, baseline: 30m);

        Assert.Equal(2, grade.Grade);
        Assert.Equal("5.0", grade.CtcaeVersion);
        Assert.Equal("3.25 × ULN (ULN 40 U/L)", grade.Basis);
        Assert.Equal(CtcaeTerm.AlanineAminotransferaseIncreased, grade.Term);
        Assert.Contains("CTCAE v5.0", grade.Source, StringComparison.Ordinal);
        Assert.Contains("Alanine aminotransferase increased", grade.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Alt_above_uln_but_below_one_and_a_half_times_an_abnormal_baseline_is_grade_0()
    {
        var grade = Lab.Grade("ALT", 80m, "U/L", uln: 40m, baseline: 60m);

        Assert.Equal(0, grade.Grade);
        Assert.Contains("baseline", grade.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void Alt_with_an_abnormal_baseline_is_graded_on_multiples_of_baseline_not_uln()
    {
        // 250 U/L = 6.25 × ULN (grade 3 on ULN) but 4.17 × the baseline of 60 (grade 2).
        var grade = Lab.Grade("ALT", 250m, "U/L", uln: 40m, baseline: 60m);

        Assert.Equal(2, grade.Grade);
        Assert.StartsWith("4.17 × baseline", grade.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void Liver_test_without_a_baseline_is_graded_on_uln_and_says_so()
    {
        var grade = Lab.Grade("AST", 150m, "U/L", uln: 40m);

        Assert.Equal(2, grade.Grade);
        Assert.Contains(grade.Notes, n => n.Contains("Baseline not supplied", StringComparison.Ordinal));
    }

    [Fact]
    public void Creatinine_inside_the_reference_range_and_not_above_one_and_a_half_times_baseline_is_grade_0() =>
        Assert.Equal(0, Lab.Grade("CREAT", 80m, "umol/L", lln: 60m, uln: 110m, baseline: 75m).Grade);

    [Fact]
    public void Creatinine_inside_the_range_but_above_one_and_a_half_times_baseline_is_grade_2_with_the_ambiguity_shown()
    {
        var grade = Lab.Grade("CREAT", 100m, "umol/L", lln: 60m, uln: 110m, baseline: 60m);

        Assert.Equal(2, grade.Grade);
        Assert.Contains(grade.Notes, n => n.Contains("v6.0", StringComparison.Ordinal));
    }

    [Fact]
    public void Lipase_between_2_and_5_times_uln_without_symptom_information_is_not_gradable_grade_2_or_3()
    {
        var grade = Lab.Grade("LIPASE", 180m, "U/L", uln: 60m);

        Assert.False(grade.Gradable);
        Assert.Equal([GradingInput.Symptomatic], grade.Needs);
        Assert.Equal([2, 3], grade.PossibleGrades);
        Assert.Equal(CtcaeTerm.LipaseIncreased, grade.Term);
    }

    [Theory]
    [InlineData(false, 2)]
    [InlineData(true, 3)]
    public void Lipase_between_2_and_5_times_uln_is_graded_once_symptoms_are_recorded(bool symptomatic, int expected) =>
        Assert.Equal(expected, Lab.Grade("LIPASE", 180m, "U/L", uln: 60m, context: new ClinicalContext { Symptomatic = symptomatic }).Grade);

    [Theory]
    [InlineData(false, 3)]
    [InlineData(true, 4)]
    public void Amylase_above_5_times_uln_is_grade_3_asymptomatic_and_4_with_symptoms(bool symptomatic, int expected) =>
        Assert.Equal(expected, Lab.Grade("AMYLASE", 600m, "U/L", uln: 100m, context: new ClinicalContext { Symptomatic = symptomatic }).Grade);

    [Theory]
    [InlineData(false, 2)]
    [InlineData(true, 3)]
    public void Sodium_127_is_grade_2_asymptomatic_and_3_symptomatic(bool symptomatic, int expected) =>
        Assert.Equal(expected, Lab.Grade("NA", 127m, "mmol/L", 135m, 145m, context: new ClinicalContext { Symptomatic = symptomatic }).Grade);

    [Fact]
    public void Sodium_127_without_symptom_information_needs_it()
    {
        var grade = Lab.Grade("NA", 127m, "mmol/L", 135m, 145m);

        Assert.Null(grade.Grade);
        Assert.Equal(CtcaeTerm.Hyponatremia, grade.Term);
        Assert.Equal([2, 3], grade.PossibleGrades);
    }

    [Fact]
    public void Potassium_just_below_lln_needs_symptoms_and_intervention_to_choose_grade_1_or_2()
    {
        var grade = Lab.Grade("K", 3.2m, "mmol/L", 3.5m, 5.1m);

        Assert.Equal([GradingInput.Symptomatic, GradingInput.InterventionIndicated], grade.Needs);
        Assert.Equal([1, 2], grade.PossibleGrades);
        Assert.Equal(1, Lab.Grade("K", 3.2m, "mmol/L", 3.5m, 5.1m, context: new ClinicalContext { Symptomatic = false, InterventionIndicated = false }).Grade);
        Assert.Equal(2, Lab.Grade("K", 3.2m, "mmol/L", 3.5m, 5.1m, context: new ClinicalContext { InterventionIndicated = true }).Grade);
    }

    [Fact]
    public void Hyperkalaemia_in_the_grade_1_band_rises_to_grade_3_when_hospitalisation_is_indicated()
    {
        Assert.Equal(1, Lab.Grade("K", 5.3m, "mmol/L", 3.5m, 5.1m).Grade);
        Assert.Equal(3, Lab.Grade("K", 5.3m, "mmol/L", 3.5m, 5.1m, context: new ClinicalContext { Hospitalised = true }).Grade);
    }

    [Fact]
    public void High_glucose_is_not_gradable_from_the_value_alone()
    {
        var grade = Lab.Grade("GLUCOSE", 15m, "mmol/L", 3.9m, 7.8m);

        Assert.Null(grade.Grade);
        Assert.Equal(CtcaeTerm.Hyperglycemia, grade.Term);
        Assert.Equal([1, 2, 3, 4], grade.PossibleGrades);
        Assert.Contains(GradingInput.InsulinStarted, grade.Needs);
    }

    [Fact]
    public void High_glucose_with_insulin_started_and_not_life_threatening_is_grade_3()
    {
        var context = Lab.AllFacts(false) with { InsulinStarted = true };

        Assert.Equal(3, Lab.Grade("GLUCOSE", 15m, "mmol/L", 3.9m, 7.8m, context: context).Grade);
    }

    [Fact]
    public void High_glucose_with_no_intervention_at_all_is_grade_1() =>
        Assert.Equal(1, Lab.Grade("GLUCOSE", 9m, "mmol/L", 3.9m, 7.8m, context: Lab.AllFacts(false)).Grade);

    [Fact]
    public void High_tsh_is_hypothyroidism_graded_on_clinical_facts()
    {
        var alone = Lab.Grade("TSH", 17.93m, "uIU/mL", 0.32m, 5m);
        var withReplacement = Lab.Grade("TSH", 17.93m, "uIU/mL", 0.32m, 5m,
            context: Lab.AllFacts(false) with { ThyroidReplacementIndicated = true });

        Assert.Null(alone.Grade);
        Assert.Equal(CtcaeTerm.Hypothyroidism, alone.Term);
        Assert.Equal(2, withReplacement.Grade);
    }

    [Fact]
    public void Low_tsh_is_hyperthyroidism_and_suppression_therapy_makes_it_grade_2()
    {
        var grade = Lab.Grade("TSH", 0.01m, "mIU/L", 0.4m, 4m, context: Lab.AllFacts(false) with { ThyroidSuppressionIndicated = true });

        Assert.Equal(CtcaeTerm.Hyperthyroidism, grade.Term);
        Assert.Equal(2, grade.Grade);
    }

    [Fact]
    public void Anaemia_below_80_g_per_l_is_grade_3_and_life_threatening_consequences_make_it_4()
    {
        Assert.Equal(3, Lab.Grade("HGB", 75m, "g/L", 130m, 175m).Grade);
        Assert.Equal(4, Lab.Grade("HGB", 75m, "g/L", 130m, 175m, context: new ClinicalContext { LifeThreatening = true }).Grade);
    }

    [Fact]
    public void Missing_lln_does_not_stop_an_absolute_grade_2_but_does_stop_grade_0_or_1()
    {
        Assert.Equal(2, Lab.Grade("NEUT", 1.2m, "10^9/L").Grade);
        var unsure = Lab.Grade("NEUT", 1.6m, "10^9/L");
        Assert.Null(unsure.Grade);
        Assert.Equal([GradingInput.Lln], unsure.Needs);
        Assert.Equal([0, 1], unsure.PossibleGrades);
    }

    [Fact]
    public void Missing_uln_makes_a_ratio_test_not_gradable()
    {
        var grade = Lab.Grade("CK", 500m, "U/L");

        Assert.Null(grade.Grade);
        Assert.Equal([GradingInput.Uln], grade.Needs);
    }

    [Fact]
    public void Sodium_without_limits_is_graded_when_an_absolute_cut_off_decides_and_not_otherwise()
    {
        Assert.Equal(4, Lab.Grade("NA", 118m, "mmol/L").Grade);
        Assert.Equal(2, Lab.Grade("NA", 152m, "mmol/L").Grade);
        var unsure = Lab.Grade("NA", 140m, "mmol/L");
        Assert.Null(unsure.Grade);
        Assert.Null(unsure.Term);
        Assert.Equal([GradingInput.Lln, GradingInput.Uln], unsure.Needs);
    }

    [Fact]
    public void Value_inside_the_reference_range_is_grade_0_with_no_term()
    {
        var grade = Lab.Grade("PLT", 250m, "10^9/L", 150m, 400m);

        Assert.Equal(0, grade.Grade);
        Assert.Null(grade.Term);
    }

    [Fact]
    public void High_platelet_count_is_grade_0_because_ctcae_has_no_lab_term_for_it()
    {
        var grade = Lab.Grade("PLT", 600m, "10^9/L", 150m, 400m);

        Assert.Equal(0, grade.Grade);
        Assert.Contains("no lab-graded term", grade.Basis, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HGB", "G/cL")]
    [InlineData("NA", "g/L")]
    [InlineData("NEUT", "mmol/L")]
    public void Unit_that_does_not_fit_the_test_is_an_error(string code, string unit)
    {
        var grade = Lab.Grade(code, 10m, unit);

        Assert.NotNull(grade.Error);
        Assert.Contains("is not a unit for this test", grade.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_unit_is_an_error_for_a_test_with_absolute_cut_offs_but_not_for_a_ratio_test()
    {
        Assert.NotNull(Lab.Grade("HGB", 100m, null, 130m).Error);
        Assert.Equal(1, Lab.Grade("ALT", 41m, null, uln: 40m).Grade);
    }

    [Fact]
    public void Missing_value_is_an_error_not_a_guess()
    {
        var grade = CtcaeGrader.Grade(new LabObservation(LabTest.Alt, null, "U/L", Uln: 40m));

        Assert.False(grade.Gradable);
        Assert.Contains("no result value", grade.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Haemoglobin_entered_in_the_wrong_unit_is_rejected_as_impossible()
    {
        var grade = Lab.Grade("HGB", 98m, "g/dL", 11.5m, 15.8m);

        Assert.Contains("cannot be a result", grade.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Reversed_reference_range_is_an_error() =>
        Assert.NotNull(Lab.Grade("NA", 130m, "mmol/L", 145m, 135m).Error);

    [Fact]
    public void Grading_against_a_term_of_another_test_is_refused() =>
        Assert.Throws<ArgumentException>(() => CtcaeGrader.Grade(new LabObservation(LabTest.Alt, 50m, "U/L"), CtcaeTerm.Anemia));
}
