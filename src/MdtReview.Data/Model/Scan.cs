using MdtReview.Clinical.Recist;

namespace MdtReview.Data.Model;

public enum ScanModality
{
    Ct,
    Mri,
    PetCt,
}

/// <summary>
/// An imaging assessment. RECIST 1.1 and iRECIST responses are computed by the clinical rules from the whole series;
/// a radiologist's stated response may be stored beside them so a disagreement can be shown.
/// </summary>
public class Scan : IVersioned
{
    public int Id { get; set; }
    public int PatientId { get; set; }
    public Patient? Patient { get; set; }
    public DateOnly ScanDate { get; set; }
    public ScanModality Modality { get; set; }
    public bool IsBaseline { get; set; }
    public string? ReportText { get; set; }
    public NonTargetStatus NonTargetStatus { get; set; }

    /// <summary>iRECIST: non-target disease increased further since the iUPD scan.</summary>
    public bool? NonTargetFurtherIncrease { get; set; }

    /// <summary>iRECIST: the patient was clinically stable at this assessment (condition for treatment beyond iUPD).</summary>
    public bool? ClinicallyStable { get; set; }

    /// <summary>An unscheduled scan brought forward for symptoms.</summary>
    public bool UnscheduledForSymptoms { get; set; }

    public Recist11Response? RadiologistRecist { get; set; }
    public IrecistResponse? RadiologistIrecist { get; set; }

    public DateTime RecordedAt { get; set; }
    public string? RecordedById { get; set; }
    public uint Version { get; set; }

    public List<LesionMeasurement> Lesions { get; set; } = [];
}

public enum LesionKind
{
    Target,
    NonTarget,
    New,
}

public class LesionMeasurement
{
    public int Id { get; set; }
    public int ScanId { get; set; }

    /// <summary>Stable identifier of the lesion across the series, e.g. "T1", "NT2", "N1".</summary>
    public required string LesionKey { get; set; }
    public required string Organ { get; set; }
    public bool IsLymphNode { get; set; }
    public LesionKind Kind { get; set; }

    /// <summary>Longest diameter in mm (short axis for lymph nodes); 0 when it has disappeared; null when not assessed.</summary>
    public decimal? DiameterMm { get; set; }
    public bool TooSmallToMeasure { get; set; }

    /// <summary>For new lesions: measurable by RECIST (≥10 mm, ≥15 mm short axis for nodes).</summary>
    public bool Measurable { get; set; }
}
