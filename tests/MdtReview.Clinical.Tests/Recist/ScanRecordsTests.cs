using MdtReview.Clinical.Recist;

namespace MdtReview.Clinical.Tests.Recist;

/// <summary>Building a series from the app's stored scan rows.</summary>
public sealed class ScanRecordsTests
{
    private static readonly DateOnly Baseline = new(2026, 1, 5);

    [Fact]
    public void Stored_scans_in_any_order_become_a_series_with_the_baseline_targets()
    {
        ScanRecord[] stored =
        [
            new(Baseline.AddDays(84), NonTargetStatus.Present,
            [
                new("T1", "liver", false, LesionRole.Target, 20m),
                new("N1", "axilla", true, LesionRole.Target, null, TooSmallToMeasure: true),
                new("NL1", "lung", false, LesionRole.New, 12m),
            ]) { ClinicallyStable = true },
            new(Baseline, NonTargetStatus.Present,
            [
                new("T1", "liver", false, LesionRole.Target, 40m),
                new("N1", "axilla", true, LesionRole.Target, 20m),
                new("NT1", "bone", false, LesionRole.NonTarget, null),
            ]),
        ];

        var series = ScanRecords.ToSeries(stored);
        var timepoint = Assert.Single(RecistEvaluator.Evaluate(series).Timepoints);

        Assert.Equal(["N1", "T1"], series.Targets.Select(t => t.Id).Order());
        Assert.Equal(84, timepoint.Day);
        Assert.Equal(25m, timepoint.TargetSumMm);
        Assert.Equal(Recist11Response.PD, timepoint.Recist11);
        Assert.Equal(IrecistResponse.IUPD, timepoint.Irecist);
        Assert.True(timepoint.TreatmentMayContinue);
    }
}
