using System.Text.Json.Nodes;
using MdtReview.Cli.Rules;

namespace MdtReview.Clinical.Tests.Recist;

/// <summary>The <c>tumour-response</c> kind of <c>rules evaluate</c>, in the format of rules-scenarios.md.</summary>
public sealed class TumourResponseScenarioTests
{
    private static JsonObject Run(string json) => TumourResponseScenario.Evaluate(JsonNode.Parse(json)!.AsObject());

    public static TheoryData<string> ExampleIds()
    {
        var data = new TheoryData<string>();
        foreach (var scenario in Examples().Where(s => (string?)s["kind"] == TumourResponseScenario.Kind))
        {
            data.Add((string)scenario["id"]!);
        }

        return data;
    }

    private static IEnumerable<JsonObject> Examples() =>
        JsonNode.Parse(File.ReadAllText(RecistData.PathOf("rules-scenarios", "rules-scenarios-examples.json")))!["scenarios"]!.AsArray()
            .Select(s => s!.AsObject());

    [Theory]
    [MemberData(nameof(ExampleIds))]
    public void Tumour_response_example_evaluates_to_its_expected_result(string id)
    {
        var scenario = Examples().Single(s => (string?)s["id"] == id);
        var result = TumourResponseScenario.Evaluate(scenario);
        Assert.Null(result["error"]);
        Assert.Null(result["ignored"]);
        var expected = scenario["expected"]!["timepoints"]!.AsArray();
        var actual = result["timepoints"]!.AsArray();
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal((int)expected[i]!["day"]!, (int)actual[i]!["day"]!);
            Assert.Equal((string)expected[i]!["recist11"]!, (string)actual[i]!["recist11"]!);
            Assert.Equal((string)expected[i]!["irecist"]!, (string)actual[i]!["irecist"]!);
            Assert.Equal((bool?)expected[i]!["treatmentMayContinue"], (bool?)actual[i]!["treatmentMayContinue"]);
            Assert.False(string.IsNullOrWhiteSpace((string?)actual[i]!["basis"]));
        }
    }

    [Fact]
    public void Example_bases_give_the_figures_a_clinician_checks()
    {
        var result = TumourResponseScenario.Evaluate(Examples().Single(s => (string?)s["id"] == "ex-scan-1"));
        var timepoints = result["timepoints"]!.AsArray();
        Assert.Equal("sum 55 mm, \u221231.3% from baseline 80 mm", (string)timepoints[0]!["basis"]!);
        Assert.Equal("sum 70 mm, +27.3% and +15 mm over nadir 55 mm", (string)timepoints[1]!["basis"]!);
        Assert.StartsWith("target sum 77 mm is +7 mm over the iUPD sum 70 mm (≥5 mm), 42 days after iUPD", (string)timepoints[2]!["irecistBasis"]!, StringComparison.Ordinal);
        Assert.Equal(-31.25m, (decimal)timepoints[0]!["changeFromBaselinePercent"]!);
    }

    [Fact]
    public void Too_small_null_and_zero_measurements_are_read_as_RECIST_defines_them()
    {
        var result = Run("""
            { "id": "s", "kind": "tumour-response",
              "targets": [ { "id": "T1", "organ": "liver", "lymphNode": false }, { "id": "T2", "organ": "lung", "lymphNode": false } ],
              "scans": [
                { "day": 0, "targetMm": { "T1": 30, "T2": 20 }, "nonTarget": "none", "newLesions": [] },
                { "day": 42, "targetMm": { "T1": "too_small", "T2": 0 }, "nonTarget": "none", "newLesions": [] },
                { "day": 84, "targetMm": { "T1": null, "T2": 0 }, "nonTarget": "none", "newLesions": [] } ] }
            """);
        var timepoints = result["timepoints"]!.AsArray();
        Assert.Equal(5m, (decimal)timepoints[0]!["targetSumMm"]!);
        Assert.Equal("PR", (string)timepoints[0]!["recist11"]!);
        Assert.Equal("NE", (string)timepoints[1]!["recist11"]!);
    }

    [Fact]
    public void Target_missing_at_baseline_is_a_per_scenario_error_in_clinical_words()
    {
        var result = Run("""
            { "id": "bad-1", "kind": "tumour-response", "targets": [ { "id": "T1", "organ": "liver" } ],
              "scans": [ { "day": 0, "targetMm": { "T1": null } }, { "day": 42, "targetMm": { "T1": 10 } } ] }
            """);
        Assert.Equal("bad-1", (string)result["id"]!);
        Assert.Equal("tumour-response", (string)result["kind"]!);
        Assert.Null(result["timepoints"]);
        Assert.Contains("Target lesion T1 has no baseline measurement", (string)result["error"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void Scans_out_of_order_are_a_per_scenario_error()
    {
        var result = Run("""
            { "id": "bad-2", "kind": "tumour-response", "targets": [ { "id": "T1", "organ": "liver" } ],
              "scans": [ { "day": 0, "targetMm": { "T1": 30 } }, { "day": 84, "targetMm": { "T1": 10 } }, { "day": 42, "targetMm": { "T1": 10 } } ] }
            """);
        Assert.Contains("scans must be in date order", (string)result["error"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "id": "x", "kind": "tumour-response", "scans": [ { "day": 0 } ] }""", "\"targets\" is missing")]
    [InlineData("""{ "id": "x", "kind": "tumour-response", "targets": [] }""", "\"scans\" is missing")]
    [InlineData("""{ "id": "x", "kind": "tumour-response", "targets": [ { "id": "T1", "organ": "liver" } ], "scans": [ { "day": 0, "targetMm": { "T1": "big" } } ] }""", "Lesion T1 on day 0 is recorded as \"big\"")]
    [InlineData("""{ "id": "x", "kind": "tumour-response", "targets": [ { "id": "T1", "organ": "liver" } ], "scans": [ { "day": 0, "targetMm": { "T1": 20 }, "nonTarget": "stable" } ] }""", "Non-target status \"stable\" on day 0 is not one of")]
    [InlineData("""{ "id": "x", "kind": "tumour-response", "targets": [ { "id": "T1" } ], "scans": [ { "day": 0, "targetMm": { "T1": 20 } } ] }""", "has no organ")]
    [InlineData("""{ "id": "x", "kind": "tumour-response", "targets": [ { "id": "T1", "organ": "liver" } ], "scans": [ { "day": "first", "targetMm": { "T1": 20 } } ] }""", "is not a whole number")]
    [InlineData("""{ "id": "x", "kind": "tumour-response", "targets": [ { "id": "T1", "organ": "liver" } ], "scans": [ { "day": 0, "targetMm": { "T1": 20 }, "clinicallyStable": "yes" } ] }""", "clinicallyStable must be true, false or null")]
    public void Malformed_input_gives_a_clinical_error_instead_of_an_exception(string json, string expected)
    {
        var result = Run(json);
        Assert.Contains(expected, (string)result["error"]!, StringComparison.Ordinal);
        Assert.Equal("x", (string)result["id"]!);
    }

    [Fact]
    public void Unknown_fields_are_ignored_and_listed()
    {
        var result = Run("""
            { "id": "u", "kind": "tumour-response", "colour": "blue", "targets": [ { "id": "T1", "organ": "liver", "size": 3 } ],
              "scans": [ { "day": 0, "targetMm": { "T1": 30 }, "scanner": "CT2" }, { "day": 42, "targetMm": { "T1": 20 } } ] }
            """);
        Assert.Null(result["error"]);
        Assert.Equal(["colour", "targets[0].size", "scans[0].scanner"], result["ignored"]!.AsArray().Select(n => (string)n!));
    }

    [Fact]
    public void Baseline_selection_problems_are_reported_beside_the_responses()
    {
        var result = Run("""
            { "id": "b", "kind": "tumour-response", "targets": [ { "id": "N1", "organ": "axilla", "lymphNode": true } ],
              "scans": [ { "day": 0, "targetMm": { "N1": 12 } }, { "day": 42, "targetMm": { "N1": 8 } } ] }
            """);
        Assert.NotNull(result["timepoints"]);
        Assert.Contains("at least 15 mm in short axis", (string)result["baselineProblems"]![0]!, StringComparison.Ordinal);
    }
}
