using MdtReview.Clinical.Recist;

namespace MdtReview.Clinical.Tests.Recist;

/// <summary>Short ways to write scan series in tests.</summary>
internal static class Scans
{
    public static readonly TargetLesion T1 = new("T1", "lung");

    /// <summary>A scan on <paramref name="day"/> with the given target measurements.</summary>
    public static TumourAssessment On(int day, params (string Id, TargetMeasurement Value)[] targets) => new()
    {
        Day = day,
        TargetMeasurements = targets.ToDictionary(t => t.Id, t => t.Value, StringComparer.Ordinal),
    };

    /// <summary>A single-target series (T1, lung) with scans every 6 weeks: baseline first.</summary>
    public static TumourSeries OneTarget(params decimal[] sums) =>
        new([T1], [.. sums.Select((mm, i) => On(i * 42, ("T1", mm)))]);

    public static TumourSeries Series(IReadOnlyList<TargetLesion> targets, params TumourAssessment[] scans) => new(targets, scans);

    public static IReadOnlyList<TimepointResponse> Evaluate(TumourSeries series)
    {
        var result = RecistEvaluator.Evaluate(series);
        Assert.True(result.IsValid, string.Join(" | ", result.Errors));
        return result.Timepoints;
    }

    public static TimepointResponse Last(TumourSeries series) => Evaluate(series)[^1];

    public static NewLesion NewLesion(string id, decimal? mm, string organ = "liver", bool measurable = true) =>
        new(id, organ, false, measurable, mm);
}
