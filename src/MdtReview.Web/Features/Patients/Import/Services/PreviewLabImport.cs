using MdtReview.Data;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Patients.Import.Services;

/// <summary>
/// Checks a lab results CSV file (format: docs/lab-import.md) without writing anything, so the user sees every row's errors
/// before importing. Answers null for a caller who may not import.
/// </summary>
public sealed class PreviewLabImport(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, TimeProvider clock)
{
    /// <summary>Largest file accepted: about 20 000 rows, far more than a laboratory's daily extract for one clinic.</summary>
    public const long MaxFileBytes = 2 * 1024 * 1024;

    /// <summary><paramref name="patientId"/> restricts the file to one patient's rows.</summary>
    public async Task<LabImportPreview?> HandleAsync(string content, int? patientId = null, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.EditClinicalData, cancellationToken) is null)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var (preview, _) = await LabImportCheck.CheckAsync(db, content, patientId, clock, cancellationToken);
        return preview;
    }
}
