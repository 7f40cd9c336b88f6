using System.Globalization;
using MdtReview.Clinical.Ctcae;
using MdtReview.Clinical.Recist;
using MdtReview.Clinical.Schedules;
using MdtReview.Data;
using MdtReview.Data.Evidence;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Meetings.Services;

/// <summary>
/// Computes the rule-based suggestion reasons on the fly with the clinical library, for the patients given (the tumour
/// group's patients on treatment). Interim: when the precomputed PatientAlertState table lands, an implementation of
/// <see cref="IPatientAlertSource"/> reading it replaces this one in <c>WebServiceCollectionExtensions</c>.
/// </summary>
public sealed class ClinicalLibraryAlertSource : IPatientAlertSource
{
    private static readonly CultureInfo _en = CultureInfo.GetCultureInfo("en-GB");

    public async Task<IReadOnlyDictionary<int, List<AgendaReason>>> ReasonsAsync(
        MdtReviewDbContext db, IReadOnlyList<AlertWindow> patients, DateOnly asOf, CancellationToken cancellationToken)
    {
        var ids = patients.Select(p => p.PatientId).ToList();
        var scans = (await db.Scans.AsNoTracking().Include(s => s.Lesions).Where(s => ids.Contains(s.PatientId)).AsSplitQuery().ToListAsync(cancellationToken))
            .ToLookup(s => s.PatientId);
        var labs = (await db.LabResults.AsNoTracking().Where(l => ids.Contains(l.PatientId) && l.SupersededById == null).ToListAsync(cancellationToken))
            .ToLookup(l => l.PatientId);

        var reasons = new Dictionary<int, List<AgendaReason>>();
        foreach (var patient in patients)
        {
            var list = new List<AgendaReason>();
            var patientScans = scans[patient.PatientId].Where(s => s.ScanDate <= asOf).OrderBy(s => s.ScanDate).ToList();
            var awaitingConfirmation = false;
            if (RecistSeries.From(patientScans, asOf) is { } series)
            {
                var evaluation = RecistEvaluator.Evaluate(series);
                // iRECIST (Seymour 2017): an iUPD stays unconfirmed until a scan 4–8 weeks later shows iCPD or a reset.
                if (evaluation.IsValid && evaluation.Timepoints.Count > 0 && evaluation.Timepoints[^1] is { Irecist: IrecistResponse.IUPD } last)
                {
                    awaitingConfirmation = true;
                    var scanDate = last.Date ?? patientScans[^1].ScanDate;
                    var next = Schedule.NextScan(scanDate, true, asOf);
                    list.Add(new AgendaReason(SuggestionKind.IupdAwaitingConfirmation,
                        $"iUPD on {Day(scanDate)} awaiting confirmation (confirmation scan {Day(next.Earliest)} to {Day(next.Latest)})"));
                }
            }

            if (patientScans.Count > 0)
            {
                var status = Schedule.NextScan(patientScans[^1].ScanDate, awaitingConfirmation, asOf);
                if (status.Overdue)
                {
                    list.Add(new AgendaReason(SuggestionKind.ScanOverdue,
                        status.Reason == ScanReason.IupdConfirmation
                            ? $"Confirmation scan overdue (due by {Day(status.Latest)})"
                            : $"Scan overdue (due {Day(status.Due)}, 12-weekly assessment)"));
                }
            }

            if (NewGrade3Lab(labs[patient.PatientId].ToList(), patient, asOf) is { } labReason)
            {
                list.Add(labReason);
            }

            if (list.Count > 0)
            {
                reasons[patient.PatientId] = list;
            }
        }

        return reasons;
    }

    private static AgendaReason? NewGrade3Lab(List<Data.Model.LabResult> results, AlertWindow patient, DateOnly asOf)
    {
        var baselines = LabGrading.BaselineOf(results, patient.CourseStart);
        var since = patient.Since;
        var worst = results
            .Where(r => r.CollectedAt > since && DateOnly.FromDateTime(r.CollectedAt) <= asOf && LabTestCatalogue.FindByCode(r.TestCode) is not null)
            .Select(r => (Result: r, Grade: LabGrading.Grade(r, baselines.GetValueOrDefault(r.TestCode))))
            .Where(x => x.Grade.Grade >= 3)
            .OrderByDescending(x => x.Grade.Grade).ThenByDescending(x => x.Result.CollectedAt)
            .FirstOrDefault();
        if (worst.Result is null)
        {
            return null;
        }

        var term = worst.Grade.TermName ?? worst.Result.TestCode;
        return new AgendaReason(SuggestionKind.NewLabGrade3OrMore,
            $"New grade {worst.Grade.Grade} {term} ({worst.Result.TestCode} {worst.Result.Value.ToString("0.##", _en)} {worst.Result.Unit}) on {Day(DateOnly.FromDateTime(worst.Result.CollectedAt))}");
    }

    private static string Day(DateOnly date) => date.ToString("d MMM yyyy", _en);
}
