using System.Data;
using MdtReview.Clinical.Ctcae;
using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Patients.Entry.Services;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Patients.Services;

/// <summary>
/// Corrects a lab result: inserts the new value and marks the old one superseded in one serializable transaction, so two
/// people correcting the same value at once end with one correction and one conflict showing both versions, never two
/// current values. Oncologists only.
/// </summary>
public sealed class CorrectLabResult(
    CurrentUserService currentUser,
    IDbContextFactory<MdtReviewDbContext> contextFactory,
    TimeProvider clock,
    ILogger<CorrectLabResult> logger)
{
    public async Task<LabWriteResult> HandleAsync(int labResultId, LabCorrectionEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var user = await currentUser.RequireAsync(Capability.EditClinicalData, cancellationToken);
        if (user is null)
        {
            return LabWriteResult.Fail(LabFields.Form, LabWriteMessages.Forbidden);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var original = await db.LabResults.AsNoTracking().SingleOrDefaultAsync(l => l.Id == labResultId, cancellationToken);
        if (original is null)
        {
            return LabWriteResult.Fail(LabFields.Form, "This result was not found.");
        }

        var errors = LabEntryValidation.ValidateCorrection(original.TestCode, entry);
        if (errors.Count > 0)
        {
            return LabWriteResult.Fail(errors);
        }

        var info = LabTestCatalogue.FindByCode(original.TestCode)!;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
            var tracked = await db.LabResults.SingleAsync(l => l.Id == labResultId, cancellationToken);
            if (tracked.SupersededById is not null)
            {
                await transaction.RollbackAsync(cancellationToken);
                return await ConflictAsync(labResultId, cancellationToken);
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var correction = new LabResult
            {
                PatientId = tracked.PatientId,
                TestCode = tracked.TestCode,
                Loinc = tracked.Loinc ?? info.Loinc,
                Value = entry.Value!.Value,
                Unit = info.FindUnit(entry.Unit)!.Symbol,
                Lln = entry.Lln,
                Uln = entry.Uln,
                CollectedAt = tracked.CollectedAt,
                Source = LabSource.Manual,
                RecordedAt = now,
                RecordedById = user.Id,
                CorrectionReason = entry.Reason!.Trim(),
            };
            db.LabResults.Add(correction);
            await db.SaveChangesAsync(cancellationToken);
            tracked.SupersededById = correction.Id;
            await ClinicalWrites.CommitAsync(db, [tracked.PatientId], DateOnly.FromDateTime(now), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return LabWriteResult.Ok();
        }
        catch (Exception e) when (DatabaseErrors.IsBusy(e))
        {
            logger.LogWarning(e, "Lab result {LabResultId} of patient {PatientId} was corrected concurrently; the correction by user {UserId} was refused as a conflict",
                labResultId, original.PatientId, user.Id);
            // Another correction of the same value committed first (SQLite: busy snapshot; PostgreSQL: serialization failure).
            return await ConflictAsync(labResultId, cancellationToken);
        }
    }

    private async Task<LabWriteResult> ConflictAsync(int labResultId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var yours = await db.LabResults.AsNoTracking().SingleAsync(l => l.Id == labResultId, cancellationToken);
        var current = yours;
        // Follow the chain to the value that is current now (it may have been corrected more than once).
        for (var hops = 0; current.SupersededById is { } next && hops < 100; hops++)
        {
            current = await db.LabResults.AsNoTracking().SingleAsync(l => l.Id == next, cancellationToken);
        }

        var noBaselines = new Dictionary<string, LabResult>();
        var message = $"This value was already corrected at {HospitalTime.Show(current.RecordedAt)}. Nothing was saved: review the current value and correct that one if it is still wrong.";
        return new LabWriteResult(false, new Dictionary<string, string> { [LabFields.Form] = message },
            new LabConflict(ToView(yours, noBaselines), ToView(current, noBaselines), message));
    }

    private static LabValueView ToView(LabResult r, IReadOnlyDictionary<string, LabResult> baselines) =>
        new(r.Id, r.TestCode, LabReads.NameOf(r.TestCode), r.Value, r.Unit, r.Lln, r.Uln, r.CollectedAt, LabRangeStatus.NoRange,
            GradeView.From(LabReads.GradeOf(r, baselines)), r.Source, r.RecordedAt, r.SupersededById, r.CorrectionReason, null, null);
}
