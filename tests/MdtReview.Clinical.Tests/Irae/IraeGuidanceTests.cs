using MdtReview.Clinical.Irae;
using Xunit;

namespace MdtReview.Clinical.Tests.Irae;

public sealed class IraeGuidanceTests
{
    private static IraeRecommendation R(IraeCategory c, int g, IraeContext? ctx = null) => IraeGuidance.Recommend(c, g, ctx);

    [Theory]
    // ASCO 2021 general rule: G1 continue, G2 hold, G3 hold, G4 permanently discontinue.
    [InlineData(IraeCategory.Skin, 1, IraeAction.Continue)]
    [InlineData(IraeCategory.Skin, 2, IraeAction.Hold)]
    [InlineData(IraeCategory.Arthritis, 3, IraeAction.Hold)]
    [InlineData(IraeCategory.Other, 4, IraeAction.Discontinue)]
    public void General_rule_follows_the_grade(IraeCategory category, int grade, IraeAction expected)
    {
        var rec = R(category, grade);

        Assert.Equal(expected, rec.Action);
        Assert.Empty(rec.Alternatives);
        Assert.Contains("ASCO 2021", rec.Source, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(IraeCategory.Neurological)]
    [InlineData(IraeCategory.Haematological)]
    public void Neurological_and_haematological_grade_1_may_be_held(IraeCategory category) =>
        Assert.Equal([IraeAction.Continue, IraeAction.Hold], R(category, 1).AllowedActions);

    [Theory]
    // ASCO 2021 Table 2 §2.2: G1 continue, G2 hold, G4 discontinue.
    [InlineData(1, IraeAction.Continue)]
    [InlineData(2, IraeAction.Hold)]
    [InlineData(4, IraeAction.Discontinue)]
    public void Hepatitis_follows_asco_table_2(int grade, IraeAction expected) =>
        Assert.Equal([expected], R(IraeCategory.Hepatitis, grade).AllowedActions);

    [Fact]
    public void Hepatitis_grade_3_with_symptomatic_liver_dysfunction_is_discontinue() =>
        Assert.Equal([IraeAction.Discontinue], R(IraeCategory.Hepatitis, 3, new IraeContext { SymptomaticLiverDysfunction = true }).AllowedActions);

    [Fact]
    public void Asymptomatic_hepatitis_grade_3_is_hold_with_discontinuation_to_consider() =>
        Assert.Equal([IraeAction.Hold, IraeAction.Discontinue], R(IraeCategory.Hepatitis, 3, new IraeContext { SymptomaticLiverDysfunction = false }).AllowedActions);

    [Fact]
    public void Hepatitis_grade_3_without_symptom_information_returns_both_actions()
    {
        var rec = R(IraeCategory.Hepatitis, 3);

        Assert.Equal([IraeAction.Discontinue, IraeAction.Hold], rec.AllowedActions);
        Assert.Contains(rec.Notes, n => n.Contains("§7.8", StringComparison.Ordinal));
    }

    [Theory]
    // ASCO hepatitis ALT bands: >3–5 × ULN grade 2, >5–20 grade 3, >20 grade 4; boundaries to the lower grade.
    [InlineData(3.0, 1, 1)]
    [InlineData(3.01, 1, 2)]
    [InlineData(5.0, 1, 2)]
    [InlineData(5.01, 1, 3)]
    [InlineData(20.0, 1, 3)]
    [InlineData(20.01, 1, 4)]
    [InlineData(2.0, 3, 3)]
    public void Hepatitis_alt_band_raises_but_never_lowers_the_stated_grade(double altTimesUln, int stated, int expected) =>
        Assert.Equal(expected, R(IraeCategory.Hepatitis, stated, new IraeContext { AltTimesUln = (decimal)altTimesUln }).Grade);

    [Fact]
    public void Hepatitis_with_alt_over_20_times_uln_is_discontinued_whatever_grade_was_stated() =>
        Assert.Equal(IraeAction.Discontinue, R(IraeCategory.Hepatitis, 2, new IraeContext { AltTimesUln = 25m }).Action);

    [Theory]
    // ASCO 2021 Table 3 §3.1: G1 hold or continue; G2 hold; G3–4 discontinue.
    [InlineData(2, new[] { IraeAction.Hold })]
    [InlineData(3, new[] { IraeAction.Discontinue })]
    [InlineData(4, new[] { IraeAction.Discontinue })]
    public void Pneumonitis_follows_asco_table_3(int grade, IraeAction[] expected) =>
        Assert.Equal(expected, R(IraeCategory.Pneumonitis, grade).AllowedActions);

    [Fact]
    public void Pneumonitis_grade_1_allows_holding_or_continuing() =>
        Assert.Equal([IraeAction.Hold, IraeAction.Continue], R(IraeCategory.Pneumonitis, 1).AllowedActions);

    [Theory]
    // ASCO 2021 Table 2 §2.1: G1 continue (strict, §7.9), G2 hold, G4 discontinue.
    [InlineData(1, IraeAction.Continue)]
    [InlineData(2, IraeAction.Hold)]
    [InlineData(4, IraeAction.Discontinue)]
    public void Colitis_follows_asco_table_2(int grade, IraeAction expected) =>
        Assert.Equal([expected], R(IraeCategory.Colitis, grade).AllowedActions);

    [Fact]
    public void Colitis_grade_3_on_anti_ctla4_is_hold_with_permanent_stop_to_consider() =>
        Assert.Equal([IraeAction.Hold, IraeAction.Discontinue], R(IraeCategory.Colitis, 3, new IraeContext { AntiCtla4 = true }).AllowedActions);

    [Fact]
    public void Colitis_grade_3_on_anti_pd1_alone_is_hold() =>
        Assert.Equal([IraeAction.Hold], R(IraeCategory.Colitis, 3, new IraeContext { AntiCtla4 = false }).AllowedActions);

    [Theory]
    // ASCO 2021 Table 6: G1 consider holding, G2 hold, G3–4 discontinue.
    [InlineData(1, new[] { IraeAction.Hold, IraeAction.Continue })]
    [InlineData(2, new[] { IraeAction.Hold })]
    [InlineData(3, new[] { IraeAction.Discontinue })]
    [InlineData(4, new[] { IraeAction.Discontinue })]
    public void Nephritis_follows_asco_table_6(int grade, IraeAction[] expected) =>
        Assert.Equal(expected, R(IraeCategory.Nephritis, grade).AllowedActions);

    [Theory]
    [InlineData(2.0, 1)]
    [InlineData(2.01, 2)]
    [InlineData(3.0, 2)]
    [InlineData(3.01, 3)]
    [InlineData(6.0, 4)]
    public void Nephritis_grade_is_raised_by_the_creatinine_to_baseline_ratio(double ratio, int expected) =>
        Assert.Equal(expected, R(IraeCategory.Nephritis, 1, new IraeContext { CreatinineTimesBaseline = (decimal)ratio }).Grade);

    [Fact]
    public void Nephritis_with_dialysis_indicated_is_grade_4_and_discontinued()
    {
        var rec = R(IraeCategory.Nephritis, 2, new IraeContext { DialysisIndicated = true });

        Assert.Equal(4, rec.Grade);
        Assert.Equal(IraeAction.Discontinue, rec.Action);
    }

    [Fact]
    public void Myocarditis_grade_1_is_held_and_grade_2_and_above_discontinued()
    {
        Assert.Equal([IraeAction.Hold], R(IraeCategory.Myocarditis, 1).AllowedActions);
        Assert.All([2, 3, 4], g => Assert.Equal([IraeAction.Discontinue], R(IraeCategory.Myocarditis, g).AllowedActions));
    }

    [Theory]
    [InlineData(IraeCategory.Hypothyroidism)]
    [InlineData(IraeCategory.Hyperthyroidism)]
    [InlineData(IraeCategory.Hypophysitis)]
    [InlineData(IraeCategory.AdrenalInsufficiency)]
    [InlineData(IraeCategory.Diabetes)]
    public void Endocrine_grade_4_is_held_not_discontinued(IraeCategory category) =>
        Assert.Equal([IraeAction.Hold], R(category, 4).AllowedActions);

    [Fact]
    public void Grade_2_endocrinopathy_stable_on_hormone_replacement_resumes() =>
        Assert.Equal(IraeAction.Continue, R(IraeCategory.Hypophysitis, 2, new IraeContext { OnHormoneReplacement = true, Controlled = true }).Action);

    [Fact]
    public void Grade_2_diabetes_controlled_on_insulin_resumes() =>
        Assert.Equal(IraeAction.Continue, R(IraeCategory.Diabetes, 2, new IraeContext { OnInsulin = true, Controlled = true }).Action);

    [Theory]
    [InlineData(IraeCategory.Hypophysitis, 3)]
    [InlineData(IraeCategory.Hypothyroidism, 4)]
    [InlineData(IraeCategory.AdrenalInsufficiency, 4)]
    [InlineData(IraeCategory.Diabetes, 3)]
    public void Grade_3_or_4_endocrinopathy_is_held_even_when_controlled_on_replacement(IraeCategory category, int grade) =>
        Assert.Equal([IraeAction.Hold], R(category, grade, new IraeContext { OnHormoneReplacement = true, OnInsulin = true, Controlled = true }).AllowedActions);

    [Fact]
    public void Hypothyroidism_grade_2_allows_continuing_or_holding() =>
        Assert.Equal([IraeAction.Continue, IraeAction.Hold], R(IraeCategory.Hypothyroidism, 2).AllowedActions);

    [Fact]
    public void Tsh_above_10_makes_hypothyroidism_at_least_grade_2() =>
        Assert.Equal(2, R(IraeCategory.Hypothyroidism, 1, new IraeContext { TshMiuPerL = 12m }).Grade);

    [Theory]
    [InlineData(8.9, 1)]
    [InlineData(9.0, 2)]
    [InlineData(13.9, 2)]
    [InlineData(14.0, 3)]
    [InlineData(27.9, 4)]
    public void Fasting_glucose_sets_the_asco_diabetes_grade(double glucose, int expected) =>
        Assert.Equal(expected, R(IraeCategory.Diabetes, 1, new IraeContext { FastingGlucoseMmolPerL = (decimal)glucose }).Grade);

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void Grade_outside_1_to_4_is_refused(int grade) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => R(IraeCategory.Colitis, grade));

    [Fact]
    public void Every_recommendation_names_its_source_and_basis()
    {
        foreach (var category in Enum.GetValues<IraeCategory>())
        {
            foreach (var grade in new[] { 1, 2, 3, 4 })
            {
                var rec = R(category, grade);
                Assert.False(string.IsNullOrWhiteSpace(rec.Source));
                Assert.False(string.IsNullOrWhiteSpace(rec.Basis));
                Assert.Equal(rec.AllowedActions.Count, rec.AllowedActions.Distinct().Count());
            }
        }
    }
}
