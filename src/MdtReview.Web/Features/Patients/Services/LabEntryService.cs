using System.Data;
using MdtReview.Clinical.Ctcae;
using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

using MdtReview.Web.Features.Patients.Entry.Services;

namespace MdtReview.Web.Features.Patients.Services;

/// <summary>
/// Adds and corrects lab results. Oncologists only (governance leads and trial investigators are refused here, not only in
/// the UI). Everything is validated before anything is written; a panel is one SaveChanges; a correction inserts a new row
/// and marks the old one superseded in one serializable transaction, so two people correcting the same value at once end
/// with one correction and one conflict, never two current values.
/// </summary>
public sealed class LabEntryService(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, TimeProvider clock)
{
    public const string Forbidden = "Only an oncologist can enter or correct lab results.";
    public const string PatientNotFound = "This patient was not found.";

    public async Task<LabWriteResult> AddPanelAsync(int patientId, LabPanelEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var user = await currentUser.RequireAsync(Capability.EditClinicalData, cancellationToken);
        if (user is null)
        {
            return LabWriteResult.Fail(LabFields.Form, Forbidden);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var errors = LabEntryValidation.ValidatePanel(entry, now);
        if (errors.Count > 0)
        {
            return LabWriteResult.Fail(errors);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var dateOfBirth = await db.Patients.Where(p => p.Id == patientId).Select(p => (DateOnly?)p.DateOfBirth).SingleOrDefaultAsync(cancellationToken);
        if (dateOfBirth is null)
        {
            return LabWriteResult.Fail(LabFields.Form, PatientNotFound);
        }

        var collectedAt = HospitalTime.ToUtc(entry.CollectedAtLocal!.Value);
        if (DateOnly.FromDateTime(collectedAt) < dateOfBirth)
        {
            return LabWriteResult.Fail(LabFields.CollectedAt, "The collection time is before the patient's date of birth.");
        }

        foreach (var row in entry.Rows)
        {
            var info = LabTestCatalogue.FindByCode(row.TestCode)!;
            db.LabResults.Add(new LabResult
            {
                PatientId = patientId,
                TestCode = info.Code,
                Loinc = info.Loinc,
                Value = row.Value!.Value,
                Unit = info.FindUnit(row.Unit)!.Symbol,
                Lln = row.Lln,
                Uln = row.Uln,
                CollectedAt = collectedAt,
                Source = LabSource.Manual,
                RecordedAt = now,
                RecordedById = user.Id,
            });
        }

        await SaveAsync(db, patientId, cancellationToken);
        return LabWriteResult.Ok();
    }

    public async Task<LabWriteResult> CorrectAsync(int labResultId, LabCorrectionEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var user = await currentUser.RequireAsync(Capability.EditClinicalData, cancellationToken);
        if (user is null)
        {
            return LabWriteResult.Fail(LabFields.Form, Forbidden);
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
                RecordedAt = clock.GetUtcNow().UtcDateTime,
                RecordedById = user.Id,
                CorrectionReason = entry.Reason!.Trim(),
            };
            db.LabResults.Add(correction);
            await db.SaveChangesAsync(cancellationToken);
            tracked.SupersededById = correction.Id;
            await SaveAsync(db, tracked.PatientId, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return LabWriteResult.Ok();
        }
        catch (Exception e) when (DatabaseErrors.IsBusy(e))
        {
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
        new(r.Id, r.TestCode, LabResultsService.NameOf(r.TestCode), r.Value, r.Unit, r.Lln, r.Uln, r.CollectedAt, LabRangeStatus.NoRange,
            GradeView.From(LabResultsService.GradeOf(r, baselines)), r.Source, r.RecordedAt, r.SupersededById, r.CorrectionReason, null, null);

    /// <summary>The one place lab writes are saved: with the patient's alert state, in one transaction.</summary>
    private Task SaveAsync(MdtReviewDbContext db, int patientId, CancellationToken cancellationToken) =>
        ClinicalWrites.CommitAsync(db, [patientId], DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), cancellationToken);

}
