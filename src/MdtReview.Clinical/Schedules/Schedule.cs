namespace MdtReview.Clinical.Schedules;

/// <summary>Why the next scan is due.</summary>
public enum ScanReason
{
    /// <summary>Routine response assessment, about every 12 weeks.</summary>
    Routine,
    /// <summary>iRECIST confirmation of an unconfirmed progression (iUPD), 4–8 weeks after it.</summary>
    IupdConfirmation,
}

/// <summary>When the next infusion is due and whether it is overdue.</summary>
/// <param name="Due">The date the next infusion is due.</param>
/// <param name="DaysUntilDue">Days from today to the due date (negative once past it).</param>
/// <param name="Overdue">True when today is after the due date.</param>
public sealed record InfusionStatus(DateOnly Due, int DaysUntilDue, bool Overdue);

/// <summary>The pre-infusion blood tests and whether they are done or overdue.</summary>
/// <param name="WindowOpens">First date on which bloods count for this infusion.</param>
/// <param name="DueBy">Last date for bloods so results are back before the infusion (the day before it).</param>
/// <param name="Done">True when the last bloods fall inside the window.</param>
/// <param name="Overdue">True when not done and today is after <paramref name="DueBy"/>.</param>
public sealed record BloodsStatus(DateOnly WindowOpens, DateOnly DueBy, bool Done, bool Overdue);

/// <summary>When the next scan is due.</summary>
/// <param name="Reason">Routine or iUPD confirmation.</param>
/// <param name="Earliest">Earliest date the scan counts for its purpose.</param>
/// <param name="Due">The target date.</param>
/// <param name="Latest">Last date before the scan is overdue.</param>
/// <param name="Overdue">True when today is after <paramref name="Latest"/>.</param>
/// <param name="Basis">One line: the rule applied.</param>
public sealed record ScanStatus(ScanReason Reason, DateOnly Earliest, DateOnly Due, DateOnly Latest, bool Overdue, string Basis);

/// <summary>
/// Treatment calendar as pure functions of dates: no clock is read, the caller passes "today"
/// (the app from its <c>TimeProvider</c>, tests from fixed dates).
/// </summary>
public static class Schedule
{
    /// <summary>Routine response assessment interval: about 12 weeks.</summary>
    public const int RoutineScanIntervalDays = 84;

    /// <summary>iRECIST: the confirmation scan is the next assessment at least 4 weeks after iUPD (Seymour 2017 [S5]; PMC5994498 Table 2).</summary>
    public const int IupdConfirmationEarliestDays = 28;

    /// <summary>iRECIST: and no later than 8 weeks after iUPD.</summary>
    public const int IupdConfirmationLatestDays = 56;

    /// <summary>Default bloods window: results from up to 3 days before the infusion (typical pre-cycle practice, clinical-rules.md §5).</summary>
    public const int DefaultBloodsWindowDays = 3;

    /// <summary>The date the next infusion is due: last infusion + regimen interval.</summary>
    /// <param name="lastInfusion">Date of the last infusion given.</param>
    /// <param name="intervalDays">Regimen interval in days (e.g. 21 for pembrolizumab q3w; see <see cref="IciRegimens"/>).</param>
    /// <returns>The due date.</returns>
    public static DateOnly NextInfusionDue(DateOnly lastInfusion, int intervalDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(intervalDays, 1);
        return lastInfusion.AddDays(intervalDays);
    }

    /// <summary>The next infusion's due date and overdue flag as of <paramref name="today"/>.</summary>
    /// <param name="lastInfusion">Date of the last infusion given.</param>
    /// <param name="intervalDays">Regimen interval in days.</param>
    /// <param name="today">The current date, supplied by the caller.</param>
    /// <returns>Due date, days until due and overdue flag.</returns>
    public static InfusionStatus Infusion(DateOnly lastInfusion, int intervalDays, DateOnly today)
    {
        var due = NextInfusionDue(lastInfusion, intervalDays);
        var days = due.DayNumber - today.DayNumber;
        return new InfusionStatus(due, days, days < 0);
    }

    /// <summary>
    /// Bloods needed before an infusion (FBC, U&amp;E, LFTs, glucose, TFTs — clinical-rules.md §5): the window opens
    /// <paramref name="windowDays"/> days before the infusion and closes the day before it.
    /// </summary>
    /// <param name="infusionDue">Date of the infusion the bloods are for.</param>
    /// <param name="lastBloods">Date of the most recent bloods, or null when none.</param>
    /// <param name="today">The current date.</param>
    /// <param name="windowDays">How many days before the infusion bloods still count.</param>
    /// <returns>The window and the done/overdue flags.</returns>
    public static BloodsStatus BloodsDue(DateOnly infusionDue, DateOnly? lastBloods, DateOnly today, int windowDays = DefaultBloodsWindowDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowDays, 1);
        var opens = infusionDue.AddDays(-windowDays);
        var dueBy = infusionDue.AddDays(-1);
        var done = lastBloods is { } b && b >= opens && b <= infusionDue;
        return new BloodsStatus(opens, dueBy, done, !done && today > dueBy);
    }

    /// <summary>
    /// The next scan: routine about 12 weeks after the last, or — after an iUPD — the confirmation scan 4–8 weeks after
    /// the iUPD scan (iRECIST, Seymour 2017 [S5]; scans earlier than 4 weeks do not confirm progression [S6]).
    /// </summary>
    /// <param name="lastScan">Date of the last scan (the iUPD scan when awaiting confirmation).</param>
    /// <param name="awaitingIupdConfirmation">True when the last response was an unconfirmed iUPD.</param>
    /// <param name="today">The current date.</param>
    /// <param name="routineIntervalDays">The routine interval; 84 days unless the protocol says otherwise.</param>
    /// <returns>Earliest, due and latest dates with the overdue flag.</returns>
    public static ScanStatus NextScan(DateOnly lastScan, bool awaitingIupdConfirmation, DateOnly today, int routineIntervalDays = RoutineScanIntervalDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(routineIntervalDays, 1);
        if (awaitingIupdConfirmation)
        {
            var earliest = lastScan.AddDays(IupdConfirmationEarliestDays);
            var latest = lastScan.AddDays(IupdConfirmationLatestDays);
            return new ScanStatus(ScanReason.IupdConfirmation, earliest, earliest, latest, today > latest,
                $"iUPD on {lastScan:yyyy-MM-dd}: confirmation scan 4–8 weeks later ({earliest:yyyy-MM-dd} to {latest:yyyy-MM-dd}) (iRECIST, Seymour 2017)");
        }

        var due = lastScan.AddDays(routineIntervalDays);
        return new ScanStatus(ScanReason.Routine, due, due, due, today > due,
            $"Routine assessment {routineIntervalDays / 7} weeks after the scan of {lastScan:yyyy-MM-dd}");
    }

    /// <summary>True when a scan on <paramref name="scanDate"/> is too early to confirm an iUPD seen on <paramref name="iupdScan"/> (less than 4 weeks).</summary>
    /// <param name="iupdScan">Date of the iUPD scan.</param>
    /// <param name="scanDate">Date of the candidate confirmation scan.</param>
    /// <returns>True when it is earlier than 28 days after the iUPD.</returns>
    public static bool TooEarlyToConfirmIupd(DateOnly iupdScan, DateOnly scanDate) =>
        scanDate.DayNumber - iupdScan.DayNumber < IupdConfirmationEarliestDays;
}
