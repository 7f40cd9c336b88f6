using MdtReview.Clinical.Recist;
using static MdtReview.Clinical.Tests.Recist.Scans;

namespace MdtReview.Clinical.Tests.Recist;

/// <summary>RECIST 1.1 §3.1 and §4.2: baseline target selection, and the series checks that stop an evaluation.</summary>
public sealed class BaselineValidationTests
{
    private static IReadOnlyList<BaselineProblem> Validate(params (TargetLesion Lesion, decimal Mm)[] targets) =>
        RecistEvaluator.ValidateBaseline(
            [.. targets.Select(t => t.Lesion)],
            targets.ToDictionary(t => t.Lesion.Id, t => (TargetMeasurement)t.Mm));

    [Fact]
    public void Five_targets_in_different_organs_are_a_valid_selection()
    {
        var problems = Validate(
            (new("A", "liver"), 20m), (new("B", "lung"), 20m), (new("C", "adrenal"), 20m),
            (new("D", "bone"), 20m), (new("E", "spleen"), 20m));
        Assert.Empty(problems);
    }

    [Fact]
    public void Six_targets_are_too_many()
    {
        var problems = Validate(
            (new("A", "liver"), 20m), (new("B", "lung"), 20m), (new("C", "adrenal"), 20m),
            (new("D", "bone"), 20m), (new("E", "spleen"), 20m), (new("F", "kidney"), 20m));
        var problem = Assert.Single(problems);
        Assert.Equal(BaselineProblemKind.TooManyTargets, problem.Kind);
        Assert.Contains("at most 5", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Three_targets_in_one_organ_are_too_many_whatever_the_spelling()
    {
        var problems = Validate((new("A", "Liver"), 20m), (new("B", "liver "), 20m), (new("C", "LIVER"), 20m));
        var problem = Assert.Single(problems);
        Assert.Equal(BaselineProblemKind.TooManyInOrgan, problem.Kind);
        Assert.Contains("at most 2 per organ", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void All_lymph_nodes_count_as_one_organ()
    {
        var problems = Validate(
            (new("N1", "mediastinum", true), 20m), (new("N2", "axilla", true), 20m), (new("N3", "groin", true), 20m));
        var problem = Assert.Single(problems);
        Assert.Equal(BaselineProblemKind.TooManyInOrgan, problem.Kind);
        Assert.Contains("all lymph nodes count as one organ", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(9.9, true)]
    [InlineData(10.0, false)]
    public void Non_nodal_target_must_be_at_least_ten_mm(decimal mm, bool rejected)
    {
        var problems = Validate((new("A", "liver"), mm));
        Assert.Equal(rejected, problems.Any(p => p.Kind == BaselineProblemKind.BelowMeasurableSize && p.LesionId == "A"));
    }

    [Theory]
    [InlineData(14.9, true)]
    [InlineData(15.0, false)]
    public void Nodal_target_must_be_at_least_fifteen_mm_short_axis(decimal mm, bool rejected)
    {
        var problems = Validate((new("N1", "mediastinum", true), mm));
        Assert.Equal(rejected, problems.Any(p => p.Kind == BaselineProblemKind.NodeBelowTargetSize && p.LesionId == "N1"));
        if (rejected)
        {
            Assert.Contains("at least 15 mm in short axis", problems[0].Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Evaluation_reports_baseline_problems_without_refusing_the_series()
    {
        var result = RecistEvaluator.Evaluate(OneTarget(8m, 4m));
        Assert.True(result.IsValid);
        Assert.Equal(BaselineProblemKind.BelowMeasurableSize, Assert.Single(result.BaselineProblems).Kind);
    }

    [Fact]
    public void Target_missing_at_baseline_stops_the_evaluation_with_a_clinical_message()
    {
        TargetLesion[] targets = [new("L1", "liver"), new("L2", "lung")];
        var result = RecistEvaluator.Evaluate(Series(targets, On(0, ("L1", 30m)), On(42, ("L1", 20m), ("L2", 10m))));
        Assert.False(result.IsValid);
        Assert.Empty(result.Timepoints);
        Assert.Contains("Target lesion L2 has no baseline measurement", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Scans_out_of_order_stop_the_evaluation()
    {
        var result = RecistEvaluator.Evaluate(Series([T1], On(0, ("T1", 30m)), On(84, ("T1", 20m)), On(42, ("T1", 20m))));
        Assert.Contains("scans must be in date order", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Measurement_of_a_lesion_that_is_not_a_baseline_target_stops_the_evaluation()
    {
        var result = RecistEvaluator.Evaluate(Series([T1], On(0, ("T1", 30m)), On(42, ("T1", 20m), ("X9", 12m))));
        Assert.Contains("X9, which is not a baseline target lesion", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Series_mixing_days_and_dates_stops_the_evaluation()
    {
        var result = RecistEvaluator.Evaluate(Series([T1],
            On(0, ("T1", 30m)),
            new TumourAssessment { Date = new DateOnly(2026, 3, 1), TargetMeasurements = new Dictionary<string, TargetMeasurement> { ["T1"] = 20m } }));
        Assert.False(result.IsValid);
    }

    [Fact]
    public void Series_without_any_disease_at_baseline_stops_the_evaluation()
    {
        var result = RecistEvaluator.Evaluate(Series([], On(0), On(42)));
        Assert.Contains("nothing to assess", Assert.Single(result.Errors), StringComparison.Ordinal);
    }
}
