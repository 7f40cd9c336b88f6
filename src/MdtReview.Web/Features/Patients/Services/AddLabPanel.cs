using MdtReview.Clinical.Ctcae;
using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Patients.Entry.Services;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Patients.Services;

/// <summary>
/// Adds a panel of lab results for one patient, entered by hand. Oncologists only (governance leads and trial investigators
/// are refused here, not only in the UI). Everything is validated before anything is written; the panel is one save.
/// </summary>
public sealed class AddLabPanel(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, TimeProvider clock)
{
    public const string PatientNotFound = "This patient was not found.";

    public async Task<LabWriteResult> HandleAsync(int patientId, LabPanelEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var user = await currentUser.RequireAsync(Capability.EditClinicalData, cancellationToken);
        if (user is null)
        {
            return LabWriteResult.Fail(LabFields.Form, LabWriteMessages.Forbidden);
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

        await ClinicalWrites.CommitAsync(db, [patientId], DateOnly.FromDateTime(now), cancellationToken);
        return LabWriteResult.Ok();
    }
}
