using MdtReview.Clinical.Ctcae;
using MdtReview.Data.Model;

namespace MdtReview.Data.Evidence;

/// <summary>
/// Grades stored lab results with the clinical library. Grades are never stored: every page, alert and snapshot
/// grades through here so they all agree.
/// </summary>
public static class LabGrading
{
    /// <summary>
    /// The CTCAE grade of <paramref name="result"/>. <paramref name="baseline"/> is the patient's pre-treatment value
    /// of the same test (see <see cref="BaselineOf"/>); it is used only when reported in the same unit, because the
    /// abnormal-baseline rules compare multiples of the baseline and a converted baseline would hide a unit error.
    /// </summary>
    public static LabGrade Grade(LabResult result, LabResult? baseline = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var info = LabTestCatalogue.FindByCode(result.TestCode);
        if (info is null)
        {
            throw new ArgumentException($"'{result.TestCode}' is not a test of the lab catalogue.", nameof(result));
        }

        var baselineValue = baseline is not null && string.Equals(baseline.Unit, result.Unit, StringComparison.Ordinal)
            ? baseline.Value
            : (decimal?)null;
        return CtcaeGrader.Grade(new LabObservation(info.Test, result.Value, result.Unit, result.Lln, result.Uln, baselineValue));
    }

    /// <summary>
    /// The baseline of each test: the latest current (not superseded) result collected on or before the day treatment
    /// started, keyed by test code.
    /// </summary>
    public static IReadOnlyDictionary<string, LabResult> BaselineOf(IEnumerable<LabResult> results, DateOnly treatmentStart)
    {
        ArgumentNullException.ThrowIfNull(results);
        return results
            .Where(r => r.SupersededById is null && DateOnly.FromDateTime(r.CollectedAt) <= treatmentStart)
            .GroupBy(r => r.TestCode, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(r => r.CollectedAt)!, StringComparer.Ordinal);
    }
}
