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
    public static IReadOnlyList<GuidelineFinding> Deserialize(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<GuidelineFinding>>(json, _json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
