using MdtReview.Clinical.Recist;
using static MdtReview.Clinical.Tests.Recist.Scans;

namespace MdtReview.Clinical.Tests.Recist;

/// <summary>RECIST 1.1 (Eisenhauer 2009) §4.3–4.4, one rule per test, boundaries just below, at and just above.</summary>
public sealed class Recist11ResponseTests
{
    [Theory]
    [InlineData(70.1, Recist11Response.SD)]
    [InlineData(70.0, Recist11Response.PR)]
    [InlineData(69.9, Recist11Response.PR)]
    public void Thirty_percent_decrease_from_baseline_is_partial_response(decimal sum, Recist11Response expected)
    {
        Assert.Equal(expected, Last(OneTarget(100m, sum)).Recist11);
    }

    [Theory]
    [InlineData(9.9, Recist11Response.SD)]
    [InlineData(9.8, Recist11Response.PR)]
    public void Thirty_percent_is_exact_where_binary_floating_point_is_not(decimal sum, Recist11Response expected)
    {
        // 9.8 / 14 − 1 is −0.29999… in doubles; decimal arithmetic keeps it at exactly −30%.
        var timepoint = Last(OneTarget(14m, sum));
        Assert.Equal(expected, timepoint.Recist11);
    }

    [Fact]
    public void Change_from_baseline_is_reported_exactly_with_a_one_line_basis()
    {
        var timepoint = Last(OneTarget(60m, 42m));
        Assert.Equal(-30m, timepoint.ChangeFromBaselinePercent);
        Assert.Equal(42m, timepoint.TargetSumMm);
        Assert.Equal("sum 42 mm, \u221230% from baseline 60 mm", timepoint.Basis);
    }

    [Theory]
    // Nadir 25 mm: +5 mm is exactly +20% and exactly 5 mm.
    [InlineData(29.9, Recist11Response.PR)]
    [InlineData(30.0, Recist11Response.PD)]
    [InlineData(30.1, Recist11Response.PD)]
    public void Twenty_percent_and_five_mm_over_nadir_together_are_progression(decimal sum, Recist11Response expected)
    {
        Assert.Equal(expected, Last(OneTarget(100m, 25m, sum)).Recist11);
    }

    [Theory]
    [InlineData(24.9, Recist11Response.PR)]
    [InlineData(25.0, Recist11Response.PD)]
    public void Twenty_percent_increase_needs_five_mm_as_well(decimal sum, Recist11Response expected)
    {
        // Nadir 20 mm: 24.9 mm is +24.5% but only +4.9 mm.
        Assert.Equal(expected, Last(OneTarget(100m, 20m, sum)).Recist11);
    }

    [Theory]
    [InlineData(107.9, Recist11Response.SD)]
    [InlineData(108.0, Recist11Response.PD)]
    public void Five_mm_increase_needs_twenty_percent_as_well(decimal sum, Recist11Response expected)
    {
        // Nadir 90 mm: 107.9 mm is +17.9 mm but only +19.9%.
        Assert.Equal(expected, Last(OneTarget(100m, 90m, sum)).Recist11);
    }

    [Fact]
    public void Five_mm_from_a_small_nadir_is_exact_in_decimal_arithmetic()
    {
        // 8.2 − 3.2 is 4.99999… in doubles.
        Assert.Equal(Recist11Response.PD, Last(OneTarget(3.2m, 3.2m, 8.2m)).Recist11);
    }

    [Fact]
    public void Progression_is_measured_from_the_nadir_not_from_baseline()
    {
        var timepoint = Last(OneTarget(100m, 50m, 60m));
        Assert.Equal(Recist11Response.PD, timepoint.Recist11);
        Assert.Equal(50m, timepoint.NadirMm);
        Assert.Equal(20m, timepoint.ChangeFromNadirPercent);
        Assert.Equal(10m, timepoint.ChangeFromNadirMm);
        Assert.Equal("sum 60 mm, +20% and +10 mm over nadir 50 mm", timepoint.Basis);
    }

    [Fact]
    public void Partial_response_continues_until_progression_as_the_RECIST_FAQ_says()
    {
        // RECIST working group FAQ example: 100 → 70 → 70 → 80 → 80 is PR throughout (a literal table 1 would say SD at 80).
        var timepoints = Evaluate(OneTarget(100m, 70m, 70m, 80m, 80m));
        Assert.All(timepoints, t => Assert.Equal(Recist11Response.PR, t.Recist11));
        Assert.Contains("RECIST working group FAQ", timepoints[^1].Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void Stable_sum_without_an_earlier_response_is_stable_disease()
    {
        var timepoint = Last(OneTarget(100m, 80m));
        Assert.Equal(Recist11Response.SD, timepoint.Recist11);
        Assert.Equal(TargetResponse.SD, timepoint.TargetResponse);
    }

    [Fact]
    public void Complete_response_allows_target_nodes_under_ten_mm_short_axis()
    {
        TargetLesion[] targets = [new("L1", "liver"), new("N1", "mediastinum", IsLymphNode: true)];
        var timepoint = Last(Series(targets, On(0, ("L1", 30m), ("N1", 20m)), On(42, ("L1", 0m), ("N1", 9.9m))));
        Assert.Equal(Recist11Response.CR, timepoint.Recist11);
        Assert.Equal(9.9m, timepoint.TargetSumMm);
    }

    [Fact]
    public void Target_node_of_ten_mm_prevents_complete_response()
    {
        TargetLesion[] targets = [new("L1", "liver"), new("N1", "mediastinum", IsLymphNode: true)];
        var timepoint = Last(Series(targets, On(0, ("L1", 30m), ("N1", 20m)), On(42, ("L1", 0m), ("N1", 10m))));
        Assert.Equal(Recist11Response.PR, timepoint.Recist11);
    }

    [Fact]
    public void Lesion_too_small_to_measure_counts_five_mm_and_is_not_gone()
    {
        var timepoint = Last(Series([T1], On(0, ("T1", 20m)), On(42, ("T1", TargetMeasurement.TooSmallToMeasure))));
        Assert.Equal(5m, timepoint.TargetSumMm);
        Assert.Equal(Recist11Response.PR, timepoint.Recist11);
    }

    [Fact]
    public void Target_not_assessed_makes_the_time_point_not_evaluable()
    {
        TargetLesion[] targets = [new("L1", "liver"), new("L2", "lung")];
        var timepoint = Last(Series(targets, On(0, ("L1", 30m), ("L2", 30m)), On(42, ("L1", 10m), ("L2", TargetMeasurement.NotAssessed))));
        Assert.Equal(Recist11Response.NE, timepoint.Recist11);
        Assert.False(timepoint.AllTargetsAssessed);
        Assert.Contains("L2 not assessed", timepoint.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void Target_missing_from_a_follow_up_scan_counts_as_not_assessed()
    {
        TargetLesion[] targets = [new("L1", "liver"), new("L2", "lung")];
        var timepoint = Last(Series(targets, On(0, ("L1", 30m), ("L2", 30m)), On(42, ("L1", 10m))));
        Assert.Equal(Recist11Response.NE, timepoint.Recist11);
    }

    [Fact]
    public void Assessed_lesions_that_already_show_progression_are_progression_despite_a_missing_target()
    {
        // RECIST 1.1 §4.4.2: NE unless the measured lesions alone meet PD (60 → 79 is +31.7%, +19 mm).
        TargetLesion[] targets = [new("L1", "liver"), new("L2", "lung")];
        var timepoint = Last(Series(targets, On(0, ("L1", 30m), ("L2", 30m)), On(42, ("L1", 79m))));
        Assert.Equal(Recist11Response.PD, timepoint.Recist11);
    }

    [Fact]
    public void Nadir_ignores_a_scan_where_a_target_was_not_assessed()
    {
        TargetLesion[] targets = [new("L1", "liver"), new("L2", "lung")];
        var timepoints = Evaluate(Series(targets,
            On(0, ("L1", 40m), ("L2", 38m)),
            On(42, ("L1", 14m)),
            On(84, ("L1", 14m), ("L2", 19m))));
        Assert.Equal(78m, timepoints[1].NadirMm);
        Assert.Equal(Recist11Response.PR, timepoints[1].Recist11);
    }

    [Fact]
    public void Lesion_reappearing_after_a_complete_response_is_progression()
    {
        var timepoints = Evaluate(OneTarget(10m, 0m, 4m));
        Assert.Equal(Recist11Response.CR, timepoints[0].Recist11);
        Assert.Equal(Recist11Response.PD, timepoints[1].Recist11);
        Assert.Contains("reappeared after a complete response", timepoints[1].Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void Lesion_reappearing_after_a_partial_response_follows_the_sum_rule()
    {
        TargetLesion[] targets = [new("L1", "liver"), new("L2", "lung")];
        var timepoint = Last(Series(targets, On(0, ("L1", 30m), ("L2", 30m)), On(42, ("L1", 0m), ("L2", 20m)), On(84, ("L1", 4m), ("L2", 20m))));
        Assert.Equal(Recist11Response.PR, timepoint.Recist11);
    }

    [Fact]
    public void New_lesion_is_progression_whatever_the_sums()
    {
        var series = Series([T1], On(0, ("T1", 100m)), On(42, ("T1", 50m)) with { NewLesions = [NewLesion("N1", 12m)] });
        var timepoint = Last(series);
        Assert.Equal(Recist11Response.PD, timepoint.Recist11);
        Assert.Equal(TargetResponse.PR, timepoint.TargetResponse);
        Assert.Contains("new lesion N1 (liver)", timepoint.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void Unequivocal_non_target_progression_is_progression()
    {
        var series = Series([T1],
            On(0, ("T1", 100m)) with { NonTarget = NonTargetStatus.Present },
            On(42, ("T1", 90m)) with { NonTarget = NonTargetStatus.UnequivocalProgression });
        Assert.Equal(Recist11Response.PD, Last(series).Recist11);
    }

    [Theory]
    [InlineData(NonTargetStatus.Absent, Recist11Response.CR)]
    [InlineData(NonTargetStatus.Present, Recist11Response.PR)]
    [InlineData(NonTargetStatus.NotEvaluated, Recist11Response.PR)]
    public void Target_complete_response_needs_non_target_disease_gone_for_overall_complete_response(NonTargetStatus nonTarget, Recist11Response expected)
    {
        var series = Series([T1],
            On(0, ("T1", 100m)) with { NonTarget = NonTargetStatus.Present },
            On(42, ("T1", 0m)) with { NonTarget = nonTarget });
        Assert.Equal(expected, Last(series).Recist11);
    }

    [Theory]
    [InlineData(NonTargetStatus.Present, Recist11Response.NonCRNonPD)]
    [InlineData(NonTargetStatus.Absent, Recist11Response.CR)]
    [InlineData(NonTargetStatus.NotEvaluated, Recist11Response.NE)]
    [InlineData(NonTargetStatus.UnequivocalProgression, Recist11Response.PD)]
    public void Non_target_only_disease_follows_RECIST_table_2(NonTargetStatus nonTarget, Recist11Response expected)
    {
        var series = Series([], On(0) with { NonTarget = NonTargetStatus.Present }, On(42) with { NonTarget = nonTarget });
        var timepoint = Last(series);
        Assert.Equal(expected, timepoint.Recist11);
        Assert.Null(timepoint.TargetResponse);
        Assert.Null(timepoint.TargetSumMm);
    }

    [Fact]
    public void Non_target_only_disease_with_a_new_lesion_is_progression()
    {
        var series = Series([], On(0) with { NonTarget = NonTargetStatus.Present },
            On(42) with { NonTarget = NonTargetStatus.Present, NewLesions = [NewLesion("N1", null, measurable: false)] });
        Assert.Equal(Recist11Response.PD, Last(series).Recist11);
    }

    [Theory]
    [InlineData(TargetResponse.CR, NonTargetResponse.CR, false, Recist11Response.CR)]
    [InlineData(TargetResponse.CR, NonTargetResponse.None, false, Recist11Response.CR)]
    [InlineData(TargetResponse.CR, NonTargetResponse.NonCRNonPD, false, Recist11Response.PR)]
    [InlineData(TargetResponse.CR, NonTargetResponse.NE, false, Recist11Response.PR)]
    [InlineData(TargetResponse.PR, NonTargetResponse.NonCRNonPD, false, Recist11Response.PR)]
    [InlineData(TargetResponse.PR, NonTargetResponse.NE, false, Recist11Response.PR)]
    [InlineData(TargetResponse.SD, NonTargetResponse.NonCRNonPD, false, Recist11Response.SD)]
    [InlineData(TargetResponse.SD, NonTargetResponse.NE, false, Recist11Response.SD)]
    [InlineData(TargetResponse.NE, NonTargetResponse.NonCRNonPD, false, Recist11Response.NE)]
    [InlineData(TargetResponse.PD, NonTargetResponse.CR, false, Recist11Response.PD)]
    [InlineData(TargetResponse.CR, NonTargetResponse.PD, false, Recist11Response.PD)]
    [InlineData(TargetResponse.CR, NonTargetResponse.CR, true, Recist11Response.PD)]
    [InlineData(TargetResponse.NE, NonTargetResponse.NE, true, Recist11Response.PD)]
    public void Overall_response_follows_RECIST_table_1(TargetResponse target, NonTargetResponse nonTarget, bool newLesions, Recist11Response expected)
    {
        Assert.Equal(expected, RecistRules.OverallResponse(target, nonTarget, newLesions));
    }

    [Fact]
    public void Dates_give_days_since_baseline_and_are_reported_back()
    {
        var baseline = new DateOnly(2026, 1, 1);
        var series = Series([T1],
            new TumourAssessment { Date = baseline, TargetMeasurements = new Dictionary<string, TargetMeasurement> { ["T1"] = 50m } },
            new TumourAssessment { Date = baseline.AddDays(84), TargetMeasurements = new Dictionary<string, TargetMeasurement> { ["T1"] = 30m } });
        var timepoint = Last(series);
        Assert.Equal(84, timepoint.Day);
        Assert.Equal(baseline.AddDays(84), timepoint.Date);
    }
}
