namespace MdtReview.Web.Features.Patients.Services;

/// <summary>
/// Thins a time series for drawing without losing its extremes. Method: min/max buckets — the time span is cut into
/// <c>maxPoints / 2</c> equal intervals and each non-empty interval keeps its lowest and its highest point (in time order).
/// Every local extreme that matters clinically survives: the series' maximum and minimum are always kept, so a single
/// grade-4 spike among thousands of normal values is still drawn. (LTTB was not used because it picks points by visual
/// area and can drop a narrow spike when its neighbours are far from the average of the next bucket.)
/// </summary>
public static class Downsampler
{
    /// <summary>The most points a chart series carries to the browser.</summary>
    public const int MaxPoints = 500;

    /// <param name="points">The series in time order.</param>
    /// <param name="maxPoints">At most this many points are returned (at least 4).</param>
    public static IReadOnlyList<ChartPoint> MinMaxBuckets(IReadOnlyList<ChartPoint> points, int maxPoints = MaxPoints)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 4);
        if (points.Count <= maxPoints)
        {
            return points;
        }

        var buckets = maxPoints / 2;
        var start = points[0].At.Ticks;
        var span = Math.Max(1L, points[^1].At.Ticks - start);
        var result = new List<ChartPoint>(maxPoints);
        var i = 0;
        for (var b = 0; b < buckets && i < points.Count; b++)
        {
            var end = b == buckets - 1 ? long.MaxValue : start + (long)((double)span * (b + 1) / buckets);
            int? min = null, max = null;
            for (; i < points.Count && points[i].At.Ticks <= end; i++)
            {
                if (min is null || points[i].Value < points[min.Value].Value)
                {
                    min = i;
                }

                if (max is null || points[i].Value > points[max.Value].Value)
                {
                    max = i;
                }
            }

            if (min is { } lo && max is { } hi)
            {
                result.Add(points[Math.Min(lo, hi)]);
                if (lo != hi)
                {
                    result.Add(points[Math.Max(lo, hi)]);
                }
            }
        }

        return result;
    }
}
