namespace MdtReview.Data.Model;

public enum Sex
{
    Female,
    Male,
    Other,
    Unknown,
}

public enum TumourSite
{
    Lung,
    Melanoma,
    Renal,
    Bladder,
    HeadAndNeck,
    Other,
}

public class Patient : IVersioned
{
    public int Id { get; set; }

    /// <summary>Hospital number.</summary>
    public required string Mrn { get; set; }

    /// <summary>Ten digits, no spaces; validated by its modulus-11 check digit.</summary>
    public string? NhsNumber { get; set; }

    public required string FamilyName { get; set; }
    public required string GivenName { get; set; }
    public DateOnly DateOfBirth { get; set; }
    public Sex Sex { get; set; }

    public TumourSite TumourSite { get; set; }
    public required string Histology { get; set; }

    /// <summary>TNM or AJCC stage as written by the clinician, e.g. "IVA (T2a N2 M1b)".</summary>
    public required string Stage { get; set; }

    public DateOnly DiagnosisDate { get; set; }

    public DateTime CreatedAt { get; set; }
    public uint Version { get; set; }

    public List<Biomarker> Biomarkers { get; set; } = [];
    public List<EcogAssessment> EcogAssessments { get; set; } = [];
    public List<TreatmentCourse> TreatmentCourses { get; set; } = [];
    public List<LabResult> LabResults { get; set; } = [];
    public List<AdverseEvent> AdverseEvents { get; set; } = [];
    public List<Scan> Scans { get; set; } = [];
    public List<Decision> Decisions { get; set; } = [];
}

/// <summary>A biomarker result such as PD-L1 TPS, BRAF V600E or EGFR status.</summary>
public class Biomarker
{
    public int Id { get; set; }
    public int PatientId { get; set; }
    public required string Name { get; set; }
    public required string Result { get; set; }
    public DateOnly? TestedOn { get; set; }
}

public class EcogAssessment
{
    public int Id { get; set; }
    public int PatientId { get; set; }
    public DateOnly AssessedOn { get; set; }

    /// <summary>ECOG performance status 0–5.</summary>
    public int Score { get; set; }
}
