namespace MdtReview.Clinical.Ctcae;

/// <summary>
/// The lab tests MdtReview grades: short code, name, LOINC, canonical SI unit and accepted units.
/// The web app uses it to validate entries; the grader uses it to pick cut-offs by unit.
/// </summary>
/// <remarks>
/// Held as C# data rather than an embedded resource so that each code and factor sits next to the
/// source it came from and the library stays free of I/O.
/// </remarks>
public static class LabTestCatalogue
{
    private static readonly LabUnit _unitsPerLitre = new()
    {
        Symbol = "U/L", Aliases = ["IU/L", "U/l", "IU/l"], Scale = CutOffScale.RatioOnly,
    };

    // 1 µkat/L = 60 U/L (1 U = 1 µmol/min; 1 kat = 1 mol/s).
    private static readonly LabUnit _microkatalPerLitre = new()
    {
        Symbol = "ukat/L", Multiplier = 60m, Scale = CutOffScale.RatioOnly,
    };

    private static readonly LabUnit[] _enzymeUnits = [_unitsPerLitre, _microkatalPerLitre];

    // Counts: 10^9/L = 10^3/µL = GI/L = THOU/uL (SDTM); per-µL spellings = /mm3 = 10^3/mL (admiral's legacy unit, values ×1000).
    private static readonly LabUnit[] _countUnits =
    [
        new() { Symbol = "10^9/L", Aliases = ["x10^9/L", "10*9/L", "10E9/L", "10^3/uL", "x10^3/uL", "10*3/uL", "GI/L", "THOU/uL", "K/uL", "10^3/mm3"], Scale = CutOffScale.TenToNinePerLitre },
        new() { Symbol = "cells/uL", Aliases = ["/uL", "/mm3", "cells/mm3", "10^3/mL", "10^6/L"], Divisor = 1000m, Scale = CutOffScale.PerMicrolitre },
    ];

    private static readonly LabUnit[] _electrolyteUnits =
    [
        new() { Symbol = "mmol/L", Aliases = ["mEq/L", "mmol/l"], Scale = CutOffScale.MillimolesPerLitre },
    ];

    private static readonly LabTestInfo[] _all =
    [
        // LOINC codes: clinical-rules.md §6a (S13, LOINC 2.82 via tx.fhir.org value sets and HL7 examples).
        Enzyme(LabTest.Alt, "ALT", "Alanine aminotransferase (ALT)", "1742-6", ["1743-4", "76625-3"], 200_000m, []),
        Enzyme(LabTest.Ast, "AST", "Aspartate aminotransferase (AST)", "1920-8", ["30239-8", "14409-7"], 200_000m, []),
        Enzyme(LabTest.Alp, "ALP", "Alkaline phosphatase (ALP)", "6768-6", ["59789-8"], 200_000m, []),
        new(LabTest.Bilirubin, "BILI", "Bilirubin, total", "1975-2", ["14631-6", "42719-5"],
            new LabUnit { Symbol = "umol/L", Aliases = ["µmol/L", "umol/l"], Scale = CutOffScale.RatioOnly },
            [
                new LabUnit { Symbol = "umol/L", Aliases = ["µmol/L", "umol/l"], Scale = CutOffScale.RatioOnly },
                // 1 mg/dL bilirubin = 17.1 µmol/L (clinical-rules.md §1a table, units column).
                new LabUnit { Symbol = "mg/dL", Aliases = ["mg/dl"], Multiplier = 17.1m, Scale = CutOffScale.RatioOnly },
            ],
            0m, 1_500m, UnitOptional: true, []),
        new(LabTest.Creatinine, "CREAT", "Creatinine", "2160-0", ["14682-9", "38483-4"],
            new LabUnit { Symbol = "umol/L", Aliases = ["µmol/L", "umol/l"], Scale = CutOffScale.RatioOnly },
            [
                new LabUnit { Symbol = "umol/L", Aliases = ["µmol/L", "umol/l"], Scale = CutOffScale.RatioOnly },
                // 1 mg/dL creatinine = 88.4 µmol/L (clinical-rules.md §1a table, units column).
                new LabUnit { Symbol = "mg/dL", Aliases = ["mg/dl"], Multiplier = 88.4m, Scale = CutOffScale.RatioOnly },
            ],
            0m, 5_000m, UnitOptional: true, []),
        Enzyme(LabTest.Ck, "CK", "Creatine kinase (CK)", "2157-6", [], 2_000_000m, ["CPK"]),
        Enzyme(LabTest.Lipase, "LIPASE", "Lipase", "3040-3", [], 200_000m, []),
        Enzyme(LabTest.Amylase, "AMYLASE", "Amylase", "1798-8", [], 200_000m, ["AMYL"]),
        Count(LabTest.Neutrophils, "NEUT", "Neutrophils (absolute)", "751-8", ["26499-4"], 500m, ["ANC", "NEUTSG"]),
        Count(LabTest.Platelets, "PLT", "Platelets", "777-3", ["26515-7"], 5_000m, ["PLAT"]),
        new(LabTest.Haemoglobin, "HGB", "Haemoglobin", "718-7", ["59260-0"],
            new LabUnit { Symbol = "g/L", Aliases = ["g/l"], Scale = CutOffScale.GramsPerLitre },
            [
                new LabUnit { Symbol = "g/L", Aliases = ["g/l"], Scale = CutOffScale.GramsPerLitre },
                new LabUnit { Symbol = "g/dL", Aliases = ["g/dl"], Multiplier = 10m, Scale = CutOffScale.GramsPerDecilitre },
                // Haemoglobin (Fe) 1 mmol/L = 16.114 g/L (monomer molar mass 16 114 g/mol); CTCAE prints its own
                // mmol/L cut-offs (6.2, 4.9), which the grader uses rather than converting.
                new LabUnit { Symbol = "mmol/L", Aliases = ["mmol/l"], Multiplier = 16.114m, Scale = CutOffScale.HaemoglobinMillimolesPerLitre },
            ],
            0m, 300m, UnitOptional: false, []),
        Count(LabTest.Wbc, "WBC", "White blood cells", "6690-2", ["26464-8"], 1_000m, []),
        Count(LabTest.Lymphocytes, "LYMPH", "Lymphocytes (absolute)", "731-0", ["26474-7"], 1_000m, ["LYM"]),
        new(LabTest.Sodium, "NA", "Sodium", "2951-2", ["2947-0"], _electrolyteUnits[0], _electrolyteUnits, 80m, 220m, UnitOptional: false, ["SODIUM"]),
        new(LabTest.Potassium, "K", "Potassium", "2823-3", ["22760-3", "75940-7"], _electrolyteUnits[0], _electrolyteUnits, 0.5m, 15m, UnitOptional: false, ["POTASSIUM"]),
        new(LabTest.Glucose, "GLUCOSE", "Glucose", "2345-7", ["14749-6"],
            new LabUnit { Symbol = "mmol/L", Aliases = ["mmol/l"], Scale = CutOffScale.MillimolesPerLitre },
            [
                new LabUnit { Symbol = "mmol/L", Aliases = ["mmol/l"], Scale = CutOffScale.MillimolesPerLitre },
                // Glucose molar mass 180.16 g/mol: 1 mmol/L = 18.016 mg/dL (clinical-rules.md §1a: "÷18 ≈ mmol/L").
                new LabUnit { Symbol = "mg/dL", Aliases = ["mg/dl"], Divisor = 18.016m, Scale = CutOffScale.MilligramsPerDecilitre },
            ],
            0m, 150m, UnitOptional: false, ["GLUC"]),
        new(LabTest.Tsh, "TSH", "Thyroid-stimulating hormone (TSH)", "3016-3", [],
            new LabUnit { Symbol = "mIU/L", Aliases = ["mU/L", "uIU/mL", "µIU/mL", "uU/mL", "mIU/l"], Scale = CutOffScale.MilliunitsPerLitre },
            [new LabUnit { Symbol = "mIU/L", Aliases = ["mU/L", "uIU/mL", "µIU/mL", "uU/mL", "mIU/l"], Scale = CutOffScale.MilliunitsPerLitre }],
            0m, 1_000m, UnitOptional: false, []),
    ];

    /// <summary>Every test in the catalogue, in the order of <see cref="LabTest"/>.</summary>
    public static IReadOnlyList<LabTestInfo> All => _all;

    /// <summary>The catalogue entry of a test.</summary>
    /// <param name="test">The test.</param>
    /// <returns>Its catalogue entry.</returns>
    public static LabTestInfo Get(LabTest test) => _all.Single(t => t.Test == test);

    /// <summary>Finds a test by its short code (or a code alias), case-insensitively.</summary>
    /// <param name="code">E.g. "ALT", "NEUT", "PLAT".</param>
    /// <returns>The entry, or null when no test has that code.</returns>
    public static LabTestInfo? FindByCode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var c = code.Trim();
        return _all.FirstOrDefault(t => string.Equals(t.Code, c, StringComparison.OrdinalIgnoreCase)
            || t.CodeAliases.Any(a => string.Equals(a, c, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>Finds a test by LOINC code, preferred or alternative (clinical-rules.md §6a).</summary>
    /// <param name="loinc">E.g. "1742-6".</param>
    /// <returns>The entry, or null when the code is not one of the graded tests.</returns>
    public static LabTestInfo? FindByLoinc(string? loinc)
    {
        if (string.IsNullOrWhiteSpace(loinc))
        {
            return null;
        }

        var c = loinc.Trim();
        return _all.FirstOrDefault(t => t.Loinc == c || t.AlternativeLoincs.Contains(c));
    }

    /// <summary>
    /// Checks that a value can be a result for the test in the given unit. Returns null when it can, or a
    /// message in clinical language when it cannot (unknown unit, negative value, or a value outside what a
    /// laboratory could report — usually a unit slip such as haemoglobin 98 entered in g/dL).
    /// </summary>
    /// <param name="test">The test.</param>
    /// <param name="value">The result.</param>
    /// <param name="unit">The unit as reported.</param>
    /// <returns>Null when acceptable, otherwise the reason it is not.</returns>
    public static string? Validate(LabTest test, decimal value, string? unit)
    {
        var info = Get(test);
        var labUnit = info.FindUnit(unit);
        if (labUnit is null)
        {
            return string.IsNullOrWhiteSpace(unit)
                ? $"{info.Name}: the unit is missing (expected one of {UnitList(info)})."
                : $"{info.Name}: '{unit}' is not a unit for this test (expected one of {UnitList(info)}).";
        }

        if (value < 0)
        {
            return $"{info.Name}: a result cannot be negative.";
        }

        var canonical = labUnit.ToCanonical(value);
        if (canonical < info.PlausibleMinimum || canonical > info.PlausibleMaximum)
        {
            return $"{info.Name}: {Format.Number(value)} {labUnit.Symbol} cannot be a result for this test "
                + $"(possible range {Format.Number(labUnit.FromCanonical(info.PlausibleMinimum))}–{Format.Number(labUnit.FromCanonical(info.PlausibleMaximum))} {labUnit.Symbol}); check the unit.";
        }

        return null;
    }

    internal static string UnitList(LabTestInfo info) =>
        string.Join(", ", info.AcceptedUnits.SelectMany(u => new[] { u.Symbol }.Concat(u.Aliases)).Distinct(StringComparer.OrdinalIgnoreCase));

    private static LabTestInfo Enzyme(LabTest test, string code, string name, string loinc, string[] alternatives, decimal plausibleMax, string[] aliases) =>
        new(test, code, name, loinc, alternatives, _unitsPerLitre, _enzymeUnits, 0m, plausibleMax, UnitOptional: true, aliases);

    private static LabTestInfo Count(LabTest test, string code, string name, string loinc, string[] alternatives, decimal plausibleMax, string[] aliases) =>
        new(test, code, name, loinc, alternatives, _countUnits[0], _countUnits, 0m, plausibleMax, UnitOptional: false, aliases);
}
