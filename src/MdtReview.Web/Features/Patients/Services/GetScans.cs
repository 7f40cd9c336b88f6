using MdtReview.Clinical.Recist;
using MdtReview.Clinical.Schedules;
using MdtReview.Data;
using MdtReview.Data.Evidence;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Patients.Services;

/// <summary>
/// The review page's scans: every scan with its lesions, the RECIST 1.1 and iRECIST response computed by the clinical
/// library (and where the radiologist's reading disagrees), and the target-sum chart. Answers null for a patient the caller
/// may not see or that does not exist.
/// </summary>
public sealed class GetScans(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory)
{
    /// <summary>What the scans section says when the baseline found no disease (for example after complete resection).</summary>
    public const string NoDiseaseAtBaseline =
        "No disease at baseline: RECIST 1.1 and iRECIST responses do not apply; scans are read for recurrence (a new lesion).";

    public async Task<ScansView?> HandleAsync(int patientId, CancellationToken cancellationToken = default)
    {
        await using var db = await ReviewReads.OpenPatientAsync(currentUser, contextFactory, patientId, cancellationToken);
        if (db is null)
        {
            return null;
        }

        var scans = await ReviewReads.LoadScansAsync(db, patientId, cancellationToken);
        return BuildScans(scans);
    }

    internal static ScansView BuildScans(IReadOnlyList<Scan> scans)
    {
        var errors = new List<string>();
        var problems = new List<string>();
        var responses = new Dictionary<DateOnly, TimepointResponse>();
        if (scans.Count > 0)
        {
            if (RecistSeries.From(scans) is { } series)
            {
                var evaluation = RecistEvaluator.Evaluate(series);
                errors.AddRange(evaluation.Errors);
                problems.AddRange(evaluation.BaselineProblems.Select(p => p.Message));
                foreach (var t in evaluation.Timepoints.Where(t => t.Date is not null))
                {
                    responses[t.Date!.Value] = t;
                }
            }
            else if (scans[0].IsBaseline && scans[0].Lesions.Count == 0)
            {
                // RECIST 1.1 (Eisenhauer 2009, section 3) assesses response only in patients with disease at baseline; after
                // complete resection (adjuvant treatment) scans look for recurrence, which is a new lesion, not a response.
                problems.Add(NoDiseaseAtBaseline);
            }
            else
            {
                errors.Add("Responses cannot be computed: the first scan is not a baseline with target lesions.");
            }
        }

        var baselineDate = scans.FirstOrDefault(s => s.IsBaseline)?.ScanDate;
        var views = scans.Select(s =>
        {
            var response = responses.GetValueOrDefault(s.ScanDate);
            DateOnly? from = null, to = null;
            if (response is { Irecist: IrecistResponse.IUPD })
            {
                var window = Schedule.NextScan(s.ScanDate, true, s.ScanDate);
                (from, to) = (window.Earliest, window.Latest);
            }

            var disagrees = response is not null
                && ((s.RadiologistRecist is { } rr && rr != response.Recist11) || (s.RadiologistIrecist is { } ri && ri != response.Irecist));
            return new ScanView(s.Id, s.ScanDate, s.Modality, s.IsBaseline, s.ReportText, s.NonTargetStatus,
                s.Lesions.OrderBy(l => l.Kind).ThenBy(l => l.LesionKey, StringComparer.Ordinal)
                    .Select(l => new LesionView(l.LesionKey, l.Organ, l.IsLymphNode, l.Kind, l.DiameterMm, l.TooSmallToMeasure, l.Measurable)).ToList(),
                response, s.RadiologistRecist, s.RadiologistIrecist, disagrees, from, to);
        }).ToList();

        ChartModel? chart = null;
        var points = views.Where(v => v.Response?.ChangeFromBaselinePercent is not null)
            .Select(v => new ChartPoint(v.ScanDate.ToDateTime(TimeOnly.MinValue), (double)v.Response!.ChangeFromBaselinePercent!.Value))
            .ToList();
        if (baselineDate is { } bd && points.Count > 0)
        {
            points.Insert(0, new ChartPoint(bd.ToDateTime(TimeOnly.MinValue), 0));
            // RECIST 1.1 (Eisenhauer 2009 §4.3.1): PR is a 30% decrease from baseline; PD is 20% (and 5 mm) above the nadir,
            // which is drawn against the baseline only when the nadir is the baseline, so the line is labelled as such.
            chart = new ChartModel("Target lesions: change in sum of diameters from baseline",
                "Percentage change of the RECIST target sum from the baseline scan at each follow-up scan.",
                "% change from baseline", points, null, null, null,
                [new ChartThreshold(-30, "−30% (PR)"), new ChartThreshold(20, "+20% (PD if nadir = baseline)")], points.Count);
        }

        return new ScansView(views, errors, problems, chart);
    }
}
