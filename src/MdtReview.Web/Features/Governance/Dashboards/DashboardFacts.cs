using System.Globalization;
using MdtReview.Clinical.GuidelineCheck;
using MdtReview.Clinical.Irae;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Meetings.Services;

namespace MdtReview.Web.Features.Governance.Dashboards;

/// <summary>
/// One final decision as the clinical dashboards count it. Dates are hospital (Europe/London) calendar dates.
/// <c>TumourGroup</c> is the site group of the patient's primary site (<see cref="DashboardRules.InGroup"/>). <c>ChainFirstFinalisedOn</c> is when the first version of its amendment chain was finalised (when the team decided);
/// <c>IsLatest</c>: no later final version supersedes it (the decision as it stands). <c>MustFinding</c> is the message of the
/// first stored guideline finding of severity "must", if any.
/// </summary>
public sealed record DecisionFact(
    int Id,
    int PatientId,
    string PatientMrn,
    string TumourGroup,
    DecisionOutcome Outcome,
    DateOnly FinalisedOn,
    DateOnly ChainFirstFinalisedOn,
    int VersionNumber,
    bool IsLatest,
    string FinalisedBy,
    bool Deviates,
    DeviationReason? DeviationReason,
    string? MustFinding,
    DateOnly? InformPatientBy,
    DateOnly? PatientInformedOn);

/// <summary>A follow-up (non-baseline) scan.</summary>
public sealed record ScanFact(int PatientId, string PatientMrn, string TumourGroup, DateOnly ScanDate);

/// <summary>An iRECIST iUPD time point and the date of the next scan after it (null: none yet).</summary>
public sealed record IupdFact(int PatientId, string PatientMrn, string TumourGroup, DateOnly IupdOn, DateOnly? NextScanOn);

/// <summary>A patient whose iUPD still awaits confirmation, with the last day of the 8-week window.</summary>
public sealed record AwaitingConfirmationFact(int PatientId, string PatientMrn, string TumourGroup, DateOnly IupdOn, DateOnly ConfirmBy);

/// <summary>An irAE that reached CTCAE grade ≥3: its peak grade and the first date it was graded ≥3.</summary>
public sealed record SevereIraeFact(int PatientId, string PatientMrn, string TumourGroup, string Term, IraeCategory Category, int PeakGrade, DateOnly Grade3On);

/// <summary>Shared rules of the clinical dashboards: range and group membership, months, rates and percentiles.</summary>
public static class DashboardRules
{
    public static bool InRange(this DashboardFilter filter, DateOnly date) => date >= filter.From && date <= filter.To;

    /// <summary>
    /// Whether a fact of a patient whose site group is <paramref name="group"/> falls under the filter's tumour group. The
    /// patient's site decides, as in the operational dashboards (<see cref="DashboardScope.Sites"/>): a chosen group covers
    /// the sites <see cref="TumourGroups"/> lists for it, so "Immuno-oncology" covers every patient and "Urology" renal and
    /// bladder. "All" (null or empty) matches every group.
    /// </summary>
    public static bool InGroup(this DashboardFilter filter, string group)
    {
        if (DashboardScope.Sites(filter) is not { } sites)
        {
            return true;
        }

        if (sites.Count == Enum.GetValues<TumourSite>().Length)
        {
            return true;
        }

        return TumourGroups.Find(group) is { } own && own.Sites.All(sites.Contains);
    }

    /// <summary>The first day of every calendar month the range touches, in order (months with no data included).</summary>
    public static IReadOnlyList<DateOnly> Months(DashboardFilter filter)
    {
        var months = new List<DateOnly>();
        for (var m = new DateOnly(filter.From.Year, filter.From.Month, 1); m <= filter.To; m = m.AddMonths(1))
        {
            months.Add(m);
        }

        return months;
    }

    public static string Month(DateOnly month) => month.ToString("MMM yyyy", CultureInfo.InvariantCulture);

    public static string Date(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>"3 of 20 (15.0%)"; "none to count" when the denominator is 0.</summary>
    public static string Rate(int count, int of) =>
        of == 0 ? "none to count" : $"{count} of {of} ({(100m * count / of).ToString("0.0", CultureInfo.InvariantCulture)}%)";

    /// <summary>
    /// The nearest-rank percentile: sort ascending and take the value at 1-based rank ⌈p/100 × n⌉ (rank 1 when that is 0).
    /// Always one of the observed values, so a reader reproduces it from the CSV with
    /// <c>=SMALL(range, ROUNDUP(p/100*COUNT(range), 0))</c>. The median is the 50th percentile by the same rule, so for an
    /// even count it is the lower of the two middle values (not their average). Null for an empty list.
    /// </summary>
    public static int? NearestRank(IEnumerable<int> values, int percentile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }

        // Integer arithmetic: ⌈p·n/100⌉ without floating-point rounding at exact boundaries (e.g. 90% of 10 = rank 9).
        var rank = Math.Max(1, ((percentile * sorted.Count) + 99) / 100);
        return sorted[rank - 1];
    }

    public static string Days(int? days) => days is { } d ? $"{d.ToString(CultureInfo.InvariantCulture)} days" : "no data";
}
