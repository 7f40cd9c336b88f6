using System.Text.Json;
using System.Text.Json.Serialization;
using MdtReview.Clinical.GuidelineCheck;

namespace MdtReview.Data.Evidence;

/// <summary>The guideline findings as a final decision keeps them (<see cref="Model.Decision.GuidelineFindingsJson"/>).</summary>
public static class FindingsJson
{
    private static readonly JsonSerializerOptions _json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize(IEnumerable<GuidelineFinding> findings) => JsonSerializer.Serialize(findings.ToList(), _json);

    /// <summary>The stored findings; empty when none were stored or the JSON is not in this shape.</summary>
    public static IReadOnlyList<GuidelineFinding> Deserialize(string? json) => TryDeserialize(json, out var findings) ? findings : [];

    /// <summary>
    /// The stored findings (empty when none were stored); false when JSON was stored but is not in this shape, so a reader
    /// can say it could not read them rather than show "no findings".
    /// </summary>
    public static bool TryDeserialize(string? json, out IReadOnlyList<GuidelineFinding> findings)
    {
        findings = [];
        if (string.IsNullOrWhiteSpace(json))
        {
            return true;
        }

        try
        {
            findings = JsonSerializer.Deserialize<List<GuidelineFinding>>(json, _json) ?? [];
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
