using System.Text.Json;
using MdtReview.Clinical.GuidelineCheck;

namespace MdtReview.Web.Features.Decisions.Services;

/// <summary>A guideline finding as recorded with the decision. Severity is null when the record names one this version does not know.</summary>
public sealed record FindingView(FindingSeverity? Severity, string SeverityText, string Code, string Message, string Source);

/// <summary>
/// Reads the guideline findings stored with a decision: a JSON array of findings (or an object holding one under
/// "findings"), severity as a name or a number, property names in any case. A finding it cannot read is kept with its raw text.
/// </summary>
public static class GuidelineFindingsReader
{
    /// <summary>The findings, ordered must, should, info; null when none were recorded.</summary>
    public static IReadOnlyList<FindingView>? Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && Get(root, "findings") is { ValueKind: JsonValueKind.Array } inner)
            {
                root = inner;
            }

            if (root.ValueKind != JsonValueKind.Array)
            {
                return [Unreadable(root.GetRawText())];
            }

            return [.. root.EnumerateArray().Select(ReadOne).OrderBy(f => f.Severity ?? (FindingSeverity)int.MaxValue)];
        }
        catch (JsonException)
        {
            return [Unreadable(json)];
        }
    }

    private static FindingView ReadOne(JsonElement finding)
    {
        if (finding.ValueKind != JsonValueKind.Object)
        {
            return Unreadable(finding.GetRawText());
        }

        var severity = Get(finding, "severity") switch
        {
            { ValueKind: JsonValueKind.String } s when Enum.TryParse<FindingSeverity>(s.GetString(), true, out var named) => named,
            { ValueKind: JsonValueKind.Number } n when n.TryGetInt32(out var i) && Enum.IsDefined((FindingSeverity)i) => (FindingSeverity)i,
            _ => (FindingSeverity?)null,
        };
        var severityText = severity?.ToString().ToLowerInvariant() ?? Text(Get(finding, "severity")) ?? "unknown";
        return new FindingView(severity, severityText, Text(Get(finding, "code")) ?? "", Text(Get(finding, "message")) ?? finding.GetRawText(), Text(Get(finding, "source")) ?? "");
    }

    private static FindingView Unreadable(string raw) => new(null, "unreadable", "", raw, "");

    private static JsonElement? Get(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static string? Text(JsonElement? element) => element switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Null } or null => null,
        { } other => other.GetRawText(),
    };
}
