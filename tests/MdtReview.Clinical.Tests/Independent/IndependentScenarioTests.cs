using System.Text.Json.Nodes;
using MdtReview.Cli.Rules;
using MdtReview.Clinical.Tests.Support;
using Xunit;

namespace MdtReview.Clinical.Tests.Independent;

/// <summary>
/// Issue 3 acceptance check: the independent scenario set (TestData/independent-scenarios, written from the sources
/// without reading the implementation) run through <c>rules evaluate</c>. Every non-ambiguous scenario must match its
/// <c>expected</c> object; ambiguous ones (clinical-rules.md §7) must only produce a result without an error.
/// </summary>
public sealed class IndependentScenarioTests
{
    private static readonly string ScenarioPath = TestData.PathOf("independent-scenarios", "independent-scenarios.json");

    private static readonly Lazy<IReadOnlyDictionary<string, JsonObject>> Scenarios = new(() =>
        JsonNode.Parse(File.ReadAllText(ScenarioPath))!["scenarios"]!.AsArray()
            .Select(s => s!.AsObject())
            .ToDictionary(s => s["id"]!.GetValue<string>()));

    private static readonly Lazy<(int Exit, string Error, IReadOnlyDictionary<string, JsonObject> Results)> Evaluation = new(() =>
    {
        using var input = new StringReader("");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = RulesEvaluateCommand.Run(ScenarioPath, input, output, error);
        var results = exit == 0
            ? JsonNode.Parse(output.ToString())!["results"]!.AsArray().Select(r => r!.AsObject()).ToDictionary(r => r["id"]!.GetValue<string>())
            : new Dictionary<string, JsonObject>();
        return (exit, error.ToString(), results);
    });

    public static TheoryData<string> UnambiguousIds() => Ids(ambiguous: false);

    public static TheoryData<string> AmbiguousIds() => Ids(ambiguous: true);

    private static TheoryData<string> Ids(bool ambiguous)
    {
        var data = new TheoryData<string>();
        foreach (var (id, scenario) in Scenarios.Value)
        {
            if (IsAmbiguous(scenario) == ambiguous)
            {
                data.Add(id);
            }
        }

        return data;
    }

    private static bool IsAmbiguous(JsonObject scenario) => scenario["ambiguous"]?.GetValue<bool>() == true;

    private static JsonObject ResultFor(string id)
    {
        var (exit, error, results) = Evaluation.Value;
        Assert.True(exit == 0, $"rules evaluate exited {exit}: {error}");
        Assert.True(results.TryGetValue(id, out var result), $"{id}: no result");
        return result!;
    }

    [Fact]
    public void The_independent_file_evaluates_with_one_result_per_scenario_and_nothing_on_stderr()
    {
        var (exit, error, results) = Evaluation.Value;

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Equal(Scenarios.Value.Keys.Order(StringComparer.Ordinal), results.Keys.Order(StringComparer.Ordinal));
        Assert.True(Scenarios.Value.Count >= 60);
    }

    [Theory]
    [MemberData(nameof(UnambiguousIds))]
    public void Unambiguous_scenario_gives_the_result_the_sources_require(string id)
    {
        var scenario = Scenarios.Value[id];
        var expected = scenario["expected"]!.AsObject();
        var actual = ResultFor(id);

        if (expected["error"]?.GetValue<bool>() == true)
        {
            Assert.True(actual["error"] is not null, $"{id}: expected a per-scenario error, got {actual.ToJsonString()}");
            return;
        }

        Assert.True(actual["error"] is null, $"{id}: unexpected error {actual["error"]}");
        switch (scenario["kind"]!.GetValue<string>())
        {
            case "lab-grade":
                AssertLab(id, expected, actual);
                break;
            case "tumour-response":
                AssertTumourResponse(id, expected, actual);
                break;
            case "irae-action":
                AssertIraeAction(id, expected, actual);
                break;
            default:
                Assert.Fail($"{id}: unknown kind");
                break;
        }
    }

    [Theory]
    [MemberData(nameof(AmbiguousIds))]
    public void Ambiguous_scenario_produces_a_result_without_an_error(string id)
    {
        var actual = ResultFor(id);

        Assert.True(actual["error"] is null, $"{id}: unexpected error {actual["error"]}");
        Assert.True(actual["grade"] is not null || actual["gradable"] is not null || actual["timepoints"] is not null || actual["action"] is not null,
            $"{id}: result has no grade, timepoints or action: {actual.ToJsonString()}");
    }

    private static void AssertLab(string id, JsonObject expected, JsonObject actual)
    {
        Assert.True(Equal(expected["grade"], actual["grade"]), $"{id}: grade expected {Text(expected["grade"])}, got {Text(actual["grade"])} ({Text(actual["basis"])})");
        if (expected.ContainsKey("gradable"))
        {
            Assert.True(Equal(expected["gradable"], actual["gradable"]), $"{id}: gradable expected {Text(expected["gradable"])}, got {Text(actual["gradable"])}");
        }

        if (expected.ContainsKey("possibleGrades"))
        {
            Assert.True(Equal(expected["possibleGrades"], actual["possibleGrades"]),
                $"{id}: possibleGrades expected {Text(expected["possibleGrades"])}, got {Text(actual["possibleGrades"])}");
        }
    }

    private static void AssertTumourResponse(string id, JsonObject expected, JsonObject actual)
    {
        var timepoints = actual["timepoints"]!.AsArray().Select(t => t!.AsObject()).ToDictionary(t => t["day"]!.GetValue<int>());
        foreach (var want in expected["timepoints"]!.AsArray().Select(t => t!.AsObject()))
        {
            var day = want["day"]!.GetValue<int>();
            Assert.True(timepoints.TryGetValue(day, out var got), $"{id}: no timepoint for day {day}");
            foreach (var key in new[] { "recist11", "irecist", "treatmentMayContinue" })
            {
                if (want.ContainsKey(key))
                {
                    Assert.True(Equal(want[key], got![key]),
                        $"{id} day {day}: {key} expected {Text(want[key])}, got {Text(got[key])} ({Text(got["basis"])})");
                }
            }
        }
    }

    private static void AssertIraeAction(string id, JsonObject expected, JsonObject actual)
    {
        var action = actual["action"]?.GetValue<string>();
        Assert.True(expected["action"]!.GetValue<string>() == action,
            $"{id}: action expected {Text(expected["action"])}, got {action} ({Text(actual["basis"])})");
        if (expected["alternatives"] is JsonArray alternatives)
        {
            var want = alternatives.Select(a => a!.GetValue<string>()).Append(expected["action"]!.GetValue<string>()).ToHashSet();
            var got = (actual["alternatives"] as JsonArray ?? []).Select(a => a!.GetValue<string>()).Append(action!).ToHashSet();
            Assert.True(want.SetEquals(got), $"{id}: allowed actions expected {string.Join(", ", want)}, got {string.Join(", ", got)}");
        }
    }

    private static bool Equal(JsonNode? expected, JsonNode? actual) => JsonNode.DeepEquals(expected, actual);

    private static string Text(JsonNode? node) => node?.ToJsonString() ?? "null";
}
