namespace MdtReview.Data.Model;

public enum LabSource
{
    Manual,
    FhirImport,
    CsvImport,
}

/// <summary>
/// One laboratory value as reported. CTCAE grades are derived by the clinical rules and never stored as typed input.
/// A correction inserts a new row pointing at the one it replaces, so the previous value is kept.
/// </summary>
public class LabResult
{
    public int Id { get; set; }
    public int PatientId { get; set; }
    public Patient? Patient { get; set; }

    /// <summary>Short code from the clinical library's lab catalogue, e.g. "ALT".</summary>
    public required string TestCode { get; set; }
    public string? Loinc { get; set; }
    public decimal Value { get; set; }
    public required string Unit { get; set; }
    public decimal? Lln { get; set; }
    public decimal? Uln { get; set; }
    public DateTime CollectedAt { get; set; }
    public LabSource Source { get; set; }

    public DateTime RecordedAt { get; set; }
    public string? RecordedById { get; set; }

    /// <summary>Set when a later correction replaced this value; superseded rows are history, not current results.</summary>
    public int? SupersededById { get; set; }
    public string? CorrectionReason { get; set; }
}
