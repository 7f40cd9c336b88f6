using MdtReview.Clinical.Ctcae;
using Xunit;

namespace MdtReview.Clinical.Tests.Ctcae;

public sealed class AdmiralAgreementTests
{
    /// <summary>
    /// Rows where admiral assumes the worst case for a clinical fact CTCAE needs and MdtReview instead asks for it
    /// (clinical-rules.md §7.2). Each is listed with its reason in docs/clinical-safety.md.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, (GradingInput Needs, string Reason)> DeliberateDifferences =
        new Dictionary<string, (GradingInput, string)>
        {
            ["Test 38a: CTCAEv5 Lipase increased #3"] = (GradingInput.Symptomatic, "lipase >5.0 × ULN is grade 3 if asymptomatic, 4 with signs or symptoms; admiral assumes symptoms"),
            ["Test 38a: CTCAEv5 Lipase increased #4"] = (GradingInput.Symptomatic, "lipase >2.0–5.0 × ULN is grade 2 if asymptomatic, 3 with signs or symptoms; admiral assumes symptoms"),
            ["Test 38a: CTCAEv5 Lipase increased #5"] = (GradingInput.Symptomatic, "lipase >2.0–5.0 × ULN is grade 2 if asymptomatic, 3 with signs or symptoms; admiral assumes symptoms"),
            ["Test 48a: CTCAEv5 Serum amylase increased (SI unit) #3"] = (GradingInput.Symptomatic, "amylase >5.0 × ULN is grade 3 if asymptomatic, 4 with signs or symptoms; admiral assumes symptoms"),
            ["Test 48a: CTCAEv5 Serum amylase increased (SI unit) #4"] = (GradingInput.Symptomatic, "amylase >2.0–5.0 × ULN is grade 2 if asymptomatic, 3 with signs or symptoms; admiral assumes symptoms"),
            ["Test 48a: CTCAEv5 Serum amylase increased (SI unit) #5"] = (GradingInput.Symptomatic, "amylase >2.0–5.0 × ULN is grade 2 if asymptomatic, 3 with signs or symptoms; admiral assumes symptoms"),
            ["Test 76a: CTCAEv5 Hypokalemia (SI unit) #6"] = (GradingInput.Symptomatic, "potassium <LLN–3.0 mmol/L is grade 1 if asymptomatic, 2 if symptomatic or intervention indicated; admiral assumes symptomatic"),
            ["Test 76a: CTCAEv5 Hypokalemia (SI unit) #7"] = (GradingInput.Symptomatic, "potassium <LLN–3.0 mmol/L is grade 1 if asymptomatic, 2 if symptomatic or intervention indicated; admiral assumes symptomatic"),
            ["Test 80a: CTCAEv5 Hyponatremia (SI unit) #5"] = (GradingInput.Symptomatic, "sodium 125–129 mmol/L is grade 2 if asymptomatic, 3 if symptomatic; admiral assumes symptomatic"),
            ["Test 80a: CTCAEv5 Hyponatremia (SI unit) #11"] = (GradingInput.Symptomatic, "sodium 125–129 mmol/L is grade 2 if asymptomatic, 3 if symptomatic; admiral assumes symptomatic"),
        };

    public static TheoryData<string> AgreedRows() =>
        [.. AdmiralRow.All.Where(r => !DeliberateDifferences.ContainsKey(r.Key)).Select(r => r.Key)];

    public static TheoryData<string> DifferingRows() => [.. DeliberateDifferences.Keys];

    [Theory]
    [MemberData(nameof(AgreedRows))]
    public void Admiral_row_gets_admirals_grade(string key)
    {
        var row = AdmiralRow.All.Single(r => r.Key == key);

        var grade = CtcaeGrader.Grade(row.Observation, row.Term);

        Assert.Equal(row.ExpectedGrade, grade.Grade);
        if (row.ExpectedGrade is null)
        {
            Assert.False(grade.Gradable);
        }
    }

    [Theory]
    [MemberData(nameof(DifferingRows))]
    public void Admiral_row_that_assumes_symptoms_is_not_graded_but_allows_admirals_grade(string key)
    {
        var row = AdmiralRow.All.Single(r => r.Key == key);

        var grade = CtcaeGrader.Grade(row.Observation, row.Term);

        Assert.Null(grade.Grade);
        Assert.Null(grade.Error);
        Assert.Contains(DeliberateDifferences[key].Needs, grade.Needs);
        Assert.Contains(row.ExpectedGrade!.Value, grade.PossibleGrades);
        Assert.True(grade.PossibleGrades.Count >= 2);
    }

    [Theory]
    [MemberData(nameof(DifferingRows))]
    public void Admiral_row_that_assumes_symptoms_gets_admirals_grade_once_symptoms_are_recorded(string key)
    {
        var row = AdmiralRow.All.Single(r => r.Key == key);
        var symptomatic = row.Observation with { Context = new ClinicalContext { Symptomatic = true } };

        Assert.Equal(row.ExpectedGrade, CtcaeGrader.Grade(symptomatic, row.Term).Grade);
    }

    [Fact]
    public void All_450_admiral_rows_are_accounted_for()
    {
        Assert.Equal(450, AdmiralRow.All.Count);
        Assert.Equal(450, AdmiralRow.All.Select(r => r.Key).Distinct().Count());
        Assert.All(DeliberateDifferences.Keys, k => Assert.Contains(AdmiralRow.All, r => r.Key == k));
    }

    [Fact]
    public void Every_deliberate_difference_is_listed_in_the_clinical_safety_document()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "clinical-safety.md"));

        Assert.All(DeliberateDifferences.Keys, k => Assert.Contains(k, doc, StringComparison.Ordinal));
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MdtReview.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}
