using CsCheck;
using MdtReview.Clinical.Ctcae;
using Xunit;

namespace MdtReview.Clinical.Tests.Ctcae;

public sealed class GradingPropertyTests
{
    // A range of one test in one direction: within it, a value further from normal is "worse".
    public static TheoryData<string> Directions() =>
    [
        "ALT | U/L | 7 | 40 | 30 | 0 | 2000 | high",
        "ALT | U/L | 7 | 40 | 60 | 0 | 2000 | high",
        "AST | U/L | 8 | 35 | - | 0 | 2000 | high",
        "ALP | U/L | 30 | 130 | 200 | 0 | 5000 | high",
        "BILI | umol/L | 3 | 21 | 10 | 0 | 400 | high",
        "BILI | mg/dL | 0.2 | 1.2 | 1.5 | 0 | 20 | high",
        "CREAT | umol/L | 60 | 110 | 70 | 0 | 1000 | high",
        "CREAT | mg/dL | 0.7 | 1.2 | - | 0 | 12 | high",
        "CK | U/L | 20 | 200 | - | 0 | 5000 | high",
        "LIPASE | U/L | 10 | 60 | - | 0 | 800 | high",
        "AMYLASE | U/L | 20 | 100 | - | 0 | 800 | high",
        "NEUT | 10^9/L | 2 | 7.5 | - | 0 | 7.5 | low",
        "NEUT | cells/uL | 2000 | 7500 | - | 0 | 7500 | low",
        "PLT | 10^9/L | 150 | 400 | - | 0 | 400 | low",
        "WBC | 10^9/L | 4 | 11 | - | 0 | 11 | low",
        "LYMPH | 10^9/L | 1 | 3.5 | - | 0 | 3.5 | low",
        "HGB | g/L | 130 | 175 | - | 20 | 175 | low",
        "HGB | g/dL | 13 | 17.5 | - | 2 | 17.5 | low",
        "HGB | mmol/L | 8.1 | 10.9 | - | 1.5 | 10.9 | low",
        "HGB | g/dL | 13 | 17.5 | - | 13 | 25 | high",
        "NA | mmol/L | 135 | 145 | - | 80 | 140 | low",
        "NA | mmol/L | 135 | 145 | - | 140 | 220 | high",
        "K | mmol/L | 3.5 | 5.1 | - | 0.5 | 4.3 | low",
        "K | mmol/L | 3.5 | 5.1 | - | 4.3 | 15 | high",
        "GLUCOSE | mmol/L | 3.9 | 7.8 | - | 0 | 5 | low",
        "GLUCOSE | mg/dL | 70 | 140 | - | 0 | 100 | low",
        "GLUCOSE | mmol/L | 3.9 | 7.8 | - | 5 | 60 | high",
        "TSH | mIU/L | 0.4 | 4 | - | 2 | 100 | high",
        "TSH | mIU/L | 0.4 | 4 | - | 0 | 2 | low",
    ];

    [Theory]
    [MemberData(nameof(Directions))]
    public void A_worse_value_never_lowers_the_grade(string @case)
    {
        var f = @case.Split('|', StringSplitOptions.TrimEntries);
        var (min, max) = (Lab.N(f[5])!.Value, Lab.N(f[6])!.Value);
        var values = Gen.Decimal[min, max].Select(d => Math.Round(d, 2));

        foreach (var facts in new[] { Lab.AllFacts(false), Lab.AllFacts(true), ClinicalContext.None })
        {
            Gen.Select(values, values).Sample((a, b) =>
            {
                var (better, worse) = f[7] == "high" ? (Math.Min(a, b), Math.Max(a, b)) : (Math.Max(a, b), Math.Min(a, b));
                var gBetter = Lab.Grade(f[0], better, f[1], Lab.N(f[2]), Lab.N(f[3]), Lab.N(f[4]), facts);
                var gWorse = Lab.Grade(f[0], worse, f[1], Lab.N(f[2]), Lab.N(f[3]), Lab.N(f[4]), facts);
                return Highest(gWorse) >= Highest(gBetter) && Lowest(gWorse) >= Lowest(gBetter);
            });
        }
    }

    // "CODE | unit A | unit B | A→B factor | LLN A | ULN A | baseline A | min A | max A | boundaries in unit A"
    // Boundaries are the CTCAE cut-offs of both units, expressed in unit A, plus the limits that scale.
    public static TheoryData<string> UnitPairs() =>
    [
        "BILI | mg/dL | umol/L | 17.1 | 0.2 | 1.2 | 0.8 | 0 | 25 | -",
        "CREAT | mg/dL | umol/L | 88.4 | 0.7 | 1.2 | 0.8 | 0 | 12 | -",
        "HGB | g/dL | g/L | 10 | 12 | 16 | - | 2 | 16 | -",
        // CTCAE prints 6.2 and 4.9 mmol/L beside 10.0 and 8.0 g/dL; 1 mmol/L = 1.6114 g/dL, so 6.2 mmol/L = 9.99 g/dL.
        "HGB | mmol/L | g/dL | 1.6114 | 7.5 | 10 | - | 1.5 | 10 | 6.2; 4.9; 6.2058; 4.9646",
        "NEUT | 10^9/L | cells/uL | 1000 | 2 | 7.5 | - | 0 | 7.5 | -",
        "PLT | 10^9/L | /mm3 | 1000 | 150 | 400 | - | 0 | 400 | -",
        "WBC | 10^9/L | cells/uL | 1000 | 4 | 11 | - | 0 | 11 | -",
        "LYMPH | 10^9/L | /mm3 | 1000 | 1 | 3.5 | - | 0 | 3.5 | -",
        // 55, 40, 30 mg/dL = 3.053, 2.220, 1.665 mmol/L beside CTCAE's 3.0, 2.2, 1.7 mmol/L.
        "GLUCOSE | mmol/L | mg/dL | 18.016 | 3.9 | 7.8 | - | 0.5 | 5 | 3.0; 2.2; 1.7; 3.0528; 2.2202; 1.6652",
        "NA | mmol/L | mEq/L | 1 | 135 | 145 | - | 100 | 180 | -",
        "K | mmol/L | mEq/L | 1 | 3.5 | 5.1 | - | 1 | 9 | -",
    ];

    [Theory]
    [MemberData(nameof(UnitPairs))]
    public void Converting_the_unit_does_not_change_a_grade_away_from_a_boundary(string @case)
    {
        var f = @case.Split('|', StringSplitOptions.TrimEntries);
        var factor = Lab.N(f[3])!.Value;
        var (lln, uln, baseline) = (Lab.N(f[4]), Lab.N(f[5]), Lab.N(f[6]));
        var boundaries = f[9] == "-" ? [] : f[9].Split(';').Select(b => Lab.N(b.Trim())!.Value).ToArray();
        var facts = Lab.AllFacts(false);

        Gen.Decimal[Lab.N(f[7])!.Value, Lab.N(f[8])!.Value]
            .Select(d => Math.Round(d, 3))
            // Away from a boundary: more than 1% from every cut-off that CTCAE prints separately per unit.
            .Where(v => boundaries.All(b => Math.Abs(v - b) > 0.01m * b))
            .Sample(v =>
            {
                var a = Lab.Grade(f[0], v, f[1], lln, uln, baseline, facts);
                var b = Lab.Grade(f[0], v * factor, f[2], lln * factor, uln * factor, baseline * factor, facts);
                return a.Error is null && b.Error is null && a.Grade == b.Grade && a.Term == b.Term;
            });
    }

    private static int Highest(LabGrade g) => g.Grade ?? g.PossibleGrades.Max();

    private static int Lowest(LabGrade g) => g.Grade ?? g.PossibleGrades.Min();
}
