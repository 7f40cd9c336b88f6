using System.Globalization;
using MdtReview.Clinical.Ctcae;
using MdtReview.Data;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Patients.Services;

/// <summary>
/// A patient's lab trends: one chart per test (and unit) over the range, downsampled on the server, with the reference range
/// and the CTCAE grade thresholds. Answers null for a patient the caller may not see or that does not exist.
/// </summary>
public sealed class GetLabTrends(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, TimeProvider clock)
{
    public async Task<LabTrendsView?> HandleAsync(int patientId, DateTime? fromUtc, CancellationToken cancellationToken = default)
    {
        await using var db = await ReviewReads.OpenPatientAsync(currentUser, contextFactory, patientId, cancellationToken);
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
        var trends = rows.GroupBy(r => (r.TestCode, r.Unit))
            .OrderBy(g => LabReads.CatalogueOrder.GetValueOrDefault(g.Key.TestCode, int.MaxValue)).ThenBy(g => g.Key.Unit, StringComparer.Ordinal)
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
}
