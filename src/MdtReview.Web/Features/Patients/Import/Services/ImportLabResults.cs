using MdtReview.Data;
using MdtReview.Web.Features.Patients.Entry.Services;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Patients.Import.Services;

/// <summary>
/// Imports the lab results of a CSV file (format: docs/lab-import.md): all rows in one transaction or none, so a file with
/// any error writes nothing. The file is checked again: the preview the user saw is not trusted, the data may have changed.
/// </summary>
public sealed class ImportLabResults(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, TimeProvider clock)
{
    /// <summary><paramref name="patientId"/> restricts the file to one patient's rows.</summary>
    public async Task<LabImportResult> HandleAsync(string content, int? patientId = null, CancellationToken cancellationToken = default)
    {
        var user = await currentUser.RequireAsync(Capability.EditClinicalData, cancellationToken);
        if (user is null)
        {
            return new LabImportResult(LabImportOutcome.Forbidden, 0, new LabImportPreview([], [EntryResult.ForbiddenMessage]));
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var (preview, results) = await LabImportCheck.CheckAsync(db, content, patientId, clock, cancellationToken);
        if (!preview.CanImport)
        {
            return new LabImportResult(LabImportOutcome.Invalid, 0, preview);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var result in results)
        {
            result.RecordedAt = now;
            result.RecordedById = user.Id;
        }

        db.LabResults.AddRange(results);
        await ClinicalWrites.CommitAsync(db, [.. results.Select(r => r.PatientId).Distinct()], DateOnly.FromDateTime(now), cancellationToken);
        return new LabImportResult(LabImportOutcome.Imported, results.Count, preview);
    }
}
