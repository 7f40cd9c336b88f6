namespace MdtReview.Web.Features.Patients.Import.Services;

/// <summary>One data row of the file as read and checked. <see cref="Errors"/> is empty when the row can be imported.</summary>
public sealed record LabImportRow(
    int Line,
    string Patient,
    string Test,
    string Value,
    string Unit,
    string? Lln,
    string? Uln,
    string CollectedAt,
    IReadOnlyList<string> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>The whole file checked: every row with its errors, and problems of the file itself (missing columns, too large).</summary>
public sealed record LabImportPreview(IReadOnlyList<LabImportRow> Rows, IReadOnlyList<string> FileErrors)
{
    public int ErrorCount => FileErrors.Count + Rows.Count(r => !r.IsValid);

    public bool CanImport => FileErrors.Count == 0 && Rows.Count > 0 && Rows.All(r => r.IsValid);

    public int PatientCount { get; init; }
}

public enum LabImportOutcome
{
    Imported,
    Invalid,
    Forbidden,
}

public sealed record LabImportResult(LabImportOutcome Outcome, int ImportedCount, LabImportPreview Preview);
