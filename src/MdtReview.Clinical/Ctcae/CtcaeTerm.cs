namespace MdtReview.Clinical.Ctcae;

/// <summary>The CTCAE v5.0 adverse-event terms the lab grader can assign.</summary>
public enum CtcaeTerm
{
    /// <summary>Alanine aminotransferase increased (Investigations).</summary>
    AlanineAminotransferaseIncreased,
    /// <summary>Aspartate aminotransferase increased (Investigations).</summary>
    AspartateAminotransferaseIncreased,
    /// <summary>Alkaline phosphatase increased (Investigations).</summary>
    AlkalinePhosphataseIncreased,
    /// <summary>Blood bilirubin increased (Investigations).</summary>
    BloodBilirubinIncreased,
    /// <summary>Creatinine increased (Investigations).</summary>
    CreatinineIncreased,
    /// <summary>CPK increased (Investigations).</summary>
    CpkIncreased,
    /// <summary>Lipase increased (Investigations).</summary>
    LipaseIncreased,
    /// <summary>Serum amylase increased (Investigations).</summary>
    SerumAmylaseIncreased,
    /// <summary>Neutrophil count decreased (Investigations).</summary>
    NeutrophilCountDecreased,
    /// <summary>Platelet count decreased (Investigations).</summary>
    PlateletCountDecreased,
    /// <summary>White blood cell decreased (Investigations).</summary>
    WhiteBloodCellDecreased,
    /// <summary>Leukocytosis (Blood and lymphatic system disorders).</summary>
    Leukocytosis,
    /// <summary>Lymphocyte count decreased (Investigations).</summary>
    LymphocyteCountDecreased,
    /// <summary>Lymphocyte count increased (Investigations).</summary>
    LymphocyteCountIncreased,
    /// <summary>Anemia (Blood and lymphatic system disorders).</summary>
    Anemia,
    /// <summary>Hemoglobin increased (Investigations).</summary>
    HemoglobinIncreased,
    /// <summary>Hyponatremia (Metabolism and nutrition disorders).</summary>
    Hyponatremia,
    /// <summary>Hypernatremia (Metabolism and nutrition disorders).</summary>
    Hypernatremia,
    /// <summary>Hypokalemia (Metabolism and nutrition disorders).</summary>
    Hypokalemia,
    /// <summary>Hyperkalemia (Metabolism and nutrition disorders).</summary>
    Hyperkalemia,
    /// <summary>Hypoglycemia (Metabolism and nutrition disorders).</summary>
    Hypoglycemia,
    /// <summary>Hyperglycemia (Metabolism and nutrition disorders) — graded on clinical facts in v5.0.</summary>
    Hyperglycemia,
    /// <summary>Hypothyroidism (Endocrine disorders) — graded on clinical facts.</summary>
    Hypothyroidism,
    /// <summary>Hyperthyroidism (Endocrine disorders) — graded on clinical facts.</summary>
    Hyperthyroidism,
}

/// <summary>Display names of the CTCAE terms, exactly as CTCAE v5.0 spells them.</summary>
public static class CtcaeTerms
{
    /// <summary>The CTCAE v5.0 term text, e.g. "Alanine aminotransferase increased".</summary>
    /// <param name="term">The term.</param>
    /// <returns>The term as printed in CTCAE v5.0 (US spelling, as the source has it).</returns>
    public static string Name(CtcaeTerm term) => term switch
    {
        CtcaeTerm.AlanineAminotransferaseIncreased => "Alanine aminotransferase increased",
        CtcaeTerm.AspartateAminotransferaseIncreased => "Aspartate aminotransferase increased",
        CtcaeTerm.AlkalinePhosphataseIncreased => "Alkaline phosphatase increased",
        CtcaeTerm.BloodBilirubinIncreased => "Blood bilirubin increased",
        CtcaeTerm.CreatinineIncreased => "Creatinine increased",
        CtcaeTerm.CpkIncreased => "CPK increased",
        CtcaeTerm.LipaseIncreased => "Lipase increased",
        CtcaeTerm.SerumAmylaseIncreased => "Serum amylase increased",
        CtcaeTerm.NeutrophilCountDecreased => "Neutrophil count decreased",
        CtcaeTerm.PlateletCountDecreased => "Platelet count decreased",
        CtcaeTerm.WhiteBloodCellDecreased => "White blood cell decreased",
        CtcaeTerm.Leukocytosis => "Leukocytosis",
        CtcaeTerm.LymphocyteCountDecreased => "Lymphocyte count decreased",
        CtcaeTerm.LymphocyteCountIncreased => "Lymphocyte count increased",
        CtcaeTerm.Anemia => "Anemia",
        CtcaeTerm.HemoglobinIncreased => "Hemoglobin increased",
        CtcaeTerm.Hyponatremia => "Hyponatremia",
        CtcaeTerm.Hypernatremia => "Hypernatremia",
        CtcaeTerm.Hypokalemia => "Hypokalemia",
        CtcaeTerm.Hyperkalemia => "Hyperkalemia",
        CtcaeTerm.Hypoglycemia => "Hypoglycemia",
        CtcaeTerm.Hyperglycemia => "Hyperglycemia",
        CtcaeTerm.Hypothyroidism => "Hypothyroidism",
        CtcaeTerm.Hyperthyroidism => "Hyperthyroidism",
        _ => throw new ArgumentOutOfRangeException(nameof(term), term, "Unknown CTCAE term."),
    };

    /// <summary>The lab test a term is graded from.</summary>
    /// <param name="term">The term.</param>
    /// <returns>The test whose value the term describes.</returns>
    public static LabTest TestOf(CtcaeTerm term) => term switch
    {
        CtcaeTerm.AlanineAminotransferaseIncreased => LabTest.Alt,
        CtcaeTerm.AspartateAminotransferaseIncreased => LabTest.Ast,
        CtcaeTerm.AlkalinePhosphataseIncreased => LabTest.Alp,
        CtcaeTerm.BloodBilirubinIncreased => LabTest.Bilirubin,
        CtcaeTerm.CreatinineIncreased => LabTest.Creatinine,
        CtcaeTerm.CpkIncreased => LabTest.Ck,
        CtcaeTerm.LipaseIncreased => LabTest.Lipase,
        CtcaeTerm.SerumAmylaseIncreased => LabTest.Amylase,
        CtcaeTerm.NeutrophilCountDecreased => LabTest.Neutrophils,
        CtcaeTerm.PlateletCountDecreased => LabTest.Platelets,
        CtcaeTerm.WhiteBloodCellDecreased or CtcaeTerm.Leukocytosis => LabTest.Wbc,
        CtcaeTerm.LymphocyteCountDecreased or CtcaeTerm.LymphocyteCountIncreased => LabTest.Lymphocytes,
        CtcaeTerm.Anemia or CtcaeTerm.HemoglobinIncreased => LabTest.Haemoglobin,
        CtcaeTerm.Hyponatremia or CtcaeTerm.Hypernatremia => LabTest.Sodium,
        CtcaeTerm.Hypokalemia or CtcaeTerm.Hyperkalemia => LabTest.Potassium,
        CtcaeTerm.Hypoglycemia or CtcaeTerm.Hyperglycemia => LabTest.Glucose,
        CtcaeTerm.Hypothyroidism or CtcaeTerm.Hyperthyroidism => LabTest.Tsh,
        _ => throw new ArgumentOutOfRangeException(nameof(term), term, "Unknown CTCAE term."),
    };
}
