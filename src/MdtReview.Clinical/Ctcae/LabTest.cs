namespace MdtReview.Clinical.Ctcae;

/// <summary>The laboratory tests MdtReview grades (clinical-rules.md §1a, §5: the pre-cycle checkpoint-inhibitor bloods).</summary>
public enum LabTest
{
    /// <summary>Alanine aminotransferase.</summary>
    Alt,
    /// <summary>Aspartate aminotransferase.</summary>
    Ast,
    /// <summary>Alkaline phosphatase.</summary>
    Alp,
    /// <summary>Total bilirubin.</summary>
    Bilirubin,
    /// <summary>Creatinine.</summary>
    Creatinine,
    /// <summary>Creatine (phospho)kinase.</summary>
    Ck,
    /// <summary>Lipase.</summary>
    Lipase,
    /// <summary>Amylase.</summary>
    Amylase,
    /// <summary>Absolute neutrophil count.</summary>
    Neutrophils,
    /// <summary>Platelet count.</summary>
    Platelets,
    /// <summary>Haemoglobin.</summary>
    Haemoglobin,
    /// <summary>White blood cell count.</summary>
    Wbc,
    /// <summary>Absolute lymphocyte count.</summary>
    Lymphocytes,
    /// <summary>Sodium.</summary>
    Sodium,
    /// <summary>Potassium.</summary>
    Potassium,
    /// <summary>Glucose.</summary>
    Glucose,
    /// <summary>Thyroid-stimulating hormone.</summary>
    Tsh,
}
