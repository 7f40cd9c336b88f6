namespace MdtReview.Clinical.Irae;

/// <summary>
/// Optional facts some organ rules use. Null = not recorded. Where a missing fact decides between actions, all the
/// actions it could lead to are returned rather than one being assumed.
/// </summary>
public sealed record IraeContext
{
    /// <summary>No facts recorded.</summary>
    public static IraeContext None { get; } = new();

    /// <summary>Hepatitis: the highest ALT (or AST) as a multiple of ULN.</summary>
    public decimal? AltTimesUln { get; init; }

    /// <summary>Nephritis: creatinine as a multiple of the patient's baseline.</summary>
    public decimal? CreatinineTimesBaseline { get; init; }

    /// <summary>Hepatitis grade 3: symptomatic liver dysfunction present.</summary>
    public bool? SymptomaticLiverDysfunction { get; init; }

    /// <summary>Endocrine irAEs: the patient is on hormone replacement (levothyroxine, hydrocortisone …).</summary>
    public bool? OnHormoneReplacement { get; init; }

    /// <summary>Endocrine irAEs: the endocrinopathy is controlled (stable on replacement, glucose controlled).</summary>
    public bool? Controlled { get; init; }

    /// <summary>The irAE is symptomatic.</summary>
    public bool? Symptomatic { get; init; }

    /// <summary>Myocarditis: troponin elevated.</summary>
    public bool? TroponinElevated { get; init; }

    /// <summary>Nephritis: dialysis indicated.</summary>
    public bool? DialysisIndicated { get; init; }

    /// <summary>Immune diabetes: on insulin.</summary>
    public bool? OnInsulin { get; init; }

    /// <summary>Hypothyroidism: TSH in mIU/L.</summary>
    public decimal? TshMiuPerL { get; init; }

    /// <summary>Immune diabetes: fasting glucose in mmol/L.</summary>
    public decimal? FastingGlucoseMmolPerL { get; init; }

    /// <summary>Colitis: the regimen includes an anti-CTLA-4 agent (ipilimumab, tremelimumab).</summary>
    public bool? AntiCtla4 { get; init; }
}
