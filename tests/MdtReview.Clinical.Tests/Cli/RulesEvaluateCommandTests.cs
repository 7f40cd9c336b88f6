using System.Text.Json.Nodes;
using MdtReview.Cli.Rules;
using MdtReview.Clinical.Tests.Support;
using Xunit;

namespace MdtReview.Clinical.Tests.Cli;

public sealed class RulesEvaluateCommandTests
{
    private static (int Exit, string Out, string Err) Run(string path, string stdin = "")
    {
        using var input = new StringReader(stdin);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = RulesEvaluateCommand.Run(path, input, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static JsonArray Results(string json)
    {
        var (exit, output, error) = Run("-", json);
        Assert.True(exit == 0, error);
        return JsonNode.Parse(output)!["results"]!.AsArray();
    }

    private static JsonObject One(string scenario) => Results($$"""{ "scenarios": [ {{scenario}} ] }""")[0]!.AsObject();

    [Fact]
    public void Examples_file_evaluates_to_its_expected_results()
    {
        var path = TestData.PathOf("rules-scenarios", "rules-scenarios-examples.json");
        var scenarios = JsonNode.Parse(File.ReadAllText(path))!["scenarios"]!.AsArray();

        var (exit, output, error) = Run(path);

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        var results = JsonNode.Parse(output)!["results"]!.AsArray();
        Assert.Equal(scenarios.Count, results.Count);
        for (var i = 0; i < scenarios.Count; i++)
        {
            var expected = scenarios[i]!["expected"]!.AsObject();
            var actual = results[i]!.AsObject();
            Assert.Equal(scenarios[i]!["id"]!.GetValue<string>(), actual["id"]!.GetValue<string>());
            Assert.Null(actual["error"]);
            AssertMatches(expected, actual, scenarios[i]!["id"]!.GetValue<string>());
        }
    }

    [Fact]
    public void Scenarios_can_be_read_from_standard_input()
    {
        var result = One("""{ "id": "s1", "kind": "lab-grade", "test": "PLT", "value": 45, "unit": "10^9/L", "lln": 150, "uln": 400 }""");

        Assert.Equal(3, result["grade"]!.GetValue<int>());
        Assert.Equal("Platelet count decreased", result["term"]!.GetValue<string>());
        Assert.True(result["gradable"]!.GetValue<bool>());
        Assert.Contains("CTCAE v5.0", result["source"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Lab_grade_reports_needs_and_possible_grades_when_symptoms_are_missing()
    {
        var result = One("""{ "id": "s", "kind": "lab-grade", "test": "NA", "value": 127, "unit": "mmol/L", "lln": 135, "uln": 145 }""");

        Assert.Null(result["grade"]);
        Assert.False(result["gradable"]!.GetValue<bool>());
        Assert.Equal("symptomatic", result["needs"]![0]!.GetValue<string>());
        Assert.Equal([2, 3], result["possibleGrades"]!.AsArray().Select(n => n!.GetValue<int>()));
    }

    [Fact]
    public void Lab_grade_uses_context_facts()
    {
        var result = One("""{ "id": "s", "kind": "lab-grade", "test": "NA", "value": 127, "unit": "mmol/L", "lln": 135, "uln": 145, "context": { "symptomatic": true } }""");

        Assert.Equal(3, result["grade"]!.GetValue<int>());
    }

    [Fact]
    public void Loinc_code_can_replace_the_test_code()
    {
        var result = One("""{ "id": "s", "kind": "lab-grade", "loinc": "1742-6", "value": 130, "unit": "U/L", "uln": 40 }""");

        Assert.Equal(2, result["grade"]!.GetValue<int>());
        Assert.Equal("3.25 × ULN (ULN 40 U/L)", result["basis"]!.GetValue<string>());
    }

    [Fact]
    public void Unknown_fields_are_ignored_but_listed()
    {
        var result = One("""{ "id": "s", "kind": "lab-grade", "test": "ALT", "value": 41, "unit": "U/L", "uln": 40, "colour": "red", "context": { "smoker": true } }""");

        Assert.Equal(1, result["grade"]!.GetValue<int>());
        Assert.Equal(["colour", "context.smoker"], result["ignored"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Theory]
    [InlineData("""{ "id": "e", "kind": "lab-grade", "test": "FERRITIN", "value": 1, "unit": "ug/L" }""", "Unknown test 'FERRITIN'")]
    [InlineData("""{ "id": "e", "kind": "lab-grade", "test": "HGB", "value": 100, "unit": "mmol/mol" }""", "is not a unit for this test")]
    [InlineData("""{ "id": "e", "kind": "lab-grade", "test": "ALT", "unit": "U/L", "uln": 40 }""", "result value is missing")]
    [InlineData("""{ "id": "e", "kind": "lab-grade", "test": "ALT", "value": "high", "unit": "U/L" }""", "'value' must be a number")]
    [InlineData("""{ "id": "e", "kind": "lab-grade", "test": "ALT", "loinc": "718-7", "value": 50, "unit": "U/L" }""", "name different tests")]
    [InlineData("""{ "id": "e", "kind": "irae-action", "category": "gout", "grade": 2 }""", "Unknown irAE category 'gout'")]
    [InlineData("""{ "id": "e", "kind": "irae-action", "category": "colitis", "grade": 5 }""", "Grade 5 is not an irAE grade")]
    [InlineData("""{ "id": "e", "kind": "irae-action", "category": "colitis" }""", "grade is missing")]
    [InlineData("""{ "id": "e", "kind": "dose-check" }""", "Unknown kind 'dose-check'")]
    [InlineData("""{ "kind": "lab-grade", "test": "ALT", "value": 50 }""", "no id")]
    public void Malformed_scenario_gives_a_clinical_error_and_the_others_still_run(string bad, string message)
    {
        var results = Results($$"""{ "scenarios": [ {{bad}}, { "id": "ok", "kind": "irae-action", "category": "hepatitis", "grade": 4 } ] }""");

        Assert.Contains(message, results[0]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", results[0]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("discontinue", results[1]!["action"]!.GetValue<string>());
    }

    [Fact]
    public void Scenario_that_is_not_an_object_is_a_per_scenario_error()
    {
        var results = Results("""{ "scenarios": [ 42 ] }""");

        Assert.Contains("must be an object", results[0]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Irae_action_lists_alternatives_where_the_guideline_allows_more_than_one()
    {
        var result = One("""{ "id": "p", "kind": "irae-action", "category": "pneumonitis", "grade": 1 }""");

        Assert.Equal("hold", result["action"]!.GetValue<string>());
        Assert.Equal(["continue"], result["alternatives"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Contains("ASCO 2021", result["source"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Irae_action_without_alternatives_has_no_alternatives_field()
    {
        var result = One("""{ "id": "c", "kind": "irae-action", "category": "colitis", "grade": 2 }""");

        Assert.Equal("hold", result["action"]!.GetValue<string>());
        Assert.Null(result["alternatives"]);
    }

    [Fact]
    public void Missing_file_exits_2_with_a_message_and_no_stack_trace()
    {
        var (exit, output, error) = Run(Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.json"));

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("cannot read", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"scenarios\": [ ")]
    [InlineData("not json at all")]
    [InlineData("[ { \"id\": \"a\" } ]")]
    [InlineData("{ \"cases\": [] }")]
    [InlineData("{ \"scenarios\": {} }")]
    public void Input_that_is_not_a_scenarios_file_exits_2(string text)
    {
        var (exit, output, error) = Run("-", text);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.NotEqual("", error);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_carries_the_rules_version() =>
        Assert.Equal(RulesVersion.Current, JsonNode.Parse(Run("-", """{ "scenarios": [] }""").Out)!["rulesVersion"]!.GetValue<string>());

    [Fact]
    public void Every_kind_in_the_format_is_registered() =>
        Assert.Equal(["irae-action", "lab-grade", "tumour-response"], ScenarioKinds.All.Keys.Order(StringComparer.Ordinal));

    private static void AssertMatches(JsonObject expected, JsonObject actual, string where)
    {
        foreach (var (name, value) in expected)
        {
            if (name == "note")
            {
                continue;
            }

            if (value is JsonArray list && actual[name] is JsonArray got)
            {
                Assert.True(list.Count == got.Count, $"{where}: {name} has {got.Count} entries, expected {list.Count}");
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is JsonObject e)
                    {
                        AssertMatches(e, got[i]!.AsObject(), $"{where} {name}[{i}]");
                    }
                    else
                    {
                        Assert.True(JsonNode.DeepEquals(list[i], got[i]), $"{where}: {name}[{i}]");
                    }
                }
            }
            else
            {
                Assert.True(JsonNode.DeepEquals(value, actual[name]), $"{where}: {name} was {actual[name]?.ToJsonString() ?? "missing"}, expected {value?.ToJsonString()}");
            }
        }
    }
}
