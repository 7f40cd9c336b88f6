using System.Globalization;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Meetings.Services;
using MdtReview.Web.Features.Patients.Services;

namespace MdtReview.Web.Features.Governance.Dashboards;

/// <summary>
/// How a <see cref="DashboardFilter"/> maps onto records, and how cells are written, for the referral funnel, meetings and
/// data-completeness dashboards.
/// </summary>
public static class DashboardScope
{
    /// <summary>
    /// The tumour sites a filter's tumour group covers, or null when no group is chosen (every site). A patient belongs to a
    /// group exactly as a meeting does: <see cref="TumourGroups"/> lists the sites each <c>Meeting.TumourGroup</c> name
    /// reviews ("Immuno-oncology" covers every site, "Urology" renal and bladder). An unknown group covers no site.
    /// </summary>
    public static IReadOnlyList<TumourSite>? Sites(DashboardFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (string.IsNullOrWhiteSpace(filter.TumourGroup))
        {
            return null;
        }

        return TumourGroups.Find(filter.TumourGroup)?.Sites ?? [];
    }

    /// <summary>True when a meeting's stored tumour group is the filter's group (or no group is chosen).</summary>
    public static bool MeetingMatches(DashboardFilter filter, string meetingTumourGroup)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return string.IsNullOrWhiteSpace(filter.TumourGroup)
            || string.Equals(meetingTumourGroup.Trim(), filter.TumourGroup.Trim(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The UTC instants bounding the filter's hospital dates, both days included: from local midnight starting
    /// <see cref="DashboardFilter.From"/> up to (not including) local midnight after <see cref="DashboardFilter.To"/>.
    /// </summary>
    public static (DateTime FromUtc, DateTime ToUtcExclusive) UtcBounds(DashboardFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return (HospitalTime.ToUtc(filter.From.ToDateTime(TimeOnly.MinValue)),
            HospitalTime.ToUtc(filter.To.AddDays(1).ToDateTime(TimeOnly.MinValue)));
    }

    /// <summary>The hospital (Europe/London) calendar date of a UTC instant.</summary>
    public static DateOnly HospitalDate(DateTime utc) => DateOnly.FromDateTime(HospitalTime.ToLocal(utc));

    /// <summary>A percentage with one decimal as a plain number (so the CSV stays numeric); empty when there is no denominator.</summary>
    public static string Percent(int part, int whole) =>
        whole == 0 ? "" : (100.0 * part / whole).ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>
    /// The median of whole-day intervals by the same nearest-rank rule as every other dashboard figure
    /// (<see cref="DashboardRules.NearestRank"/>: the lower middle value for an even count); null when empty.
    /// </summary>
    public static double? Median(IReadOnlyCollection<int> values) => DashboardRules.NearestRank(values, 50);

    public static string Days(double? days) => days is { } d ? d.ToString("0.#", CultureInfo.InvariantCulture) : "";
}
