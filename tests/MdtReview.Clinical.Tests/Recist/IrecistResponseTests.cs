using MdtReview.Clinical.Recist;
using static MdtReview.Clinical.Tests.Recist.Scans;

namespace MdtReview.Clinical.Tests.Recist;

/// <summary>iRECIST (Seymour 2017, tables 2–3; EORTC iRECIST Q&amp;A): iUPD, confirmation, reset, clinical stability.</summary>
public sealed class IrecistResponseTests
{
    // Baseline 80, nadir 55 on day 84, iUPD at 70 mm on day 168 (+27%, +15 mm).
    private static TumourSeries AfterTargetIupd(params TumourAssessment[] later) =>
        Series([T1], [On(0, ("T1", 80m)), On(84, ("T1", 55m)), On(168, ("T1", 70m)) with { ClinicallyStable = true }, .. later]);

    [Fact]
    public void First_progression_is_unconfirmed_with_a_four_to_eight_week_confirmation_window()
    {
        var timepoint = Evaluate(AfterTargetIupd())[^1];
        Assert.Equal(Recist11Response.PD, timepoint.Recist11);
        Assert.Equal(IrecistResponse.IUPD, timepoint.Irecist);
        Assert.Equal(196, timepoint.ConfirmationWindowFirstDay);
        Assert.Equal(224, timepoint.ConfirmationWindowLastDay);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Treatment_may_continue_beyond_iUPD_only_in_a_clinically_stable_patient(bool stable, bool mayContinue)
    {
        var series = Series([T1], On(0, ("T1", 80m)), On(84, ("T1", 96m)) with { ClinicallyStable = stable });
        Assert.Equal(mayContinue, Last(series).TreatmentMayContinue);
    }

    [Fact]
    public void Unrecorded_clinical_stability_does_not_allow_treatment_beyond_iUPD_and_says_why()
    {
        var timepoint = Last(Series([T1], On(0, ("T1", 80m)), On(84, ("T1", 96m))));
        Assert.False(timepoint.TreatmentMayContinue);
        Assert.Contains("clinical stability not recorded", timepoint.IrecistBasis, StringComparison.Ordinal);
    }

    [Fact]
    public void Treatment_may_continue_is_only_given_with_iUPD_or_iCPD()
    {
        Assert.Null(Last(OneTarget(100m, 60m)).TreatmentMayContinue);
    }

    [Theory]
    [InlineData(74.9, IrecistResponse.IUPD)]
    [InlineData(75.0, IrecistResponse.ICPD)]
    [InlineData(75.1, IrecistResponse.ICPD)]
    public void Further_five_mm_in_the_target_sum_at_the_next_assessment_confirms_progression(decimal sum, IrecistResponse expected)
    {
        var timepoint = Evaluate(AfterTargetIupd(On(210, ("T1", sum)) with { ClinicallyStable = true }))[^1];
        Assert.Equal(expected, timepoint.Irecist);
        Assert.Equal(expected == IrecistResponse.IUPD, timepoint.TreatmentMayContinue);
    }

    [Fact]
    public void Growth_adds_up_over_consecutive_iUPD_assessments()
    {
        var timepoints = Evaluate(AfterTargetIupd(On(210, ("T1", 74m)), On(252, ("T1", 76m))));
        Assert.Equal(IrecistResponse.IUPD, timepoints[^2].Irecist);
        Assert.Equal(IrecistResponse.ICPD, timepoints[^1].Irecist);
        Assert.Contains("+6 mm over the iUPD sum 70 mm", timepoints[^1].IrecistBasis, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(27, IrecistResponse.IUPD)]
    [InlineData(28, IrecistResponse.ICPD)]
    [InlineData(56, IrecistResponse.ICPD)]
    public void Scan_earlier_than_four_weeks_after_iUPD_cannot_confirm_progression(int daysAfterIupd, IrecistResponse expected)
    {
        var timepoint = Evaluate(AfterTargetIupd(On(168 + daysAfterIupd, ("T1", 80m))))[^1];
        Assert.Equal(expected, timepoint.Irecist);
        Assert.Equal(Recist11Response.PD, timepoint.Recist11);
    }

    [Fact]
    public void Early_scan_leaves_the_iUPD_waiting_for_the_real_confirmation_scan()
    {
        var timepoints = Evaluate(AfterTargetIupd(On(182, ("T1", 80m)), On(196, ("T1", 75m))));
        Assert.Contains("earlier than 4 weeks", timepoints[^2].IrecistBasis, StringComparison.Ordinal);
        Assert.Equal(IrecistResponse.ICPD, timepoints[^1].Irecist);
    }

    [Theory]
    [InlineData(56, false)]
    [InlineData(57, true)]
    public void Confirmation_scan_later_than_eight_weeks_is_flagged(int daysAfterIupd, bool flagged)
    {
        var timepoint = Evaluate(AfterTargetIupd(On(168 + daysAfterIupd, ("T1", 80m))))[^1];
        Assert.Equal(IrecistResponse.ICPD, timepoint.Irecist);
        Assert.Equal(flagged, timepoint.Warnings.Any(w => w.Contains("later than the 4–8 weeks", StringComparison.Ordinal)));
    }

    [Fact]
    public void Unscheduled_scan_for_symptoms_with_an_additional_new_lesion_confirms_progression_early()
    {
        var timepoint = Evaluate(AfterTargetIupd(
            On(182, ("T1", 70m)) with { UnscheduledForSymptoms = true, NewLesions = [NewLesion("N1", 15m)] }))[^1];
        Assert.Equal(IrecistResponse.ICPD, timepoint.Irecist);
        Assert.False(timepoint.TreatmentMayContinue);
    }

    [Fact]
    public void Unscheduled_scan_for_symptoms_showing_only_growth_does_not_confirm_early()
    {
        var timepoint = Evaluate(AfterTargetIupd(On(182, ("T1", 90m)) with { UnscheduledForSymptoms = true }))[^1];
        Assert.Equal(IrecistResponse.IUPD, timepoint.Irecist);
    }

    [Fact]
    public void Early_scheduled_scan_with_a_new_lesion_does_not_confirm_but_the_next_assessment_does()
    {
        var newLesion = NewLesion("N1", 15m);
        var timepoints = Evaluate(AfterTargetIupd(
            On(182, ("T1", 70m)) with { NewLesions = [newLesion] },
            On(210, ("T1", 70m)) with { NewLesions = [newLesion] }));
        Assert.Equal(IrecistResponse.IUPD, timepoints[^2].Irecist);
        Assert.Equal(IrecistResponse.ICPD, timepoints[^1].Irecist);
    }

    [Theory]
    [InlineData(62, IrecistResponse.ISD)]
    [InlineData(56, IrecistResponse.IPR)]
    public void Progression_not_confirmed_resets_to_the_current_response(decimal sum, IrecistResponse expected)
    {
        // 62 mm is +12.7% over nadir 55: no longer PD, −22.5% from baseline → iSD. 56 mm is −30% → iPR.
        var timepoint = Evaluate(AfterTargetIupd(On(210, ("T1", sum))))[^1];
        Assert.Equal(expected, timepoint.Irecist);
        Assert.Null(timepoint.TreatmentMayContinue);
        Assert.Contains("not confirmed", timepoint.IrecistBasis, StringComparison.Ordinal);
    }

    [Fact]
    public void Progression_after_a_reset_is_a_new_iUPD_that_needs_its_own_confirmation()
    {
        var timepoints = Evaluate(AfterTargetIupd(On(210, ("T1", 62m)), On(252, ("T1", 70m)), On(294, ("T1", 74m)), On(336, ("T1", 75m))));
        Assert.Equal(
            [IrecistResponse.IPR, IrecistResponse.IUPD, IrecistResponse.ISD, IrecistResponse.IUPD, IrecistResponse.IUPD, IrecistResponse.ICPD],
            timepoints.Select(t => t.Irecist));
    }

    [Fact]
    public void Progression_that_neither_grows_nor_shrinks_remains_iUPD()
    {
        var timepoint = Evaluate(AfterTargetIupd(On(210, ("T1", 70m)) with { ClinicallyStable = true }))[^1];
        Assert.Equal(IrecistResponse.IUPD, timepoint.Irecist);
        Assert.True(timepoint.TreatmentMayContinue);
    }

    [Fact]
    public void Confirmed_progression_does_not_reset()
    {
        var timepoints = Evaluate(AfterTargetIupd(On(210, ("T1", 80m)), On(252, ("T1", 40m))));
        Assert.Equal(IrecistResponse.ICPD, timepoints[^1].Irecist);
        Assert.Equal(Recist11Response.PR, timepoints[^1].Recist11);
        Assert.False(timepoints[^1].TreatmentMayContinue);
    }

    [Fact]
    public void New_lesion_after_target_iUPD_confirms_progression_in_a_new_category()
    {
        var timepoint = Evaluate(AfterTargetIupd(On(210, ("T1", 70m)) with { NewLesions = [NewLesion("N1", null, measurable: false)] }))[^1];
        Assert.Equal(IrecistResponse.ICPD, timepoint.Irecist);
    }

    private static TumourSeries NonTargetIupd(TumourAssessment next) => Series([T1],
        On(0, ("T1", 50m)) with { NonTarget = NonTargetStatus.Present },
        On(42, ("T1", 50m)) with { NonTarget = NonTargetStatus.UnequivocalProgression },
        next);

    [Fact]
    public void Non_target_iUPD_is_confirmed_by_any_further_increase()
    {
        var timepoint = Last(NonTargetIupd(On(84, ("T1", 50m)) with { NonTarget = NonTargetStatus.UnequivocalProgression, NonTargetFurtherIncrease = true }));
        Assert.Equal(IrecistResponse.ICPD, timepoint.Irecist);
    }

    [Fact]
    public void Non_target_iUPD_without_further_increase_remains_iUPD()
    {
        var timepoint = Last(NonTargetIupd(On(84, ("T1", 50m)) with { NonTarget = NonTargetStatus.UnequivocalProgression, NonTargetFurtherIncrease = false }));
        Assert.Equal(IrecistResponse.IUPD, timepoint.Irecist);
    }

    [Fact]
    public void Non_target_iUPD_resets_when_non_target_disease_no_longer_progresses()
    {
        var timepoint = Last(NonTargetIupd(On(84, ("T1", 50m)) with { NonTarget = NonTargetStatus.Present }));
        Assert.Equal(IrecistResponse.ISD, timepoint.Irecist);
    }

    private static TumourSeries NewLesionIupd(params TumourAssessment[] later) => Series([T1],
        [On(0, ("T1", 100m)), On(42, ("T1", 100m)) with { NewLesions = [NewLesion("N1", 12m)] }, .. later]);

    [Fact]
    public void New_lesion_gives_iUPD_and_more_new_lesions_confirm_it()
    {
        var timepoints = Evaluate(NewLesionIupd(On(84, ("T1", 100m)) with { NewLesions = [NewLesion("N1", 12m), NewLesion("N2", 4m, measurable: false)] }));
        Assert.Equal(IrecistResponse.IUPD, timepoints[0].Irecist);
        Assert.Equal(12m, timepoints[0].NewLesionTargetSumMm);
        Assert.Equal(IrecistResponse.ICPD, timepoints[1].Irecist);
    }

    [Theory]
    [InlineData(16.9, IrecistResponse.IUPD)]
    [InlineData(17.0, IrecistResponse.ICPD)]
    public void New_lesion_target_sum_growing_five_mm_confirms_progression(decimal mm, IrecistResponse expected)
    {
        var timepoint = Evaluate(NewLesionIupd(On(84, ("T1", 100m)) with { NewLesions = [NewLesion("N1", mm)] }))[^1];
        Assert.Equal(expected, timepoint.Irecist);
    }

    [Fact]
    public void Any_growth_of_a_new_non_target_lesion_confirms_progression()
    {
        var timepoints = Evaluate(Series([T1],
            On(0, ("T1", 100m)),
            On(42, ("T1", 100m)) with { NewLesions = [NewLesion("N1", null, measurable: false)] },
            On(84, ("T1", 100m)) with { NewLesions = [new("N1", "liver", Measurable: false, IncreasedSincePrevious: true)] }));
        Assert.Equal(IrecistResponse.ICPD, timepoints[^1].Irecist);
    }

    [Fact]
    public void Unchanged_new_lesion_with_shrinking_targets_resets_as_the_EORTC_QA_allows()
    {
        var timepoint = Evaluate(NewLesionIupd(On(84, ("T1", 60m)) with { NewLesions = [NewLesion("N1", 12m)] }))[^1];
        Assert.Equal(IrecistResponse.IPR, timepoint.Irecist);
        Assert.Equal(Recist11Response.PD, timepoint.Recist11);
        Assert.Contains("EORTC iRECIST Q&A", timepoint.IrecistBasis, StringComparison.Ordinal);
    }

    [Fact]
    public void Unchanged_new_lesion_with_unchanged_targets_remains_iUPD()
    {
        var timepoint = Evaluate(NewLesionIupd(On(84, ("T1", 100m)) with { NewLesions = [NewLesion("N1", 12m)] }))[^1];
        Assert.Equal(IrecistResponse.IUPD, timepoint.Irecist);
    }

    [Fact]
    public void New_lesion_that_has_gone_resets_to_complete_response_when_everything_else_has_gone()
    {
        var timepoint = Evaluate(NewLesionIupd(On(84, ("T1", 0m))))[^1];
        Assert.Equal(IrecistResponse.ICR, timepoint.Irecist);
        Assert.Equal(Recist11Response.CR, timepoint.Recist11);
    }

    [Fact]
    public void Persisting_new_lesion_after_a_reset_does_not_start_a_new_iUPD_but_its_growth_does()
    {
        var timepoints = Evaluate(NewLesionIupd(
            On(84, ("T1", 60m)) with { NewLesions = [NewLesion("N1", 12m)] },
            On(126, ("T1", 60m)) with { NewLesions = [NewLesion("N1", 12m)] },
            On(168, ("T1", 60m)) with { NewLesions = [NewLesion("N1", 17m)] }));
        Assert.Equal([IrecistResponse.IUPD, IrecistResponse.IPR, IrecistResponse.IPR, IrecistResponse.IUPD], timepoints.Select(t => t.Irecist));
    }

    [Fact]
    public void Unmeasured_new_lesion_target_at_the_confirmation_scan_is_not_evaluable()
    {
        var timepoint = Evaluate(NewLesionIupd(On(84, ("T1", 90m)) with { NewLesions = [NewLesion("N1", null)] }))[^1];
        Assert.Equal(IrecistResponse.INE, timepoint.Irecist);
    }

    [Fact]
    public void At_most_two_new_lesion_targets_per_organ_are_summed()
    {
        var timepoint = Evaluate(Series([T1], On(0, ("T1", 100m)),
            On(42, ("T1", 100m)) with { NewLesions = [NewLesion("A", 10m), NewLesion("B", 30m), NewLesion("C", 20m), NewLesion("D", 11m, organ: "lung")] }))[^1];
        Assert.Equal(61m, timepoint.NewLesionTargetSumMm);
    }

    [Fact]
    public void Reappearance_after_iCR_is_iUPD()
    {
        var timepoints = Evaluate(OneTarget(10m, 0m, 4m));
        Assert.Equal(IrecistResponse.ICR, timepoints[0].Irecist);
        Assert.Equal(IrecistResponse.IUPD, timepoints[1].Irecist);
    }

    [Fact]
    public void Non_target_only_disease_without_progression_is_non_iCR_non_iUPD()
    {
        var timepoint = Last(Series([], On(0) with { NonTarget = NonTargetStatus.Present }, On(42) with { NonTarget = NonTargetStatus.Present }));
        Assert.Equal(IrecistResponse.NonICRNonIUPD, timepoint.Irecist);
        Assert.Equal("NON_iCR_NON_iUPD", ResponseText.Code(timepoint.Irecist));
    }
}
