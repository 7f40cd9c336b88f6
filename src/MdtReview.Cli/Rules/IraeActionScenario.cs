using System.Text.Json;
using System.Text.Json.Nodes;
using MdtReview.Clinical.Irae;

namespace MdtReview.Cli.Rules;

/// <summary><c>irae-action</c>: an immune-related adverse event → recommended action on the checkpoint inhibitor.</summary>
public sealed class IraeActionScenario : IRulesScenarioKind
{
    private static readonly Dictionary<string, IraeCategory> _categories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["hepatitis"] = IraeCategory.Hepatitis,
        ["pneumonitis"] = IraeCategory.Pneumonitis,
        ["colitis"] = IraeCategory.Colitis,
        ["nephritis"] = IraeCategory.Nephritis,
        ["myocarditis"] = IraeCategory.Myocarditis,
        ["hypothyroidism"] = IraeCategory.Hypothyroidism,
        ["hyperthyroidism"] = IraeCategory.Hyperthyroidism,
        ["hypophysitis"] = IraeCategory.Hypophysitis,
        ["adrenal-insufficiency"] = IraeCategory.AdrenalInsufficiency,
        ["diabetes"] = IraeCategory.Diabetes,
        ["skin"] = IraeCategory.Skin,
        ["arthritis"] = IraeCategory.Arthritis,
        ["neurological"] = IraeCategory.Neurological,
        ["haematological"] = IraeCategory.Haematological,
        ["other"] = IraeCategory.Other,
    };

    // antiCtla4 is an MdtReview addition to the documented context (colitis grade 3 depends on the agent).
    private static readonly string[] _contextFields =
    [
        "altTimesUln", "creatinineTimesBaseline", "symptomaticLiverDysfunction", "onHormoneReplacement", "controlled", "symptomatic",
        "troponinElevated", "dialysisIndicated", "onInsulin", "tshMiuPerL", "fastingGlucoseMmolPerL", "antiCtla4",
    ];

    /// <inheritdoc />
    public string Kind => "irae-action";

    /// <inheritdoc />
    public IReadOnlyCollection<string> Fields { get; } = ["category", "grade", "context"];

    /// <inheritdoc />
    public void Evaluate(JsonElement scenario, JsonObject result, ICollection<string> ignored)
    {
        var name = ScenarioJson.Text(scenario, "category") ?? throw new ScenarioException("The irAE category is missing.");
        if (!_categories.TryGetValue(name, out var category))
        {
            throw new ScenarioException($"Unknown irAE category '{name}' (expected one of {string.Join(", ", _categories.Keys)}).");
        }

        var grade = ScenarioJson.WholeNumber(scenario, "grade") ?? throw new ScenarioException("The irAE grade is missing.");
        if (grade is < 1 or > 4)
        {
            throw new ScenarioException($"Grade {grade} is not an irAE grade this guidance covers (1–4).");
        }

        var context = ScenarioJson.Facts(scenario, "context", _contextFields, ignored) is { } c
            ? new IraeContext
            {
                AltTimesUln = ScenarioJson.Number(c, "altTimesUln", "context."),
                CreatinineTimesBaseline = ScenarioJson.Number(c, "creatinineTimesBaseline", "context."),
                SymptomaticLiverDysfunction = ScenarioJson.Boolean(c, "symptomaticLiverDysfunction", "context."),
                OnHormoneReplacement = ScenarioJson.Boolean(c, "onHormoneReplacement", "context."),
                Controlled = ScenarioJson.Boolean(c, "controlled", "context."),
                Symptomatic = ScenarioJson.Boolean(c, "symptomatic", "context."),
                TroponinElevated = ScenarioJson.Boolean(c, "troponinElevated", "context."),
                DialysisIndicated = ScenarioJson.Boolean(c, "dialysisIndicated", "context."),
                OnInsulin = ScenarioJson.Boolean(c, "onInsulin", "context."),
                TshMiuPerL = ScenarioJson.Number(c, "tshMiuPerL", "context."),
                FastingGlucoseMmolPerL = ScenarioJson.Number(c, "fastingGlucoseMmolPerL", "context."),
                AntiCtla4 = ScenarioJson.Boolean(c, "antiCtla4", "context."),
            }
            : null;

        var rec = IraeGuidance.Recommend(category, grade, context);
        result["action"] = Word(rec.Action);
        if (rec.Alternatives.Count > 0)
        {
            result["alternatives"] = new JsonArray([.. rec.Alternatives.Select(a => (JsonNode)Word(a))]);
        }

        result["grade"] = rec.Grade;
        result["source"] = rec.Source;
        result["basis"] = rec.Basis;
        if (rec.Notes.Count > 0)
        {
            result["notes"] = new JsonArray([.. rec.Notes.Select(n => (JsonNode)n)]);
        }
    }

    private static string Word(IraeAction action) => action switch
    {
        IraeAction.Continue => "continue",
        IraeAction.Hold => "hold",
        _ => "discontinue",
    };
}
