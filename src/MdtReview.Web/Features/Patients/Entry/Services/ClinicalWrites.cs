using MdtReview.Data;

namespace MdtReview.Web.Features.Patients.Entry.Services;

/// <summary>
/// The one write path of every clinical data-entry command (irAEs, scans, infusions, lab import): validate first, then
/// save in one transaction together with whatever must stay consistent with the new data (the patients' alert state).
/// </summary>
internal static class ClinicalWrites
{
    public static async Task CommitAsync(MdtReviewDbContext db, IReadOnlyCollection<int> patientIds, DateOnly today, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await RefreshAlertStateAsync(db, patientIds, today, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static Task RefreshAlertStateAsync(MdtReviewDbContext db, IReadOnlyCollection<int> patientIds, DateOnly today, CancellationToken cancellationToken)
    {
        // Lead: refresh alert state here
        // (MdtReview.Data.Evidence.PatientAlerts.RefreshAsync(db, patientIds, today, cancellationToken) once it is merged;
        // it runs inside the same transaction, so the alert chips never disagree with the data just written.)
        _ = db;
        _ = patientIds;
        _ = today;
        _ = cancellationToken;
        return Task.CompletedTask;
    }
}
