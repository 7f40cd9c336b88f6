using System.Text.Json;
using System.Text.Json.Serialization;
using MdtReview.Clinical.Ctcae;
using MdtReview.Clinical.GuidelineCheck;
using MdtReview.Clinical.Recist;
using MdtReview.Data.Evidence;
using MdtReview.Data.Model;

namespace MdtReview.Data.Seeding;

/// <summary>
/// The guideline check the demo decisions record: the evidence on the decision day put through
/// <see cref="GuidelineChecker"/>, so the demo shows findings exactly as the rules produce them. Clinical stability and
/// organ context are not scripted in the demo, so they stay unknown (null), as they would for an unrecorded fact.
/// </summary>
internal static class DemoGuidelineCheck
{
    private static readonly JsonSerializerOptions _json = new() { Converters = { new JsonStringEnumConverter() } };

    public static IReadOnlyList<GuidelineFinding> Check(Patient patient, DateOnly asOf, DecisionOutcome outcome)
    {
        var course = patient.TreatmentCourses.Where(c => c.StartDate <= asOf).MaxBy(c => c.StartDate);
        var results = patient.LabResults.Where(l => l.SupersededById is null && DateOnly.FromDateTime(l.CollectedAt) <= asOf).ToList();
        var baselines = course is null ? new Dictionary<string, LabResult>() : LabGrading.BaselineOf(results, course.StartDate);
        var labs = results.GroupBy(l => l.TestCode, StringComparer.Ordinal)
            .Select(g => g.MaxBy(l => l.CollectedAt)!)
            .Where(l => LabTestCatalogue.FindByCode(l.TestCode) is not null)
            .Select(l => LabGrading.Grade(l, baselines.GetValueOrDefault(l.TestCode)))
            .ToList();

        var iraes = patient.AdverseEvents
            .Where(a => a.OnsetDate <= asOf && !(a.ResolvedDate <= asOf))
            .Select(a => (a.Category, Grade: a.GradeHistory.Where(g => g.EffectiveDate <= asOf).OrderBy(g => g.EffectiveDate).Select(g => g.Grade).LastOrDefault()))
            .Where(a => a.Grade > 0)
            .Select(a => new ActiveIrae(a.Category, a.Grade))
            .ToList();

        var series = RecistSeries.From(patient.Scans, asOf);
        var timepoints = series is not null && series.Assessments.Count > 1 ? RecistEvaluator.Evaluate(series).Timepoints : [];
        var latest = timepoints.Count > 0 ? timepoints[^1] : null;

        var lastInfusion = course?.Infusions.Where(i => i.Date <= asOf).MaxBy(i => i.Date);
        var state = course switch
        {
            null => TreatmentState.NotStarted,
            { EndDate: { } end } when end <= asOf => TreatmentState.PermanentlyDiscontinued,
            _ when lastInfusion?.Status == InfusionStatus.Deferred => TreatmentState.Held,
            _ => TreatmentState.OnTreatment,
        };

        return GuidelineChecker.Check(new DecisionEvidence
        {
            LatestLabGrades = labs,
            ActiveIraes = iraes,
            LatestRecist = latest?.Recist11,
            LatestIrecist = latest?.Irecist,
            TreatmentState = state,
        }, outcome);
    }

    public static string Json(IReadOnlyList<GuidelineFinding> findings) => JsonSerializer.Serialize(findings, _json);
}
