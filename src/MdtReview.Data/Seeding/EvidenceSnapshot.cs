using System.Globalization;
using System.Text.Json;
using MdtReview.Clinical;
using MdtReview.Clinical.Recist;
using MdtReview.Data.Evidence;
using MdtReview.Data.Model;

namespace MdtReview.Data.Seeding;

/// <summary>
/// The evidence an MDT saw, as JSON: the latest result of each test with its range, the irAEs with their grade on the day,
/// the scan figures with the responses computed by the clinical rules, the ECOG and the treatment state. Figures only;
/// the grades of lab values are left to the rules at display time, as they are never stored.
/// </summary>
internal static class EvidenceSnapshot
{
    private static readonly JsonSerializerOptions _json = new() { WriteIndented = false };

    public static string Build(Patient patient, DateOnly asOf)
    {
        var labs = patient.LabResults
            .Where(l => DateOnly.FromDateTime(l.CollectedAt) <= asOf)
            .GroupBy(l => l.TestCode)
            .Select(g => g.MaxBy(l => l.CollectedAt)!)
            .OrderBy(l => l.TestCode, StringComparer.Ordinal)
            .Select(l => new { test = l.TestCode, value = l.Value, unit = l.Unit, lln = l.Lln, uln = l.Uln, collectedAt = l.CollectedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });

        var iraes = patient.AdverseEvents
            .Where(a => a.OnsetDate <= asOf)
            .Select(a => new
            {
                category = a.Category.ToString(),
                term = a.CtcaeTerm,
                grade = a.ResolvedDate <= asOf ? 0 : a.GradeHistory.Where(g => g.EffectiveDate <= asOf).Select(g => g.Grade).LastOrDefault(),
                onset = a.OnsetDate,
                resolved = a.ResolvedDate <= asOf ? a.ResolvedDate : null,
                management = a.Management.ToString(),
            });

        var courses = patient.TreatmentCourses.Where(c => c.StartDate <= asOf).OrderBy(c => c.StartDate).ToList();
        var course = courses.LastOrDefault();
        var infusions = course?.Infusions.Where(i => i.Date <= asOf).OrderBy(i => i.Date).ToList() ?? [];
        var lastGiven = infusions.LastOrDefault(i => i.Status == InfusionStatus.Given);
        var treatment = course is null ? null : new
        {
            regimen = course.Regimen,
            line = course.LineOfTherapy,
            startDate = course.StartDate,
            state = course.EndDate <= asOf ? course.Status.ToString() : infusions.LastOrDefault()?.Status == InfusionStatus.Deferred ? "Held" : "Active",
            lastCycle = lastGiven?.CycleNumber,
            lastCycleDate = lastGiven?.Date,
        };

        object? scans = null;
        var series = RecistSeries.From(patient.Scans, asOf);
        if (series is not null && series.Assessments.Count > 1)
        {
            var evaluation = RecistEvaluator.Evaluate(series);
            var latest = evaluation.Timepoints.Count > 0 ? evaluation.Timepoints[^1] : null;
            scans = latest is null ? null : new
            {
                latestScan = latest.Date,
                scanCount = series.Assessments.Count,
                targetSumMm = latest.TargetSumMm,
                baselineSumMm = latest.BaselineSumMm,
                nadirMm = latest.NadirMm,
                changeFromBaselinePercent = latest.ChangeFromBaselinePercent is decimal p ? Math.Round(p, 1) : (decimal?)null,
                recist11 = latest.Recist11.ToString(),
                irecist = latest.Irecist.ToString(),
                newLesions = latest.NewLesionsPresent,
            };
        }

        var ecog = patient.EcogAssessments.Where(e => e.AssessedOn <= asOf).MaxBy(e => e.AssessedOn);
        return JsonSerializer.Serialize(new
        {
            asOf,
            rulesVersion = RulesVersion.Current,
            treatment,
            ecog = ecog is null ? null : new { score = ecog.Score, assessedOn = ecog.AssessedOn },
            labs,
            irAEs = iraes,
            scans,
        }, _json);
    }
}
