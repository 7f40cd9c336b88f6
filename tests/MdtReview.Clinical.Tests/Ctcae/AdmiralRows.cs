using System.Globalization;
using MdtReview.Clinical.Ctcae;
using MdtReview.Clinical.Tests.Support;

namespace MdtReview.Clinical.Tests.Ctcae;

/// <summary>The 450 admiral v5 grading rows (TestData/ctcae/admiral-test-cases.csv) as observations.</summary>
internal sealed record AdmiralRow(string Test, int Row, CtcaeTerm Term, LabObservation Observation, int? ExpectedGrade, string Note)
{
    public string Key => $"{Test} #{Row}";

    private static readonly Dictionary<string, CtcaeTerm> _terms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Anemia"] = CtcaeTerm.Anemia,
        ["Alanine aminotransferase increased"] = CtcaeTerm.AlanineAminotransferaseIncreased,
        ["Alkaline phosphatase increased"] = CtcaeTerm.AlkalinePhosphataseIncreased,
        ["Aspartate aminotransferase increased"] = CtcaeTerm.AspartateAminotransferaseIncreased,
        ["Blood bilirubin increased"] = CtcaeTerm.BloodBilirubinIncreased,
        ["CPK increased"] = CtcaeTerm.CpkIncreased,
        ["Creatinine increased"] = CtcaeTerm.CreatinineIncreased,
        ["Lipase increased"] = CtcaeTerm.LipaseIncreased,
        ["Serum amylase increased"] = CtcaeTerm.SerumAmylaseIncreased,
        ["Lymphocyte count decreased"] = CtcaeTerm.LymphocyteCountDecreased,
        ["Neutrophil count decreased"] = CtcaeTerm.NeutrophilCountDecreased,
        ["Platelet count decreased"] = CtcaeTerm.PlateletCountDecreased,
        ["White blood cell decreased"] = CtcaeTerm.WhiteBloodCellDecreased,
        ["Hyperkalemia"] = CtcaeTerm.Hyperkalemia,
        ["Hypoglycemia"] = CtcaeTerm.Hypoglycemia,
        ["Hypokalemia"] = CtcaeTerm.Hypokalemia,
        ["Hyponatremia"] = CtcaeTerm.Hyponatremia,
    };

    public static IReadOnlyList<AdmiralRow> All { get; } = Load();

    private static List<AdmiralRow> Load() =>
        [.. Csv.Read(TestData.PathOf("ctcae", "admiral-test-cases.csv")).Select(r =>
        {
            var term = _terms[r["ctcae_v5_term"]];
            var observation = new LabObservation(
                CtcaeTerms.TestOf(term),
                Number(r["value"]),
                r["unit"].Length == 0 ? null : r["unit"],
                Number(r["lln"]),
                Number(r["uln"]),
                Number(r["baseline"]));
            var expected = r["expected_grade"] == "NA" ? (int?)null : int.Parse(r["expected_grade"], CultureInfo.InvariantCulture);
            return new AdmiralRow(r["admiral_test"], int.Parse(r["testnum"], CultureInfo.InvariantCulture), term, observation, expected, r["note"]);
        })];

    private static decimal? Number(string s) =>
        s.Length == 0 ? null : decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
