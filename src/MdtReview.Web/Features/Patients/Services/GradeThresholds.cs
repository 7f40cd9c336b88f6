using System.Globalization;
using MdtReview.Clinical.Ctcae;

namespace MdtReview.Web.Features.Patients.Services;

/// <summary>
/// Where the CTCAE grade changes within a chart's value range, found by asking the grader itself (sampling the range and
/// bisecting each change of grade), so the lines on a trend chart can never disagree with the grade chips. Drawn for a
/// normal baseline and the series' latest reference range; values that are not gradable from the value alone draw no line.
/// </summary>
public static class GradeThresholds
{
    // 120 samples keep every CTCAE band of the catalogue (the narrowest, e.g. potassium 2.5–3.0 mmol/L, spans several samples on a
    // typical axis); 26 bisections then place the boundary far below the 3 decimals shown.
    private const int Samples = 120;
    private const int Bisections = 26;

    public static IReadOnlyList<ChartThreshold> Within(LabTest test, string unit, decimal? lln, decimal? uln, decimal low, decimal high)
    {
        if (high <= low)
        {
            return [];
        }

        int? GradeAt(decimal v) => CtcaeGrader.Grade(new LabObservation(test, v, unit, lln, uln)).Grade;

        var thresholds = new List<ChartThreshold>();
        var step = (high - low) / Samples;
        var previous = low;
        var previousGrade = GradeAt(previous);
        for (var s = 1; s <= Samples; s++)
        {
            var value = s == Samples ? high : low + (step * s);
            var grade = GradeAt(value);
            if (grade is { } g && previousGrade is { } pg && g != pg)
            {
                // The grade at "a" is pg, at "b" is g: narrow down to the boundary value.
                decimal a = previous, b = value;
                for (var k = 0; k < Bisections; k++)
                {
                    var mid = (a + b) / 2;
                    if (GradeAt(mid) == pg)
                    {
                        a = mid;
                    }
                    else
                    {
                        b = mid;
                    }
                }

                var boundary = Math.Round(b, 3);
                var rising = g > pg;
                var higher = Math.Max(g, pg);
                if (higher > 0)
                {
                    var label = rising
                        ? $"G{higher} above {boundary.ToString("0.###", CultureInfo.InvariantCulture)}"
                        : $"G{higher} below {boundary.ToString("0.###", CultureInfo.InvariantCulture)}";
                    thresholds.Add(new ChartThreshold((double)boundary, label));
                }
            }

            previous = value;
            previousGrade = grade;
        }

        return thresholds;
    }
}
