using System.Text.Json;
using System.Text.Json.Nodes;

namespace MdtReview.Cli.Rules;

/// <summary>
/// One kind of scenario <c>rules evaluate</c> understands (<c>lab-grade</c>, <c>irae-action</c>, <c>tumour-response</c> …).
/// Each kind is one class in this folder with a public parameterless constructor; <see cref="ScenarioKinds"/> finds
/// them by reflection, so adding a kind is adding a file.
/// </summary>
public interface IRulesScenarioKind
{
    /// <summary>The value of the scenario's <c>kind</c> field, e.g. "lab-grade".</summary>
    string Kind { get; }

    /// <summary>Top-level field names (camelCase) this kind reads, besides <c>id</c> and <c>kind</c>. Others are listed in <c>ignored</c>.</summary>
    IReadOnlyCollection<string> Fields { get; }

    /// <summary>
    /// Evaluates one scenario and adds the result's properties to <paramref name="result"/> (which already holds
    /// <c>id</c> and <c>kind</c>). Throws <see cref="ScenarioException"/> with a message a clinician understands
    /// when the scenario cannot be evaluated; <paramref name="ignored"/> collects unknown nested fields ("context.foo").
    /// </summary>
    void Evaluate(JsonElement scenario, JsonObject result, ICollection<string> ignored);

    /// <summary>True when <see cref="Evaluate"/> lists every unknown field itself, top-level ones included.</summary>
    bool ReportsOwnIgnoredFields => false;
}

/// <summary>A scenario that cannot be evaluated; the message becomes the scenario's <c>error</c>.</summary>
public sealed class ScenarioException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ScenarioException()
    {
    }

    /// <summary>Creates the exception with a message in clinical language.</summary>
    public ScenarioException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public ScenarioException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The scenario kinds compiled into the CLI: every <see cref="IRulesScenarioKind"/> class in this assembly, plus kinds
/// written as a single static "scenario in, result out" function and registered below.
/// </summary>
public static class ScenarioKinds
{
    private static readonly Lazy<IReadOnlyDictionary<string, IRulesScenarioKind>> _all = new(() =>
        typeof(IRulesScenarioKind).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IRulesScenarioKind).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (IRulesScenarioKind)Activator.CreateInstance(t)!)
            .Concat(
            [
                // Part B's RECIST/iRECIST kind evaluates the whole scenario itself (its own id/kind/ignored/error handling).
                new WholeScenarioKind(TumourResponseScenario.Kind, TumourResponseScenario.Evaluate),
            ])
            .ToDictionary(k => k.Kind, StringComparer.Ordinal));

    /// <summary>Every kind, keyed by its <c>kind</c> value.</summary>
    public static IReadOnlyDictionary<string, IRulesScenarioKind> All => _all.Value;

    /// <summary>Adapts a kind written as one function from the scenario object to the complete result object.</summary>
    private sealed class WholeScenarioKind(string kind, Func<JsonObject, JsonObject> evaluate) : IRulesScenarioKind
    {
        public string Kind { get; } = kind;

        // The function reports its own unknown fields, so none are listed here.
        public IReadOnlyCollection<string> Fields => [];

        public bool ReportsOwnIgnoredFields => true;

        public void Evaluate(JsonElement scenario, JsonObject result, ICollection<string> ignored)
        {
            var own = evaluate(JsonObject.Create(scenario)!);
            if (own["error"] is { } error)
            {
                throw new ScenarioException(error.GetValue<string>());
            }

            foreach (var (name, value) in own.ToList())
            {
                if (name is "id" or "kind")
                {
                    continue;
                }

                if (name == "ignored" && value is JsonArray list)
                {
                    foreach (var item in list)
                    {
                        ignored.Add(item!.GetValue<string>());
                    }

                    continue;
                }

                own.Remove(name);
                result[name] = value;
            }
        }
    }
}
