using MdtReview.Clinical.Irae;

namespace MdtReview.Data.Model;

public enum Attribution
{
    Definite,
    Probable,
    Possible,
    Unlikely,
    Unrelated,
}

public enum IraeManagement
{
    None,
    Steroids,
    HormoneReplacement,
    OtherImmunosuppression,
}

/// <summary>An immune-related adverse event with its CTCAE grade history.</summary>
public class AdverseEvent : IVersioned
{
    public int Id { get; set; }
    public int PatientId { get; set; }
    public Patient? Patient { get; set; }
    public IraeCategory Category { get; set; }

    /// <summary>CTCAE v5.0 term, e.g. "Alanine aminotransferase increased", "Colitis".</summary>
    public required string CtcaeTerm { get; set; }

    /// <summary>The latest grade (1–5); mirrors the newest entry of <see cref="GradeHistory"/>.</summary>
    public int CurrentGrade { get; set; }

    public DateOnly OnsetDate { get; set; }
    public DateOnly? ResolvedDate { get; set; }
    public Attribution Attribution { get; set; }
    public IraeManagement Management { get; set; }

    /// <summary>Details of management, e.g. "prednisolone 1 mg/kg/day, weaning over 6 weeks" or "levothyroxine 75 micrograms".</summary>
    public string? ManagementDetail { get; set; }

    public uint Version { get; set; }

    public List<AdverseEventGrade> GradeHistory { get; set; } = [];
}

public class AdverseEventGrade
{
    public int Id { get; set; }
    public int AdverseEventId { get; set; }
    public int Grade { get; set; }
    public DateOnly EffectiveDate { get; set; }
    public DateTime RecordedAt { get; set; }
    public string? RecordedById { get; set; }
    public string? Note { get; set; }
}
