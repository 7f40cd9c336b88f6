using System.Globalization;
using MdtReview.Clinical.Ctcae;
using MdtReview.Data;
using MdtReview.Data.Evidence;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Patients.Services;

/// <summary>
/// Blood results of one patient: the latest panel, the full history (paged in the database, corrections visible) and the
/// trend series (downsampled on the server). Grades always come from <see cref="LabGrading"/>, with the patient's
/// pre-treatment baseline, so the chips here agree with alerts and decision snapshots.
/// </summary>
public sealed class LabResultsService(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, TimeProvider clock)
{
    public async Task<LabPanelView?> GetLatestPanelAsync(int patientId, CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(patientId, cancellationToken);
        if (db is null)
        {
            return null;
        }

        var latestIds = await db.LabResults.AsNoTracking()
            .Where(l => l.PatientId == patientId && l.SupersededById == null)
            .GroupBy(l => l.TestCode)
            .Select(g => g.OrderByDescending(l => l.CollectedAt).ThenByDescending(l => l.Id).Select(l => l.Id).First())
            .ToListAsync(cancellationToken);
        var rows = await Project(db, db.LabResults.AsNoTracking().Where(l => latestIds.Contains(l.Id))).ToListAsync(cancellationToken);
        var baselines = await BaselinesAsync(db, patientId, await TreatmentStartAsync(db, patientId, cancellationToken), cancellationToken);
        var order = LabTestCatalogue.All.Select((t, i) => (t.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.OrdinalIgnoreCase);
        return new LabPanelView(rows.Select(r => ToView(r, baselines))
            .OrderBy(v => order.GetValueOrDefault(v.TestCode, int.MaxValue)).ToList());
    }

    /// <summary>Every stored value, current and superseded, newest first; <paramref name="testCode"/> narrows to one test.</summary>
    public async Task<LabHistoryPage?> GetHistoryAsync(int patientId, string? testCode, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(patientId, cancellationToken);
        if (db is null)
        {
            return null;
        }

        pageSize = Math.Clamp(pageSize, 1, 200);
        var query = db.LabResults.AsNoTracking().Where(l => l.PatientId == patientId);
        if (!string.IsNullOrWhiteSpace(testCode))
        {
            query = query.Where(l => l.TestCode == testCode);
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await Project(db, query.OrderByDescending(l => l.CollectedAt).ThenByDescending(l => l.Id)
            .Skip(Math.Max(0, page) * pageSize).Take(pageSize)).ToListAsync(cancellationToken);
        var baselines = await BaselinesAsync(db, patientId, await TreatmentStartAsync(db, patientId, cancellationToken), cancellationToken);
        return new LabHistoryPage(rows.Select(r => ToView(r, baselines)).ToList(), total);
    }

    /// <summary>One chart per test (and unit) over the range, each at most <see cref="Downsampler.MaxPoints"/> points.</summary>
    public async Task<LabTrendsView?> GetTrendsAsync(int patientId, DateTime? fromUtc, CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(patientId, cancellationToken);
        if (db is null)
        {
            return null;
        }

        var toUtc = clock.GetUtcNow().UtcDateTime;
        var query = db.LabResults.AsNoTracking().Where(l => l.PatientId == patientId && l.SupersededById == null);
        if (fromUtc is { } from)
        {
            query = query.Where(l => l.CollectedAt >= from);
        }

        var rows = await query.OrderBy(l => l.CollectedAt).ThenBy(l => l.Id)
            .Select(l => new { l.TestCode, l.Unit, l.Value, l.CollectedAt, l.Lln, l.Uln })
            .ToListAsync(cancellationToken);
        var order = LabTestCatalogue.All.Select((t, i) => (t.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.OrdinalIgnoreCase);
        var trends = rows.GroupBy(r => (r.TestCode, r.Unit))
            .OrderBy(g => order.GetValueOrDefault(g.Key.TestCode, int.MaxValue)).ThenBy(g => g.Key.Unit, StringComparer.Ordinal)
            .Select(g =>
            {
                var info = LabTestCatalogue.FindByCode(g.Key.TestCode);
                var name = info?.Name ?? g.Key.TestCode;
                var latest = g.Last();
                var points = Downsampler.MinMaxBuckets(g.Select(r => new ChartPoint(r.CollectedAt, (double)r.Value)).ToList());
                var low = Math.Min(g.Min(r => r.Value), latest.Lln ?? decimal.MaxValue);
                var high = Math.Max(g.Max(r => r.Value), latest.Uln ?? 0m);
                var pad = (high - low) * 0.1m;
                (low, high) = (Math.Max(0m, low - pad), high + pad);
                var thresholds = info is null ? [] : GradeThresholds.Within(info.Test, g.Key.Unit, latest.Lln, latest.Uln, low, high);
                var range = latest.Lln is not null || latest.Uln is not null
                    ? $"reference range {latest.Lln?.ToString("0.###", CultureInfo.InvariantCulture) ?? "?"}–{latest.Uln?.ToString("0.###", CultureInfo.InvariantCulture) ?? "?"} {g.Key.Unit}"
                    : "no reference range recorded";
                var chart = new ChartModel(
                    $"{name} ({g.Key.Unit})",
                    $"{name} over time: {g.Count()} results{(points.Count < g.Count() ? $", drawn as {points.Count} points keeping every bucket's lowest and highest value" : "")}; {range}; dashed lines mark where the CTCAE v5.0 grade changes (normal baseline).",
                    g.Key.Unit, points, (double?)latest.Lln, (double?)latest.Uln, "Reference range", thresholds, g.Count());
                return new TrendView(g.Key.TestCode, name, g.Key.Unit, chart);
            }).ToList();
        return new LabTrendsView(fromUtc, toUtc, trends);
    }

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

    private async Task<MdtReviewDbContext?> OpenAsync(int patientId, CancellationToken cancellationToken)
    {
        if (await currentUser.RequireAsync(Capability.ViewClinicalData, cancellationToken) is null)
        {
            return null;
        }

        var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            return db;
        }

        await db.DisposeAsync();
        return null;
    }

    private sealed record Row(LabResult Result, int? CorrectsId, decimal? CorrectsValue);

    private static IQueryable<Row> Project(MdtReviewDbContext db, IQueryable<LabResult> query) =>
        query.Select(l => new Row(l,
            db.LabResults.Where(o => o.SupersededById == l.Id).Select(o => (int?)o.Id).FirstOrDefault(),
            db.LabResults.Where(o => o.SupersededById == l.Id).Select(o => (decimal?)o.Value).FirstOrDefault()));

    private static LabValueView ToView(Row row, IReadOnlyDictionary<string, LabResult> baselines)
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
