using System.Globalization;
using MdtReview.Clinical.Ctcae;
using MdtReview.Data;
using MdtReview.Data.Evidence;
using MdtReview.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Meetings.Services;

/// <summary>
/// The rule-based suggestion reasons read from <see cref="PatientAlertState"/>, which the clinical library keeps current on
/// every write (iRECIST iUPD and its 4–8 week confirmation window, Seymour 2017; the next scan due; the latest CTCAE ≥3
/// lab). Stored dates are compared with the meeting's date, so an alert that lapses or falls due needs no refresh.
/// </summary>
public sealed class PatientAlertStateSource : IPatientAlertSource
{
    private static readonly CultureInfo _en = CultureInfo.GetCultureInfo("en-GB");

    public async Task<IReadOnlyDictionary<int, List<AgendaReason>>> ReasonsAsync(
        MdtReviewDbContext db, IReadOnlyList<AlertWindow> patients, DateOnly asOf, CancellationToken cancellationToken)
    {
        var ids = patients.Select(p => p.PatientId).ToList();
        var states = await db.PatientAlertStates.AsNoTracking().Where(s => ids.Contains(s.PatientId)).ToDictionaryAsync(s => s.PatientId, cancellationToken);
        var reasons = new Dictionary<int, List<AgendaReason>>();
        var labPatients = new List<(AlertWindow Window, DateOnly Date)>();
        foreach (var window in patients)
        {
            if (!states.TryGetValue(window.PatientId, out var state))
            {
                continue;
            }

            var list = new List<AgendaReason>();
            if (state.IupdSince is { } iupd)
            {
                list.Add(new AgendaReason(SuggestionKind.IupdAwaitingConfirmation,
                    $"iUPD on {Day(iupd)} awaiting confirmation (confirmation scan {Day(state.IupdConfirmFrom)} to {Day(state.IupdConfirmBy)})"));
            }

            if (state.NextScanLatest is { } latest && latest < asOf)
            {
                list.Add(new AgendaReason(SuggestionKind.ScanOverdue, state.IupdSince is not null
                    ? $"Confirmation scan overdue (due by {Day(latest)})"
                    : $"Scan overdue (due {Day(state.NextScanDue ?? latest)}, 12-weekly assessment)"));
            }

            if (state.LatestGrade3LabDate is { } labDate && labDate.ToDateTime(TimeOnly.MaxValue, DateTimeKind.Utc) > window.Since && labDate <= asOf)
            {
                labPatients.Add((window, labDate));
            }

            reasons[window.PatientId] = list;
        }

        await AddLabReasonsAsync(db, labPatients, reasons, cancellationToken);
        return reasons.Where(r => r.Value.Count > 0).ToDictionary(r => r.Key, r => r.Value);
    }

    /// <summary>Names the worst grade ≥3 result since the window (graded by the clinical library, as the alert was).</summary>
    private static async Task AddLabReasonsAsync(MdtReviewDbContext db, List<(AlertWindow Window, DateOnly Date)> flagged, Dictionary<int, List<AgendaReason>> reasons, CancellationToken cancellationToken)
    {
        if (flagged.Count == 0)
        {
            return;
        }

        var ids = flagged.Select(f => f.Window.PatientId).ToList();
        var labs = (await db.LabResults.AsNoTracking().Where(l => ids.Contains(l.PatientId) && l.SupersededById == null).ToListAsync(cancellationToken)).ToLookup(l => l.PatientId);
        foreach (var (window, date) in flagged)
        {
            var results = labs[window.PatientId].ToList();
            var baselines = LabGrading.BaselineOf(results, window.CourseStart);
            var worst = results
                .Where(r => r.CollectedAt > window.Since && DateOnly.FromDateTime(r.CollectedAt) <= date && LabTestCatalogue.FindByCode(r.TestCode) is not null)
                .Select(r => (Result: r, Grade: LabGrading.Grade(r, baselines.GetValueOrDefault(r.TestCode))))
                .Where(x => x.Grade.Grade >= 3)
                .OrderByDescending(x => x.Grade.Grade).ThenByDescending(x => x.Result.CollectedAt)
                .FirstOrDefault();
            reasons[window.PatientId].Add(new AgendaReason(SuggestionKind.NewLabGrade3OrMore, worst.Result is null
                ? $"New grade ≥3 lab result on {Day(date)}"
                : $"New grade {worst.Grade.Grade} {worst.Grade.TermName ?? worst.Result.TestCode} ({worst.Result.TestCode} {worst.Result.Value.ToString("0.##", _en)} {worst.Result.Unit}) on {Day(DateOnly.FromDateTime(worst.Result.CollectedAt))}"));
        }
    }

    private static string Day(DateOnly? date) => date?.ToString("d MMM yyyy", _en) ?? "—";
}
