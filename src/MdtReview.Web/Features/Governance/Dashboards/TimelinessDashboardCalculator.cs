namespace MdtReview.Web.Features.Governance.Dashboards;

/// <summary>Timeliness: one row per measured interval, with the median and 90th percentile (nearest rank) of each measure.</summary>
public static class TimelinessDashboardCalculator
{
    public const string Key = "timeliness";

    public const string ScanToDecision = "Scan to MDT decision";
    public const string DecisionToInformed = "Decision to patient informed";
    public const string IupdToConfirmation = "iUPD to confirmation scan";
    public const string OverdueConfirmation = "Overdue confirmation scan (now)";

    public static DashboardTable Calculate(
        IReadOnlyList<DecisionFact> decisions,
        IReadOnlyList<ScanFact> scans,
        IReadOnlyList<IupdFact> iupds,
        IReadOnlyList<AwaitingConfirmationFact> awaiting,
        DashboardFilter filter,
        DateOnly today)
    {
        var rows = new List<IReadOnlyList<string>>();
        var current = decisions.Where(d => d.IsLatest).ToList();

        // Scan → decision: the first decision chain the team made about the patient on or after the scan date, dated by
        // the chain's first finalisation (an amendment corrects a decision, it is not a new one). In range by that decision.
        // Only the scan the decision was made on counts: when a later scan of the patient came before that decision, the
        // team decided on the later one (otherwise years of scans before a patient's first MDT would all count against it).
        var scanDays = new List<int>();
        foreach (var scan in scans.OrderBy(s => s.ScanDate).ThenBy(s => s.PatientMrn, StringComparer.Ordinal))
        {
            var next = current.Where(d => d.PatientId == scan.PatientId && d.ChainFirstFinalisedOn >= scan.ScanDate)
                .OrderBy(d => d.ChainFirstFinalisedOn).ThenBy(d => d.Id).FirstOrDefault();
            if (next is null || !filter.InRange(next.ChainFirstFinalisedOn) || !filter.InGroup(next.TumourGroup)
                || scans.Any(later => later.PatientId == scan.PatientId && later.ScanDate > scan.ScanDate && later.ScanDate <= next.ChainFirstFinalisedOn))
            {
                continue;
            }

            var days = next.ChainFirstFinalisedOn.DayNumber - scan.ScanDate.DayNumber;
            scanDays.Add(days);
            rows.Add(Row(ScanToDecision, scan.PatientMrn, scan.ScanDate, next.ChainFirstFinalisedOn, days, "Decided"));
        }

        // Decision → patient informed: each decision as it stands, in range by its finalisation.
        var informedDays = new List<int>();
        var notInformedOverdue = 0;
        foreach (var d in current.Where(d => filter.InRange(d.FinalisedOn) && filter.InGroup(d.TumourGroup)).OrderBy(d => d.FinalisedOn).ThenBy(d => d.Id))
        {
            if (d.PatientInformedOn is { } informed)
            {
                var days = informed.DayNumber - d.FinalisedOn.DayNumber;
                informedDays.Add(days);
                rows.Add(Row(DecisionToInformed, d.PatientMrn, d.FinalisedOn, informed, days, "Informed"));
            }
            else if (d.InformPatientBy is { } by && by < today)
            {
                notInformedOverdue++;
                rows.Add(Row(DecisionToInformed, d.PatientMrn, d.FinalisedOn, null, null, $"Not informed; was due by {DashboardRules.Date(by)}"));
            }
            else
            {
                rows.Add(Row(DecisionToInformed, d.PatientMrn, d.FinalisedOn, null, null,
                    d.InformPatientBy is { } due ? $"Not yet informed; due by {DashboardRules.Date(due)}" : "Not yet informed"));
            }
        }

        // iUPD → the next scan after it, in range by the iUPD scan date.
        var iupdDays = new List<int>();
        foreach (var i in iupds.Where(i => filter.InRange(i.IupdOn) && filter.InGroup(i.TumourGroup)).OrderBy(i => i.IupdOn).ThenBy(i => i.PatientMrn, StringComparer.Ordinal))
        {
            if (i.NextScanOn is { } next)
            {
                var days = next.DayNumber - i.IupdOn.DayNumber;
                iupdDays.Add(days);
                rows.Add(Row(IupdToConfirmation, i.PatientMrn, i.IupdOn, next, days, "Confirmation scan done"));
            }
            else
            {
                rows.Add(Row(IupdToConfirmation, i.PatientMrn, i.IupdOn, null, null, "Awaiting confirmation scan"));
            }
        }

        // Overdue now: independent of the date range (a state today), filtered by tumour group only.
        var overdue = awaiting.Where(a => a.ConfirmBy < today && filter.InGroup(a.TumourGroup)).OrderBy(a => a.ConfirmBy).ThenBy(a => a.PatientMrn, StringComparer.Ordinal).ToList();
        foreach (var a in overdue)
        {
            rows.Add(Row(OverdueConfirmation, a.PatientMrn, a.IupdOn, today, today.DayNumber - a.IupdOn.DayNumber,
                $"Overdue; window closed {DashboardRules.Date(a.ConfirmBy)}"));
        }

        List<DashboardFigure> figures =
        [
            new($"{ScanToDecision}: median", Summary(scanDays, 50)),
            new($"{ScanToDecision}: 90th percentile", Summary(scanDays, 90)),
            new($"{DecisionToInformed}: median", Summary(informedDays, 50)),
            new($"{DecisionToInformed}: 90th percentile", Summary(informedDays, 90)),
            new("Not informed past the inform-by date", DashboardRules.Number(notInformedOverdue)),
            new($"{IupdToConfirmation}: median", Summary(iupdDays, 50)),
            new("Overdue confirmation scans now", DashboardRules.Number(overdue.Count)),
        ];

        return new DashboardTable(
            Key,
            "Timeliness",
            "Days between events, one row per interval (Measure column). Scan to MDT decision: a follow-up scan to the first decision about "
            + "that patient finalised on or after the scan date (first version of the chain), in range by the decision date; a scan followed by a "
            + "later scan before that decision is not counted (the team decided on the later one). Decision to patient "
            + "informed: each decision as it stands (latest version), in range by its finalisation. iUPD to confirmation scan: the iRECIST iUPD scan "
            + "to the next scan, in range by the iUPD date. Overdue confirmation scans are those whose 8-week window has closed today, whatever the "
            + "date range. Median and 90th percentile by the nearest-rank method (always an observed value).",
            ["Measure", "Patient (MRN)", "From", "To", "Days", "Status"],
            rows,
            figures,
            null);
    }

    private static string Summary(List<int> days, int percentile) =>
        DashboardRules.NearestRank(days, percentile) is { } value ? $"{DashboardRules.Days(value)} (n = {days.Count})" : "no data";

    private static string[] Row(string measure, string mrn, DateOnly from, DateOnly? to, int? days, string status) =>
        [measure, mrn, DashboardRules.Date(from), to is { } t ? DashboardRules.Date(t) : "", days is { } d ? DashboardRules.Number(d) : "", status];
}
