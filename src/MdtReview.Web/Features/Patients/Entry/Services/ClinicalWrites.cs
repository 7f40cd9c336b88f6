using MdtReview.Data;
using MdtReview.Data.Evidence;

namespace MdtReview.Web.Features.Patients.Entry.Services;

/// <summary>
/// The one write path of every command that changes a patient's clinical data (labs, irAEs, scans, infusions, imports,
/// decisions that change a course): save, then refresh the patients' alert state, in one transaction, so the list's alert
/// chips and filters never disagree with the data just written.
/// </summary>
public static class ClinicalWrites
{
    /// <summary>
    /// Saves the context's changes and refreshes the alert state of <paramref name="patientIds"/>. Joins the caller's
    /// transaction when there is one (the caller commits); otherwise opens and commits its own.
    /// </summary>
    public static async Task CommitAsync(MdtReviewDbContext db, IReadOnlyCollection<int> patientIds, DateOnly today, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.CurrentTransaction is not null)
        {
            await db.SaveChangesAsync(cancellationToken);
            await PatientAlerts.RefreshAsync(db, patientIds, today, cancellationToken);
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await PatientAlerts.RefreshAsync(db, patientIds, today, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
