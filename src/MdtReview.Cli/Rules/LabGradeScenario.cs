using System.Text.Json;
using System.Text.Json.Nodes;
using MdtReview.Clinical.Ctcae;

namespace MdtReview.Cli.Rules;

/// <summary><c>lab-grade</c>: one lab value → CTCAE v5.0 grade (docs/clinical-safety.md, "rules evaluate").</summary>
public sealed class LabGradeScenario : IRulesScenarioKind
{
    private static readonly string[] _contextFields =
    [
        "symptomatic", "interventionIndicated", "hospitalised", "limitsInstrumentalAdl", "limitsSelfCareAdl", "lifeThreatening",
        "thyroidReplacementIndicated", "thyroidSuppressionIndicated", "oralAntiglycaemicStarted", "insulinStarted",
    ];

    /// <inheritdoc />
    public string Kind => "lab-grade";

    /// <inheritdoc />
    public IReadOnlyCollection<string> Fields { get; } = ["test", "loinc", "value", "unit", "lln", "uln", "baseline", "context"];

    /// <inheritdoc />
    public void Evaluate(JsonElement scenario, JsonObject result, ICollection<string> ignored)
    {
        var test = ResolveTest(ScenarioJson.Text(scenario, "test"), ScenarioJson.Text(scenario, "loinc"));
        var value = ScenarioJson.Number(scenario, "value") ?? throw new ScenarioException($"{test.Name}: the result value is missing.");
        var context = ScenarioJson.Facts(scenario, "context", _contextFields, ignored) is { } c
            ? new ClinicalContext
            {
                Symptomatic = ScenarioJson.Boolean(c, "symptomatic", "context."),
                InterventionIndicated = ScenarioJson.Boolean(c, "interventionIndicated", "context."),
                Hospitalised = ScenarioJson.Boolean(c, "hospitalised", "context."),
                LimitsInstrumentalAdl = ScenarioJson.Boolean(c, "limitsInstrumentalAdl", "context."),
                LimitsSelfCareAdl = ScenarioJson.Boolean(c, "limitsSelfCareAdl", "context."),
                LifeThreatening = ScenarioJson.Boolean(c, "lifeThreatening", "context."),
                ThyroidReplacementIndicated = ScenarioJson.Boolean(c, "thyroidReplacementIndicated", "context."),
                ThyroidSuppressionIndicated = ScenarioJson.Boolean(c, "thyroidSuppressionIndicated", "context."),
                OralAntiglycaemicStarted = ScenarioJson.Boolean(c, "oralAntiglycaemicStarted", "context."),
                InsulinStarted = ScenarioJson.Boolean(c, "insulinStarted", "context."),
            }
            : null;
        var observation = new LabObservation(test.Test, value, ScenarioJson.Text(scenario, "unit"),
            ScenarioJson.Number(scenario, "lln"), ScenarioJson.Number(scenario, "uln"), ScenarioJson.Number(scenario, "baseline"), context);

        var grade = CtcaeGrader.Grade(observation);
        if (grade.Error is not null)
        {
            throw new ScenarioException(grade.Error);
        }

        result["grade"] = grade.Grade;
        result["term"] = grade.TermName;
        result["gradable"] = grade.Gradable;
        result["needs"] = new JsonArray([.. grade.Needs.Select(n => (JsonNode)JsonNamingPolicy.CamelCase.ConvertName(n.ToString()))]);
        result["possibleGrades"] = new JsonArray([.. grade.PossibleGrades.Select(g => (JsonNode)g)]);
        result["basis"] = grade.Basis;
        result["source"] = grade.Source;
        result["ctcaeVersion"] = grade.CtcaeVersion;
        if (grade.Notes.Count > 0)
        {
            result["notes"] = new JsonArray([.. grade.Notes.Select(n => (JsonNode)n)]);
        }
    }

    private static LabTestInfo ResolveTest(string? code, string? loinc)
    {
        var byCode = code is null ? null : LabTestCatalogue.FindByCode(code)
            ?? throw new ScenarioException($"Unknown test '{code}' (expected one of {string.Join(", ", LabTestCatalogue.All.Select(t => t.Code))}).");
        var byLoinc = loinc is null ? null : LabTestCatalogue.FindByLoinc(loinc)
            ?? throw new ScenarioException($"LOINC code '{loinc}' is not one of the graded tests.");
        if (byCode is not null && byLoinc is not null && byCode.Test != byLoinc.Test)
        {
            throw new ScenarioException($"The test '{code}' and the LOINC code '{loinc}' ({byLoinc.Name}) name different tests.");
        }

        return byCode ?? byLoinc ?? throw new ScenarioException("No test given: add 'test' (e.g. \"ALT\") or 'loinc'.");
    }
}
