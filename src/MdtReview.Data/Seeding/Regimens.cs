using MdtReview.Data.Model;

namespace MdtReview.Data.Seeding;

/// <summary>
/// A checkpoint-inhibitor schedule as prescribed. Doses and intervals from the product labels as summarised in
/// clinical-rules.md §5 (pembrolizumab 200 mg q3w / 400 mg q6w; nivolumab 240 mg q2w / 480 mg q4w; ipilimumab 3 mg/kg +
/// nivolumab 1 mg/kg q3w ×4 then nivolumab; atezolizumab 1200 mg q3w; durvalumab 1500 mg q4w).
/// </summary>
/// <param name="Name">The regimen as written on the chart.</param>
/// <param name="Drugs">Generic names, comma separated.</param>
/// <param name="IntervalDays">Days between cycles.</param>
/// <param name="FixedCycles">For induction: the number of cycles before maintenance takes over; otherwise null.</param>
/// <param name="Maintenance">The regimen that follows a completed induction, started one interval after its last dose.</param>
internal sealed record Regimen(string Name, string Drugs, int IntervalDays, int? FixedCycles = null, Regimen? Maintenance = null)
{
    public static readonly Regimen Pembrolizumab200Q3W = new("Pembrolizumab 200 mg q3w", "pembrolizumab", 21);
    public static readonly Regimen Pembrolizumab400Q6W = new("Pembrolizumab 400 mg q6w", "pembrolizumab", 42);
    public static readonly Regimen Nivolumab240Q2W = new("Nivolumab 240 mg q2w", "nivolumab", 14);
    public static readonly Regimen Nivolumab480Q4W = new("Nivolumab 480 mg q4w", "nivolumab", 28);
    public static readonly Regimen Atezolizumab1200Q3W = new("Atezolizumab 1200 mg q3w", "atezolizumab", 21);
    public static readonly Regimen Durvalumab1500Q4W = new("Durvalumab 1500 mg q4w", "durvalumab", 28);

    /// <summary>Melanoma (CheckMate 067): ipilimumab 3 mg/kg + nivolumab 1 mg/kg q3w ×4, then nivolumab 480 mg q4w.</summary>
    public static readonly Regimen IpiNivoMelanoma = new(
        "Ipilimumab 3 mg/kg + nivolumab 1 mg/kg q3w ×4", "ipilimumab, nivolumab", 21, 4, Nivolumab480Q4W);

    /// <summary>Renal cell carcinoma (CheckMate 214): nivolumab 3 mg/kg + ipilimumab 1 mg/kg q3w ×4, then nivolumab.</summary>
    public static readonly Regimen NivoIpiRenal = new(
        "Nivolumab 3 mg/kg + ipilimumab 1 mg/kg q3w ×4", "nivolumab, ipilimumab", 21, 4, Nivolumab240Q2W);

    public bool IsInduction => FixedCycles is not null;
}

/// <summary>What a patient is treated for and with: the diagnosis and the regimen plan.</summary>
internal sealed record Diagnosis(TumourSite Site, string Histology, string Stage, TreatmentIntent Intent, int? PlannedDurationMonths);
