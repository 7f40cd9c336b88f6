namespace MdtReview.Data.Model;

public enum TreatmentStatus
{
    Active,
    Paused,
    Stopped,
    Completed,
}

public enum TreatmentIntent
{
    Curative,
    Adjuvant,
    Palliative,
}

public class TreatmentCourse : IVersioned
{
    public int Id { get; set; }
    public int PatientId { get; set; }
    public Patient? Patient { get; set; }

    /// <summary>Display name of the regimen, e.g. "Pembrolizumab 200 mg q3w".</summary>
    public required string Regimen { get; set; }

    /// <summary>The drugs, comma separated, e.g. "ipilimumab, nivolumab".</summary>
    public required string Drugs { get; set; }

    public int IntervalDays { get; set; }
    public TreatmentIntent Intent { get; set; }
    public int LineOfTherapy { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public TreatmentStatus Status { get; set; }

    /// <summary>Fixed term in months (e.g. 24 for two years); null means until progression or toxicity.</summary>
    public int? PlannedDurationMonths { get; set; }

    public string? StatusReason { get; set; }

    /// <summary>What the team plans next when this course is switched, e.g. "carboplatin + pemetrexed".</summary>
    public string? PlannedNextTreatment { get; set; }

    public uint Version { get; set; }

    public List<Infusion> Infusions { get; set; } = [];
}

public enum InfusionStatus
{
    Given,
    Deferred,
}

public class Infusion : IVersioned
{
    public int Id { get; set; }
    public int TreatmentCourseId { get; set; }
    public TreatmentCourse? TreatmentCourse { get; set; }
    public int CycleNumber { get; set; }
    public DateOnly Date { get; set; }
    public InfusionStatus Status { get; set; }
    public string? DeferralReason { get; set; }
    public DateTime RecordedAt { get; set; }
    public string? RecordedById { get; set; }
    public uint Version { get; set; }
}
