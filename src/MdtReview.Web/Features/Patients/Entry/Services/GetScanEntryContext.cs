using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;
using NonTargetStatus = MdtReview.Clinical.Recist.NonTargetStatus;

namespace MdtReview.Web.Features.Patients.Entry.Services;

public sealed record BaselineLesion(string LesionKey, string Organ, bool IsLymphNode, LesionKind Kind, decimal? DiameterMm);

/// <summary>What a scan entry form needs to know of the series so far.</summary>
public sealed record ScanEntryContext(
    DateOnly? BaselineDate,
    DateOnly? LatestScanDate,
    NonTargetStatus BaselineNonTargetStatus,
    IReadOnlyList<BaselineLesion> BaselineLesions)
{
    public bool HasBaseline => BaselineDate is not null;
}

/// <summary>
/// Loads what the scan entry dialog needs of the patient's series: the baseline's date, non-target status and lesions (a
/// follow-up re-measures them) and the latest scan date. Null when the patient does not exist or the caller may not enter data.
/// </summary>
public sealed class GetScanEntryContext(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory)
{
    public async Task<ScanEntryContext?> HandleAsync(int patientId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.EditClinicalData, cancellationToken) is null)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            return null;
        }

        var scans = await ScanValidation.LoadSeriesAsync(db, patientId, cancellationToken);
        var baseline = scans.FirstOrDefault(s => s.IsBaseline);
        return new ScanEntryContext(
            baseline?.ScanDate,
            scans.Count == 0 ? null : scans.Max(s => s.ScanDate),
            baseline?.NonTargetStatus ?? NonTargetStatus.None,
            baseline is null
                ? []
                : [.. baseline.Lesions.OrderBy(l => l.Kind).ThenBy(l => l.LesionKey, StringComparer.Ordinal)
                    .Select(l => new BaselineLesion(l.LesionKey, l.Organ, l.IsLymphNode, l.Kind, l.DiameterMm))]);
    }
}
