using MdtReview.Data.Model;

namespace MdtReview.Data.Seeding;

/// <summary>
/// One laboratory test as a UK hospital laboratory reports it: short code (the clinical library's catalogue code), LOINC
/// (clinical-rules.md §6a), SI unit, reference range and the spread of values in a patient population on immunotherapy.
/// </summary>
/// <param name="Code">Short code, e.g. "ALT".</param>
/// <param name="Loinc">Preferred LOINC code.</param>
/// <param name="Unit">Reported unit.</param>
/// <param name="Decimals">Decimal places the laboratory reports.</param>
/// <param name="Lln">Lower limit of normal (male, or both sexes); null where the laboratory quotes only an upper limit ("&lt;40").</param>
/// <param name="Uln">Upper limit of normal (male, or both sexes).</param>
/// <param name="FemaleLln">Female lower limit where it differs.</param>
/// <param name="FemaleUln">Female upper limit where it differs.</param>
/// <param name="Mean">Typical patient baseline (male, or both sexes).</param>
/// <param name="Spread">Standard deviation of baselines between patients.</param>
/// <param name="FemaleMean">Female typical baseline where it differs.</param>
/// <param name="WithinPatientCv">Cycle-to-cycle variation of one patient (analytical + biological coefficient of variation).</param>
internal sealed record LabTestSpec(
    string Code, string Loinc, string Unit, int Decimals, decimal? Lln, decimal? Uln,
    decimal? FemaleLln, decimal? FemaleUln, double Mean, double Spread, double? FemaleMean, double WithinPatientCv)
{
    public (decimal? Lln, decimal? Uln) Range(Sex sex) =>
        sex == Sex.Female ? (FemaleLln ?? Lln, FemaleUln ?? Uln) : (Lln, Uln);

    public double TypicalMean(Sex sex) => sex == Sex.Female ? FemaleMean ?? Mean : Mean;
}

/// <summary>
/// The pre-cycle panels (clinical-rules.md §5: FBC, U&amp;E, LFTs, glucose, TFTs before each cycle; CK, amylase and lipase at
/// baseline). Reference ranges are the UK Pathology Harmonisation ranges where one exists and typical UK trust ranges
/// otherwise; they are illustrative, like every laboratory's own.
/// </summary>
internal static class LabPanels
{
    // SI units throughout, so the moles/volume LOINC codes apply to creatinine (14682-9), bilirubin (14631-6) and glucose (14749-6).

    // Full blood count.
    public static readonly LabTestSpec Haemoglobin = new("HGB", "718-7", "g/L", 0, 130m, 180m, 115m, 165m, 132, 12, 121, 0.03);
    public static readonly LabTestSpec Wbc = new("WBC", "6690-2", "10^9/L", 1, 4.0m, 11.0m, null, null, 7.0, 1.6, null, 0.10);
    public static readonly LabTestSpec Neutrophils = new("NEUT", "751-8", "10^9/L", 1, 2.0m, 7.5m, null, null, 4.4, 1.2, null, 0.14);
    public static readonly LabTestSpec Lymphocytes = new("LYMPH", "731-0", "10^9/L", 2, 1.0m, 4.0m, null, null, 1.5, 0.4, null, 0.12);
    public static readonly LabTestSpec Platelets = new("PLT", "777-3", "10^9/L", 0, 150m, 400m, null, null, 265, 60, null, 0.08);

    // Urea and electrolytes.
    public static readonly LabTestSpec Sodium = new("NA", "2951-2", "mmol/L", 0, 133m, 146m, null, null, 139, 2, null, 0.008);
    public static readonly LabTestSpec Potassium = new("K", "2823-3", "mmol/L", 1, 3.5m, 5.3m, null, null, 4.3, 0.3, null, 0.04);
    public static readonly LabTestSpec Creatinine = new("CREAT", "14682-9", "umol/L", 0, 59m, 104m, 45m, 84m, 84, 13, 66, 0.05);

    // Liver function tests.
    public static readonly LabTestSpec Alt = new("ALT", "1742-6", "U/L", 0, null, 40m, null, null, 22, 7, 18, 0.12);
    public static readonly LabTestSpec Ast = new("AST", "1920-8", "U/L", 0, null, 40m, null, null, 23, 5, 20, 0.10);
    public static readonly LabTestSpec Alp = new("ALP", "6768-6", "U/L", 0, 30m, 130m, null, null, 84, 20, null, 0.06);
    public static readonly LabTestSpec Bilirubin = new("BILI", "14631-6", "umol/L", 0, null, 21m, null, null, 9, 3, null, 0.18);

    // Glucose (random, non-fasting: pre-cycle bloods are not taken fasting).
    public static readonly LabTestSpec Glucose = new("GLUCOSE", "14749-6", "mmol/L", 1, 3.5m, 7.8m, null, null, 5.6, 0.6, null, 0.10);

    // Thyroid function tests.
    public static readonly LabTestSpec Tsh = new("TSH", "3016-3", "mIU/L", 2, 0.27m, 4.20m, null, null, 1.7, 0.6, null, 0.15);
    // Free T4 in pmol/L is a moles/volume result: LOINC 14920-3 (3024-7 is the mass/volume code, for ng/dL).
    public static readonly LabTestSpec FreeT4 = new("FT4", "14920-3", "pmol/L", 1, 12.0m, 22.0m, null, null, 15.8, 1.8, null, 0.06);

    // Baseline (and when indicated): creatine kinase, lipase, amylase.
    public static readonly LabTestSpec Ck = new("CK", "2157-6", "U/L", 0, 40m, 320m, 25m, 200m, 110, 35, 80, 0.15);
    public static readonly LabTestSpec Lipase = new("LIPASE", "3040-3", "U/L", 0, 13m, 60m, null, null, 30, 8, null, 0.12);
    public static readonly LabTestSpec Amylase = new("AMYLASE", "1798-8", "U/L", 0, 28m, 100m, null, null, 58, 15, null, 0.10);

    /// <summary>The bloods taken before every cycle: 15 results.</summary>
    public static readonly IReadOnlyList<LabTestSpec> PreCycle =
    [
        Haemoglobin, Wbc, Neutrophils, Lymphocytes, Platelets,
        Sodium, Potassium, Creatinine,
        Alt, Ast, Alp, Bilirubin,
        Glucose,
        Tsh, FreeT4,
    ];

    /// <summary>The pre-treatment baseline: the pre-cycle panel plus CK, lipase and amylase.</summary>
    public static readonly IReadOnlyList<LabTestSpec> Baseline = [.. PreCycle, Ck, Lipase, Amylase];

    /// <summary>Liver monitoring between cycles while hepatitis is active.</summary>
    public static readonly IReadOnlyList<LabTestSpec> LiverMonitoring = [Alt, Ast, Alp, Bilirubin];

    public static readonly IReadOnlyList<LabTestSpec> All = Baseline;

    public static LabTestSpec ByCode(string code) => All.Single(t => t.Code == code);
}
