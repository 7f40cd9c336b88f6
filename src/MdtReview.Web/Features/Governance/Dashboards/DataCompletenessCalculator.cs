using System.Globalization;
using MdtReview.Clinical.Schedules;

namespace MdtReview.Web.Features.Governance.Dashboards;

/// <summary>An infusion given to a patient on a hospital date.</summary>
public sealed record GivenInfusion(int PatientId, DateOnly Date);

/// <summary>A scan in a patient's series with its iRECIST reading (iUPD awaiting confirmation, or confirmed progression).</summary>
public sealed record ScheduledScan(DateOnly Date, bool Iupd, bool Icpd);

/// <summary>A treatment course's dates; <see cref="End"/> null while it continues.</summary>
public sealed record CoursePeriod(DateOnly Start, DateOnly? End);

/// <summary>A patient's scans (any order) and treatment courses.</summary>
public sealed record ScanHistory(int PatientId, IReadOnlyList<ScheduledScan> Scans, IReadOnlyList<CoursePeriod> Courses);

public enum ScanTimeliness
{
    OnTime,
    Late,
    Missing,
    /// <summary>The window has not closed yet and no scan is in it: not counted.</summary>
    NotYetDue,
}

/// <summary>One scan the schedule asked for: its window from the rules library and what happened.</summary>
public sealed record ScanDue(int PatientId, ScanReason Reason, DateOnly After, DateOnly Earliest, DateOnly Latest, DateOnly? DoneOn, ScanTimeliness Outcome);

public sealed record CompletenessMonth(
    int Year, int Month, int Infusions, int InfusionsWithBloods, int ScansOnTime, int ScansLate, int ScansMissing)
{
    public int ScansDue => ScansOnTime + ScansLate + ScansMissing;

    public string Label => new DateOnly(Year, Month, 1).ToString("MMM yyyy", CultureInfo.InvariantCulture);
}

public sealed record DataCompleteness(IReadOnlyList<CompletenessMonth> Months)
{
    public int Infusions => Months.Sum(m => m.Infusions);
    public int InfusionsWithBloods => Months.Sum(m => m.InfusionsWithBloods);
    public int ScansOnTime => Months.Sum(m => m.ScansOnTime);
    public int ScansLate => Months.Sum(m => m.ScansLate);
    public int ScansMissing => Months.Sum(m => m.ScansMissing);
    public int ScansDue => Months.Sum(m => m.ScansDue);
}

/// <summary>
/// Data completeness as pure functions (no I/O, no clock: the caller passes today).
/// <para>
/// <b>Bloods within 7 days before each infusion.</b> The pre-cycle panel is FBC, U&amp;E, LFTs, glucose and TFTs before every
/// cycle (clinical-rules.md §5: ASCO 2021 / ESMO 2022 via eviQ; docs/clinical-safety.md "Schedules"); the lab catalogue
/// (<c>MdtReview.Clinical.Ctcae.LabTestCatalogue</c>) holds exactly those pre-cycle tests, so a current result of any catalogue
/// test counts as bloods. An infusion has bloods when <see cref="Schedule.BloodsDue"/> with a 7-day window finds the patient's
/// latest bloods on or before the infusion day inside it: from 7 days before (day 7 counts, day 8 does not) up to the infusion
/// day. The 7 days is the governance measure; the clinical alert uses the library's 3-day default.
/// </para>
/// <para>
/// <b>Scans on schedule.</b> Every scan of a patient asks for the next one by <see cref="Schedule.NextScan"/>: routine response
/// assessment by <see cref="Schedule.RoutineScanIntervalDays"/> (84) days, or after an iUPD the iRECIST confirmation scan in its
/// 28–56-day window (Seymour 2017; clinical-rules.md §3). After confirmed progression (iCPD) assessment ends and nothing is
/// asked for (as the patient alerts do). A request counts only when a treatment course covers its due date (the patient is on
/// treatment). It is on time when the next scan — for a confirmation, the next one not earlier than the window opens, as an
/// earlier scan cannot confirm — is on or before the window's last day; late when after it; missing when there is none and
/// the last day has passed. Requests are dated by their last day.
/// </para>
/// </summary>
public static class DataCompletenessCalculator
{
    /// <summary>Bloods count from this many days before the infusion up to the infusion day (the measure).</summary>
    public const int BloodsWindowDays = 7;

    /// <summary>True when the patient had bloods in the 7 days before the infusion (inclusive), judged by <see cref="Schedule.BloodsDue"/>.</summary>
    public static bool HasBloods(DateOnly infusion, IEnumerable<DateOnly> bloodsDates)
    {
        ArgumentNullException.ThrowIfNull(bloodsDates);
        var latest = bloodsDates.Where(d => d <= infusion).Select(d => (DateOnly?)d).Max();
        return Schedule.BloodsDue(infusion, latest, infusion, BloodsWindowDays).Done;
    }

    /// <summary>Every scan request of the patient while on treatment, with its outcome as of <paramref name="today"/>.</summary>
    public static IReadOnlyList<ScanDue> ScansDue(ScanHistory history, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(history);
        var scans = history.Scans.Where(s => s.Date <= today).OrderBy(s => s.Date).ToList();
        var result = new List<ScanDue>();
        for (var i = 0; i < scans.Count; i++)
        {
            var scan = scans[i];
            if (scan.Icpd)
            {
                continue;
            }

            var window = Schedule.NextScan(scan.Date, scan.Iupd, today);
            if (!history.Courses.Any(c => c.Start <= window.Due && (c.End is null || c.End >= window.Due)))
            {
                continue;
            }

            var next = scans.Skip(i + 1).FirstOrDefault(s => s.Date > scan.Date && (!scan.Iupd || s.Date >= window.Earliest));
            var outcome = next is not null
                ? next.Date <= window.Latest ? ScanTimeliness.OnTime : ScanTimeliness.Late
                : today > window.Latest ? ScanTimeliness.Missing : ScanTimeliness.NotYetDue;
            result.Add(new ScanDue(history.PatientId, window.Reason, scan.Date, window.Earliest, window.Latest, next?.Date, outcome));
        }

        return result;
    }

    /// <summary>
    /// The months of the filter (every month from From to To, even empty ones): infusions given in the range and whether each had
    /// bloods, and the scan requests whose last day falls in the range with their outcome.
    /// </summary>
    public static DataCompleteness Calculate(
        DashboardFilter filter,
        IReadOnlyCollection<GivenInfusion> infusions,
        IReadOnlyDictionary<int, IReadOnlyList<DateOnly>> bloodsByPatient,
        IReadOnlyCollection<ScanHistory> scanHistories,
        DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(infusions);
        ArgumentNullException.ThrowIfNull(bloodsByPatient);
        ArgumentNullException.ThrowIfNull(scanHistories);

        var bloods = infusions.Where(i => DashboardRules.InRange(filter, i.Date))
            .Select(i => (i.Date, Done: HasBloods(i.Date, bloodsByPatient.GetValueOrDefault(i.PatientId) ?? [])))
            .ToList();
        var scans = scanHistories.SelectMany(h => ScansDue(h, today))
            .Where(s => s.Outcome != ScanTimeliness.NotYetDue && DashboardRules.InRange(filter, s.Latest))
            .ToList();

        var months = new List<CompletenessMonth>();
        for (var month = new DateOnly(filter.From.Year, filter.From.Month, 1); month <= filter.To; month = month.AddMonths(1))
        {
            var (y, m) = (month.Year, month.Month);
            var monthBloods = bloods.Where(b => b.Date.Year == y && b.Date.Month == m).ToList();
            var monthScans = scans.Where(s => s.Latest.Year == y && s.Latest.Month == m).ToList();
            months.Add(new CompletenessMonth(y, m,
                monthBloods.Count, monthBloods.Count(b => b.Done),
                monthScans.Count(s => s.Outcome == ScanTimeliness.OnTime),
                monthScans.Count(s => s.Outcome == ScanTimeliness.Late),
                monthScans.Count(s => s.Outcome == ScanTimeliness.Missing)));
        }

        return new DataCompleteness(months);
    }
}
