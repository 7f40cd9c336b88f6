using MdtReview.Clinical.Ctcae;
using MdtReview.Data;
using MdtReview.Data.Evidence;
using MdtReview.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Patients.Services;

/// <summary>
/// What the lab queries and commands share: names, the catalogue's order and grading. Grades always come from
/// <see cref="LabGrading"/>, with the patient's pre-treatment baseline, so chips agree with alerts and decision snapshots.
/// </summary>
internal static class LabReads
{
    public static readonly IReadOnlyDictionary<string, int> CatalogueOrder =
        LabTestCatalogue.All.Select((t, i) => (t.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.OrdinalIgnoreCase);

    internal static string NameOf(string testCode) => LabTestCatalogue.FindByCode(testCode)?.Name ?? testCode;

    internal static LabGrade GradeOf(LabResult result, IReadOnlyDictionary<string, LabResult> baselines)
    {
        if (LabTestCatalogue.FindByCode(result.TestCode) is null)
        {
            // Stored by an import for a test outside the catalogue (e.g. free T4): shown, never guessed at.
            return new LabGrade { Test = default, Basis = $"{result.TestCode} has no CTCAE v5.0 lab criterion in MdtReview's catalogue", Source = "CTCAE v5.0" };
        }

        // A value is never graded against itself as its own baseline.
        var baseline = baselines.GetValueOrDefault(result.TestCode);
        return LabGrading.Grade(result, baseline is not null && baseline.Id != result.Id ? baseline : null);
    }

    internal static async Task<IReadOnlyDictionary<string, LabResult>> BaselinesAsync(MdtReviewDbContext db, int patientId, DateOnly? treatmentStart, CancellationToken cancellationToken)
    {
        if (treatmentStart is not { } start)
        {
            return new Dictionary<string, LabResult>();
        }

        var until = start.AddDays(1).ToDateTime(TimeOnly.MinValue);
        var candidates = await db.LabResults.AsNoTracking()
            .Where(l => l.PatientId == patientId && l.SupersededById == null && l.CollectedAt < until)
            .ToListAsync(cancellationToken);
        return LabGrading.BaselineOf(candidates, start);
    }

    internal static Task<DateOnly?> TreatmentStartAsync(MdtReviewDbContext db, int patientId, CancellationToken cancellationToken) =>
        db.TreatmentCourses.AsNoTracking().Where(c => c.PatientId == patientId).MinAsync(c => (DateOnly?)c.StartDate, cancellationToken);

    internal sealed record Row(LabResult Result, int? CorrectsId, decimal? CorrectsValue);

    internal static IQueryable<Row> Project(MdtReviewDbContext db, IQueryable<LabResult> query) =>
        query.Select(l => new Row(l,
            db.LabResults.Where(o => o.SupersededById == l.Id).Select(o => (int?)o.Id).FirstOrDefault(),
            db.LabResults.Where(o => o.SupersededById == l.Id).Select(o => (decimal?)o.Value).FirstOrDefault()));

    internal static LabValueView ToView(Row row, IReadOnlyDictionary<string, LabResult> baselines)
    {
        var r = row.Result;
        var flag = r.Lln is null && r.Uln is null ? LabRangeStatus.NoRange
            : r.Lln is { } lo && r.Value < lo ? LabRangeStatus.Low
            : r.Uln is { } hi && r.Value > hi ? LabRangeStatus.High
            : LabRangeStatus.Normal;
        return new LabValueView(r.Id, r.TestCode, NameOf(r.TestCode), r.Value, r.Unit, r.Lln, r.Uln, r.CollectedAt, flag,
            GradeView.From(GradeOf(r, baselines)), r.Source, r.RecordedAt, r.SupersededById, r.CorrectionReason, row.CorrectsId, row.CorrectsValue);
    }
}
