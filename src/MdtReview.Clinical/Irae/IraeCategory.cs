namespace MdtReview.Clinical.Irae;

/// <summary>
/// Immune-related adverse event categories as the irAE management guidelines group them
/// (ASCO 2021 / ESMO 2022 organ chapters; see docs/clinical-safety.md for the sources).
/// </summary>
public enum IraeCategory
{
    /// <summary>Immune-mediated hepatitis.</summary>
    Hepatitis,
    /// <summary>Pneumonitis.</summary>
    Pneumonitis,
    /// <summary>Colitis / diarrhoea.</summary>
    Colitis,
    /// <summary>Nephritis / acute kidney injury.</summary>
    Nephritis,
    /// <summary>Myocarditis.</summary>
    Myocarditis,
    /// <summary>Primary hypothyroidism.</summary>
    Hypothyroidism,
    /// <summary>Hyperthyroidism / thyroiditis.</summary>
    Hyperthyroidism,
    /// <summary>Hypophysitis.</summary>
    Hypophysitis,
    /// <summary>Primary adrenal insufficiency.</summary>
    AdrenalInsufficiency,
    /// <summary>Immune-mediated (type 1) diabetes.</summary>
    Diabetes,
    /// <summary>Skin toxicity (rash, pruritus, bullous disease).</summary>
    Skin,
    /// <summary>Inflammatory arthritis.</summary>
    Arthritis,
    /// <summary>Neurological toxicity.</summary>
    Neurological,
    /// <summary>Haematological toxicity.</summary>
    Haematological,
    /// <summary>Any other immune-related adverse event.</summary>
    Other,
}
