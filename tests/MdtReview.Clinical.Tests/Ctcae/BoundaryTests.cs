using MdtReview.Clinical.Ctcae;
using Xunit;

namespace MdtReview.Clinical.Tests.Ctcae;

/// <summary>
/// Every CTCAE v5.0 boundary of every graded test, in SI and conventional units, built from the figures CTCAE prints
/// (clinical-rules.md §1a table; admiral ncictcaev5.json / ncictcaev5_uscv.json). Each boundary is tested on the line
/// (lower grade) and one reporting step beyond it (higher grade).
/// Case format: "CODE | unit | LLN | ULN | baseline | value | expected grade", "-" = not supplied, "?" = not gradable.
/// </summary>
public sealed class BoundaryTests
{
    public static TheoryData<string> Cases() =>
    [
        // ALT/AST, normal baseline: >ULN–3.0, >3.0–5.0, >5.0–20.0, >20.0 × ULN.
        .. Ratio("ALT", "U/L", 40m, 40m, [1m, 3m, 5m, 20m], 0.01m),
        .. Ratio("AST", "U/L", 35m, 35m, [1m, 3m, 5m, 20m], 0.01m),
        .. Ratio("AST", "ukat/L", 0.6m, 0.6m, [1m, 3m, 5m, 20m], 0.001m),
        // ALP, normal baseline: >ULN–2.5, >2.5–5.0, >5.0–20.0, >20.0 × ULN.
        .. Ratio("ALP", "U/L", 130m, 130m, [1m, 2.5m, 5m, 20m], 0.01m),
        // Bilirubin, normal baseline: >ULN–1.5, >1.5–3.0, >3.0–10.0, >10.0 × ULN; µmol/L and mg/dL.
        .. Ratio("BILI", "umol/L", 21m, 21m, [1m, 1.5m, 3m, 10m], 0.01m),
        .. Ratio("BILI", "mg/dL", 1.2m, 1.2m, [1m, 1.5m, 3m, 10m], 0.01m),
        // Creatinine on ULN: >ULN–1.5, >1.5–3.0, >3.0–6.0, >6.0 × ULN; µmol/L and mg/dL.
        .. Ratio("CREAT", "umol/L", 110m, null, [1m, 1.5m, 3m, 6m], 0.01m),
        .. Ratio("CREAT", "mg/dL", 1.2m, null, [1m, 1.5m, 3m, 6m], 0.01m),
        // CPK: >ULN–2.5, >2.5–5, >5–10, >10 × ULN.
        .. Ratio("CK", "U/L", 200m, null, [1m, 2.5m, 5m, 10m], 0.01m),
        // ALT/AST abnormal baseline (baseline 60 > ULN 40): 1.5 × BL floor inclusive, then >3.0, >5.0, >20.0 × BL.
        "ALT | U/L | - | 40 | 60 | 89.99 | 0", "ALT | U/L | - | 40 | 60 | 90 | 1",
        "ALT | U/L | - | 40 | 60 | 180 | 1", "ALT | U/L | - | 40 | 60 | 180.01 | 2",
        "ALT | U/L | - | 40 | 60 | 300 | 2", "ALT | U/L | - | 40 | 60 | 300.01 | 3",
        "ALT | U/L | - | 40 | 60 | 1200 | 3", "ALT | U/L | - | 40 | 60 | 1200.01 | 4",
        "AST | U/L | - | 35 | 50 | 74.99 | 0", "AST | U/L | - | 35 | 50 | 75 | 1",
        "AST | U/L | - | 35 | 50 | 150 | 1", "AST | U/L | - | 35 | 50 | 150.01 | 2",
        // ALP abnormal baseline (200 > ULN 130): 2.0 × BL floor inclusive, >2.5, >5.0, >20.0 × BL.
        "ALP | U/L | - | 130 | 200 | 399.99 | 0", "ALP | U/L | - | 130 | 200 | 400 | 1",
        "ALP | U/L | - | 130 | 200 | 500 | 1", "ALP | U/L | - | 130 | 200 | 500.01 | 2",
        "ALP | U/L | - | 130 | 200 | 1000 | 2", "ALP | U/L | - | 130 | 200 | 1000.01 | 3",
        "ALP | U/L | - | 130 | 200 | 4000 | 3", "ALP | U/L | - | 130 | 200 | 4000.01 | 4",
        // Bilirubin abnormal baseline: >1.0 × BL (strict), >1.5, >3.0, >10.0 × BL; µmol/L and mg/dL.
        "BILI | umol/L | - | 21 | 30 | 30 | 0", "BILI | umol/L | - | 21 | 30 | 30.01 | 1",
        "BILI | umol/L | - | 21 | 30 | 45 | 1", "BILI | umol/L | - | 21 | 30 | 45.01 | 2",
        "BILI | umol/L | - | 21 | 30 | 90 | 2", "BILI | umol/L | - | 21 | 30 | 90.01 | 3",
        "BILI | umol/L | - | 21 | 30 | 300 | 3", "BILI | umol/L | - | 21 | 30 | 300.01 | 4",
        "BILI | mg/dL | - | 1.2 | 1.5 | 1.5 | 0", "BILI | mg/dL | - | 1.2 | 1.5 | 1.51 | 1",
        "BILI | mg/dL | - | 1.2 | 1.5 | 2.25 | 1", "BILI | mg/dL | - | 1.2 | 1.5 | 2.26 | 2",
        "BILI | mg/dL | - | 1.2 | 1.5 | 4.5 | 2", "BILI | mg/dL | - | 1.2 | 1.5 | 4.51 | 3",
        "BILI | mg/dL | - | 1.2 | 1.5 | 15 | 3", "BILI | mg/dL | - | 1.2 | 1.5 | 15.01 | 4",
        // Creatinine baseline criterion: >1.5 × BL grade 2, >3.0 × BL grade 3 (whichever criterion is higher).
        "CREAT | umol/L | - | 110 | 50 | 75 | 0", "CREAT | umol/L | - | 110 | 50 | 75.01 | 2",
        "CREAT | umol/L | - | 110 | 50 | 150 | 2", "CREAT | umol/L | - | 110 | 50 | 150.01 | 3",
        "CREAT | mg/dL | - | 1.2 | 0.6 | 0.9 | 0", "CREAT | mg/dL | - | 1.2 | 0.6 | 0.91 | 2",
        "CREAT | mg/dL | - | 1.2 | 0.6 | 1.8 | 2", "CREAT | mg/dL | - | 1.2 | 0.6 | 1.81 | 3",
        // Lipase / amylase: >ULN–1.5 grade 1, >1.5–2.0 grade 2, above 2.0 × ULN needs symptoms.
        "LIPASE | U/L | - | 60 | - | 60 | 0", "LIPASE | U/L | - | 60 | - | 60.01 | 1",
        "LIPASE | U/L | - | 60 | - | 90 | 1", "LIPASE | U/L | - | 60 | - | 90.01 | 2",
        "LIPASE | U/L | - | 60 | - | 120 | 2", "LIPASE | U/L | - | 60 | - | 120.01 | ?",
        "LIPASE | U/L | - | 60 | - | 300 | ?", "LIPASE | U/L | - | 60 | - | 300.01 | ?",
        "AMYLASE | U/L | - | 100 | - | 100 | 0", "AMYLASE | U/L | - | 100 | - | 100.01 | 1",
        "AMYLASE | U/L | - | 100 | - | 150 | 1", "AMYLASE | U/L | - | 100 | - | 150.01 | 2",
        "AMYLASE | U/L | - | 100 | - | 200 | 2", "AMYLASE | U/L | - | 100 | - | 200.01 | ?",
        // Neutrophils: <LLN–1.5, <1.5–1.0, <1.0–0.5, <0.5 × 10^9/L; <LLN–1500, <1500–1000, <1000–500, <500 /mm3.
        .. Low("NEUT", "10^9/L", 2.0m, [1.5m, 1.0m, 0.5m], 0.01m),
        .. Low("NEUT", "cells/uL", 2000m, [1500m, 1000m, 500m], 1m),
        .. Low("NEUT", "/mm3", 2000m, [1500m, 1000m, 500m], 1m),
        // Platelets: <LLN–75.0, <75.0–50.0, <50.0–25.0, <25.0 × 10^9/L; per mm3 ×1000.
        .. Low("PLT", "10^9/L", 150m, [75m, 50m, 25m], 0.1m),
        .. Low("PLT", "cells/uL", 150_000m, [75_000m, 50_000m, 25_000m], 1m),
        // White cells: <LLN–3.0, <3.0–2.0, <2.0–1.0, <1.0 × 10^9/L; per mm3 ×1000.
        .. Low("WBC", "10^9/L", 4.0m, [3.0m, 2.0m, 1.0m], 0.01m),
        .. Low("WBC", "/mm3", 4000m, [3000m, 2000m, 1000m], 1m),
        // Lymphocytes: <LLN–0.8, <0.8–0.5, <0.5–0.2, <0.2 × 10^9/L; per mm3 ×1000.
        .. Low("LYMPH", "10^9/L", 1.0m, [0.8m, 0.5m, 0.2m], 0.01m),
        .. Low("LYMPH", "cells/uL", 1000m, [800m, 500m, 200m], 1m),
        // Haemoglobin (Anemia): <LLN–100, <100–80, <80 g/L; <LLN–10.0, <10.0–8.0, <8.0 g/dL; <LLN–6.2, <6.2–4.9, <4.9 mmol/L.
        .. Low("HGB", "g/L", 130m, [100m, 80m], 0.1m, 175m),
        .. Low("HGB", "g/dL", 13.0m, [10.0m, 8.0m], 0.01m, 17.5m),
        .. Low("HGB", "mmol/L", 8.1m, [6.2m, 4.9m], 0.01m, 10.9m),
        // Hypoglycemia: <LLN–3.0, <3.0–2.2, <2.2–1.7, <1.7 mmol/L; <LLN–55, <55–40, <40–30, <30 mg/dL.
        .. Low("GLUCOSE", "mmol/L", 3.9m, [3.0m, 2.2m, 1.7m], 0.01m, 5.5m),
        .. Low("GLUCOSE", "mg/dL", 70m, [55m, 40m, 30m], 0.1m, 99m),
        // Leukocytosis: grade 3 >100 × 10^9/L (>100,000 /mm3). Lymphocyte count increased: >4.0–20.0 grade 2, >20.0 grade 3.
        "WBC | 10^9/L | 4 | 11 | - | 100 | 0", "WBC | 10^9/L | 4 | 11 | - | 100.01 | 3",
        "WBC | /mm3 | 4000 | 11000 | - | 100000 | 0", "WBC | /mm3 | 4000 | 11000 | - | 100001 | 3",
        "LYMPH | 10^9/L | 1 | 4.5 | - | 4 | 0", "LYMPH | 10^9/L | 1 | 4.5 | - | 4.01 | 2",
        "LYMPH | 10^9/L | 1 | 4.5 | - | 20 | 2", "LYMPH | 10^9/L | 1 | 4.5 | - | 20.01 | 3",
        "LYMPH | cells/uL | 1000 | 4500 | - | 20000 | 2", "LYMPH | cells/uL | 1000 | 4500 | - | 20001 | 3",
        // Hemoglobin increased: >0–2, >2–4, >4 g/dL above ULN (g/L ×10).
        "HGB | g/dL | 12 | 17 | - | 17 | 0", "HGB | g/dL | 12 | 17 | - | 17.01 | 1",
        "HGB | g/dL | 12 | 17 | - | 19 | 1", "HGB | g/dL | 12 | 17 | - | 19.01 | 2",
        "HGB | g/dL | 12 | 17 | - | 21 | 2", "HGB | g/dL | 12 | 17 | - | 21.01 | 3",
        "HGB | g/L | 120 | 170 | - | 190 | 1", "HGB | g/L | 120 | 170 | - | 190.1 | 2",
        "HGB | g/L | 120 | 170 | - | 210 | 2", "HGB | g/L | 120 | 170 | - | 210.1 | 3",
        // Hyponatremia: <LLN–130 grade 1; 125–129 grade 2/3 by symptoms; 120–124 grade 3; <120 grade 4.
        "NA | mmol/L | 135 | 145 | - | 135 | 0", "NA | mmol/L | 135 | 145 | - | 134.9 | 1",
        "NA | mmol/L | 135 | 145 | - | 130 | 1", "NA | mmol/L | 135 | 145 | - | 129.9 | ?",
        "NA | mmol/L | 135 | 145 | - | 125 | ?", "NA | mmol/L | 135 | 145 | - | 124.9 | 3",
        "NA | mEq/L | 135 | 145 | - | 120 | 3", "NA | mEq/L | 135 | 145 | - | 119.9 | 4",
        // Hypernatremia: >ULN–150, >150–155, >155–160, >160 mmol/L.
        "NA | mmol/L | 135 | 145 | - | 145 | 0", "NA | mmol/L | 135 | 145 | - | 145.1 | 1",
        "NA | mmol/L | 135 | 145 | - | 150 | 1", "NA | mmol/L | 135 | 145 | - | 150.1 | 2",
        "NA | mEq/L | 135 | 145 | - | 155 | 2", "NA | mEq/L | 135 | 145 | - | 155.1 | 3",
        "NA | mEq/L | 135 | 145 | - | 160 | 3", "NA | mEq/L | 135 | 145 | - | 160.1 | 4",
        // Hypokalemia: <LLN–3.0 grade 1/2 by symptoms; <3.0–2.5 grade 3; <2.5 grade 4.
        "K | mmol/L | 3.5 | 5.1 | - | 3.5 | 0", "K | mmol/L | 3.5 | 5.1 | - | 3.49 | ?",
        "K | mmol/L | 3.5 | 5.1 | - | 3.0 | ?", "K | mmol/L | 3.5 | 5.1 | - | 2.99 | 3",
        "K | mEq/L | 3.5 | 5.1 | - | 2.5 | 3", "K | mEq/L | 3.5 | 5.1 | - | 2.49 | 4",
        // Hyperkalemia: >ULN–5.5, >5.5–6.0, >6.0–7.0, >7.0 mmol/L.
        "K | mmol/L | 3.5 | 5.1 | - | 5.1 | 0", "K | mmol/L | 3.5 | 5.1 | - | 5.11 | 1",
        "K | mmol/L | 3.5 | 5.1 | - | 5.5 | 1", "K | mmol/L | 3.5 | 5.1 | - | 5.51 | 2",
        "K | mEq/L | 3.5 | 5.1 | - | 6.0 | 2", "K | mEq/L | 3.5 | 5.1 | - | 6.01 | 3",
        "K | mEq/L | 3.5 | 5.1 | - | 7.0 | 3", "K | mEq/L | 3.5 | 5.1 | - | 7.01 | 4",
        // Hyperglycaemia and thyroid: the value only decides normal vs abnormal; above/below the limit is clinical.
        "GLUCOSE | mmol/L | 3.9 | 5.5 | - | 5.5 | 0", "GLUCOSE | mmol/L | 3.9 | 5.5 | - | 5.51 | ?",
        "GLUCOSE | mg/dL | 70 | 99 | - | 99 | 0", "GLUCOSE | mg/dL | 70 | 99 | - | 99.1 | ?",
        "TSH | mIU/L | 0.4 | 4.0 | - | 4.0 | 0", "TSH | mIU/L | 0.4 | 4.0 | - | 4.01 | ?",
        "TSH | uIU/mL | 0.4 | 4.0 | - | 0.4 | 0", "TSH | uIU/mL | 0.4 | 4.0 | - | 0.39 | ?",
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Value_on_a_boundary_takes_the_lower_grade_and_one_step_beyond_takes_the_higher(string @case)
    {
        var f = @case.Split('|', StringSplitOptions.TrimEntries);

        var grade = Lab.Grade(f[0], Lab.N(f[5])!.Value, f[1], Lab.N(f[2]), Lab.N(f[3]), Lab.N(f[4]));

        Assert.Null(grade.Error);
        if (f[6] == "?")
        {
            Assert.Null(grade.Grade);
            Assert.NotEmpty(grade.Needs);
            Assert.True(grade.PossibleGrades.Count >= 2);
        }
        else
        {
            Assert.Equal(int.Parse(f[6], System.Globalization.CultureInfo.InvariantCulture), grade.Grade);
        }
    }

    [Fact]
    public void Every_graded_test_has_boundary_cases_in_every_accepted_unit_system()
    {
        var covered = Cases().Select(c => ((string)c.Data).Split('|', StringSplitOptions.TrimEntries))
            .Select(f => (Code: f[0], Unit: LabTestCatalogue.FindByCode(f[0])!.FindUnit(f[1])!.Symbol))
            .ToHashSet();

        foreach (var info in LabTestCatalogue.All)
        {
            foreach (var unit in info.AcceptedUnits.Where(u => !(info.UnitOptional && u.Symbol == "ukat/L" && info.Test != LabTest.Ast)))
            {
                Assert.Contains((info.Code, unit.Symbol), covered);
            }
        }
    }

    private static IEnumerable<string> Ratio(string code, string unit, decimal uln, decimal? baseline, decimal[] multiples, decimal step)
    {
        var bl = baseline is { } b ? Lab.Fmt(b) : "-";
        for (var g = 0; g < multiples.Length; g++)
        {
            var edge = multiples[g] * uln;
            yield return $"{code} | {unit} | - | {Lab.Fmt(uln)} | {bl} | {Lab.Fmt(edge)} | {g}";
            yield return $"{code} | {unit} | - | {Lab.Fmt(uln)} | {bl} | {Lab.Fmt(edge + step)} | {g + 1}";
        }
    }

    private static IEnumerable<string> Low(string code, string unit, decimal lln, decimal[] cutOffs, decimal step, decimal? uln = null)
    {
        // Tests graded in both directions also need the ULN to call a value at LLN normal.
        var u = uln is { } x ? Lab.Fmt(x) : "-";
        yield return $"{code} | {unit} | {Lab.Fmt(lln)} | {u} | - | {Lab.Fmt(lln)} | 0";
        yield return $"{code} | {unit} | {Lab.Fmt(lln)} | {u} | - | {Lab.Fmt(lln - step)} | 1";
        for (var i = 0; i < cutOffs.Length; i++)
        {
            yield return $"{code} | {unit} | {Lab.Fmt(lln)} | {u} | - | {Lab.Fmt(cutOffs[i])} | {i + 1}";
            yield return $"{code} | {unit} | {Lab.Fmt(lln)} | {u} | - | {Lab.Fmt(cutOffs[i] - step)} | {i + 2}";
        }
    }
}
