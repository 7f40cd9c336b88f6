using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MdtReview.Clinical;

namespace MdtReview.Cli.Rules;

/// <summary>
/// <c>rules evaluate FILE</c>: evaluates a JSON file of clinical scenarios against the rules library and prints the
/// results as JSON (format: docs/clinical-safety.md, "rules evaluate", from design/rules-scenarios.md).
/// </summary>
public static class RulesEvaluateCommand
{
    /// <summary>Exit code when the file was read and every scenario gave a result or a per-scenario error.</summary>
    public const int Ok = 0;

    /// <summary>Exit code when the file is unreadable or not in the scenarios format.</summary>
    public const int BadInput = 2;

    private static readonly JsonSerializerOptions _output = new()
    {
        WriteIndented = true,
        // Keep "×", "–", "≤" readable in the output rather than \u escapes; the output is for people and JSON parsers alike.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Runs the command.</summary>
    /// <param name="path">The scenarios file, or "-" to read standard input.</param>
    /// <param name="stdin">Standard input.</param>
    /// <param name="stdout">Where the results go.</param>
    /// <param name="stderr">Where a file-level error goes (never a stack trace).</param>
    /// <returns>0 when the file was read; 2 when it is unreadable or not the format.</returns>
    public static int Run(string path, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        string text;
        try
        {
            text = path == "-" ? stdin.ReadToEnd() : File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"rules evaluate: cannot read '{path}': {e.Message}");
            return BadInput;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            stderr.WriteLine($"rules evaluate: '{path}' is not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}).");
            return BadInput;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("scenarios", out var scenarios) || scenarios.ValueKind != JsonValueKind.Array)
            {
                stderr.WriteLine($"rules evaluate: '{path}' is not a scenarios file: expected {{ \"scenarios\": [ … ] }}.");
                return BadInput;
            }

            var results = new JsonArray();
            foreach (var scenario in scenarios.EnumerateArray())
            {
                results.Add(Evaluate(scenario));
            }

            var output = new JsonObject
            {
                ["rulesVersion"] = RulesVersion.Current,
                ["results"] = results,
            };
            stdout.WriteLine(output.ToJsonString(_output));
            return Ok;
        }
    }

    /// <summary>Evaluates one scenario; never throws.</summary>
    /// <param name="scenario">The scenario object.</param>
    /// <returns>The result object, or <c>{ id, kind, error }</c>.</returns>
    public static JsonObject Evaluate(JsonElement scenario)
    {
        if (scenario.ValueKind != JsonValueKind.Object)
        {
            return new JsonObject { ["id"] = null, ["kind"] = null, ["error"] = $"A scenario must be an object, not {ScenarioJson.Describe(scenario)}." };
        }

        string? id = null;
        string? kind = null;
        var result = new JsonObject();
        try
        {
            id = ScenarioJson.Text(scenario, "id");
            kind = ScenarioJson.Text(scenario, "kind");
            result["id"] = id;
            result["kind"] = kind;
            if (id is null)
            {
                throw new ScenarioException("The scenario has no id.");
            }

            if (kind is null)
            {
                throw new ScenarioException($"The scenario has no kind (expected one of {KindList()}).");
            }

            if (!ScenarioKinds.All.TryGetValue(kind, out var evaluator))
            {
                throw new ScenarioException($"Unknown kind '{kind}' (expected one of {KindList()}).");
            }

            // "expected", "note" and "description" annotate a scenario for its author; they are not inputs and not "ignored".
            var ignored = evaluator.ReportsOwnIgnoredFields
                ? []
                : scenario.EnumerateObject()
                    .Select(p => p.Name)
                    .Where(n => n is not ("id" or "kind" or "expected" or "note" or "description") && !evaluator.Fields.Contains(n))
                    .ToList();
            evaluator.Evaluate(scenario, result, ignored);
            if (ignored.Count > 0)
            {
                result["ignored"] = new JsonArray([.. ignored.Distinct(StringComparer.Ordinal).Select(n => (JsonNode)n)]);
            }

            return result;
        }
        catch (ScenarioException e)
        {
            return Error(id, kind, e.Message);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            // A rule rejected the input in a way the scenario reader did not anticipate: report it, keep going.
            return Error(id, kind, $"This scenario could not be evaluated: {e.Message}");
        }
    }

    private static JsonObject Error(string? id, string? kind, string message) =>
        new() { ["id"] = id, ["kind"] = kind, ["error"] = message };

    private static string KindList() =>
        string.Join(", ", ScenarioKinds.All.Keys.Order(StringComparer.Ordinal));
}
