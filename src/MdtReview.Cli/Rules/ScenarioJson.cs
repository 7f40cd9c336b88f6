using System.Globalization;
using System.Text.Json;

namespace MdtReview.Cli.Rules;

/// <summary>Reading scenario fields with errors in plain words. Shared by every scenario kind.</summary>
public static class ScenarioJson
{
    /// <summary>A string field, or null when absent or null.</summary>
    public static string? Text(JsonElement obj, string name) =>
        !obj.TryGetProperty(name, out var p) || p.ValueKind == JsonValueKind.Null
            ? null
            : p.ValueKind == JsonValueKind.String ? p.GetString() : throw new ScenarioException($"'{name}' must be text, not {Describe(p)}.");

    /// <summary>A number field as an exact decimal, or null when absent or null.</summary>
    public static decimal? Number(JsonElement obj, string name, string? prefix = null)
    {
        if (!obj.TryGetProperty(name, out var p) || p.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (p.ValueKind != JsonValueKind.Number || !p.TryGetDecimal(out var d))
        {
            throw new ScenarioException($"'{prefix}{name}' must be a number, not {Describe(p)}.");
        }

        return d;
    }

    /// <summary>A whole-number field, or null when absent or null.</summary>
    public static int? WholeNumber(JsonElement obj, string name, string? prefix = null)
    {
        var d = Number(obj, name, prefix);
        return d is null ? null
            : decimal.Truncate(d.Value) == d.Value && d.Value is >= int.MinValue and <= int.MaxValue
                ? (int)d.Value
                : throw new ScenarioException($"'{prefix}{name}' must be a whole number, not {d.Value.ToString(CultureInfo.InvariantCulture)}.");
    }

    /// <summary>A true/false field, or null when absent or null.</summary>
    public static bool? Boolean(JsonElement obj, string name, string? prefix = null) =>
        !obj.TryGetProperty(name, out var p) || p.ValueKind == JsonValueKind.Null
            ? null
            : p.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new ScenarioException($"'{prefix}{name}' must be true or false, not {Describe(p)}."),
            };

    /// <summary>An optional object field (e.g. <c>context</c>); lists its unknown members in <paramref name="ignored"/>.</summary>
    public static JsonElement? Facts(JsonElement obj, string name, IReadOnlyCollection<string> known, ICollection<string> ignored)
    {
        if (!obj.TryGetProperty(name, out var p) || p.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (p.ValueKind != JsonValueKind.Object)
        {
            throw new ScenarioException($"'{name}' must be an object of named facts, not {Describe(p)}.");
        }

        foreach (var member in p.EnumerateObject().Where(m => !known.Contains(m.Name)))
        {
            ignored.Add($"{name}.{member.Name}");
        }

        return p;
    }

    /// <summary>The JSON type of a value, in words.</summary>
    public static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => $"the text \"{e.GetString()}\"",
        JsonValueKind.Number => $"the number {e.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"{e.GetRawText()}",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
