using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MdtReview.Clinical.Recist;

namespace MdtReview.Cli.Rules;

/// <summary>
/// The <c>tumour-response</c> scenario kind of <c>rules evaluate</c> (docs: ../shared/design/rules-scenarios.md): a scan
/// series in, RECIST 1.1 and iRECIST at each follow-up scan out. Input problems become one clinical-language error for
/// the scenario, never an exception. Written as one "scenario object in, result object out" function; the runner
/// registers it in <see cref="ScenarioKinds"/> and handles <c>id</c>, <c>kind</c>, <c>ignored</c> and <c>error</c> from it.
/// </summary>
public static class TumourResponseScenario
{
    /// <summary>The value of <c>kind</c> this class evaluates.</summary>
    public const string Kind = "tumour-response";

    private static readonly HashSet<string> _scenarioFields = ["id", "kind", "targets", "scans", "expected", "note", "description"];
    private static readonly HashSet<string> _targetFields = ["id", "organ", "lymphNode"];
    private static readonly HashSet<string> _scanFields =
        ["day", "date", "targetMm", "nonTarget", "nonTargetFurtherIncrease", "newLesions", "clinicallyStable", "unscheduledForSymptoms", "note"];
    private static readonly HashSet<string> _newLesionFields = ["id", "organ", "lymphNode", "measurable", "diameterMm", "increasedSincePrevious"];

    private static readonly Dictionary<string, NonTargetStatus> _nonTargetValues = new(StringComparer.Ordinal)
    {
        ["none"] = NonTargetStatus.None,
        ["present"] = NonTargetStatus.Present,
        ["absent"] = NonTargetStatus.Absent,
        ["unequivocal_progression"] = NonTargetStatus.UnequivocalProgression,
        ["not_evaluated"] = NonTargetStatus.NotEvaluated,
    };

    /// <summary>Evaluates one scenario object; the result carries <c>id</c>, <c>kind</c> and either <c>timepoints</c> or <c>error</c>.</summary>
    /// <param name="scenario">The scenario as read from the file.</param>
    public static JsonObject Evaluate(JsonObject scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var ignored = new List<string>();
        var result = new JsonObject
        {
            ["id"] = scenario["id"]?.DeepClone(),
            ["kind"] = Kind,
        };
        try
        {
            Unknown(scenario, _scenarioFields, string.Empty, ignored);
            var series = ReadSeries(scenario, ignored);
            var evaluation = RecistEvaluator.Evaluate(series);
            if (!evaluation.IsValid)
            {
                result["error"] = string.Join(" ", evaluation.Errors);
            }
            else
            {
                result["timepoints"] = new JsonArray([.. evaluation.Timepoints.Select(Write)]);
                if (evaluation.BaselineProblems.Count > 0)
                {
                    result["baselineProblems"] = new JsonArray([.. evaluation.BaselineProblems.Select(p => (JsonNode?)JsonValue.Create(p.Message))]);
                }
            }
        }
        catch (ScenarioException ex)
        {
            result["error"] = ex.Message;
        }

        if (ignored.Count > 0)
        {
            result["ignored"] = new JsonArray([.. ignored.Select(i => (JsonNode?)JsonValue.Create(i))]);
        }

        return result;
    }

    private static JsonObject Write(TimepointResponse t)
    {
        var o = new JsonObject
        {
            ["day"] = t.Day,
            ["recist11"] = ResponseText.Code(t.Recist11),
            ["irecist"] = ResponseText.Code(t.Irecist),
        };
        if (t.TreatmentMayContinue is { } mayContinue)
        {
            o["treatmentMayContinue"] = mayContinue;
        }

        o["basis"] = t.Basis;
        o["irecistBasis"] = t.IrecistBasis;
        if (t.TargetSumMm is { } sum)
        {
            o["targetSumMm"] = sum;
        }

        if (t.ChangeFromBaselinePercent is { } fromBaseline)
        {
            o["changeFromBaselinePercent"] = Math.Round(fromBaseline, 2, MidpointRounding.AwayFromZero);
        }

        if (t.NadirMm is { } nadir)
        {
            o["nadirMm"] = nadir;
        }

        if (t.ChangeFromNadirPercent is { } fromNadir)
        {
            o["changeFromNadirPercent"] = Math.Round(fromNadir, 2, MidpointRounding.AwayFromZero);
        }

        if (t.ConfirmationWindowFirstDay is { } first && t.ConfirmationWindowLastDay is { } last)
        {
            o["confirmationWindow"] = new JsonObject { ["fromDay"] = first, ["toDay"] = last };
        }

        if (t.Warnings.Count > 0)
        {
            o["warnings"] = new JsonArray([.. t.Warnings.Select(w => (JsonNode?)JsonValue.Create(w))]);
        }

        return o;
    }

    private static TumourSeries ReadSeries(JsonObject scenario, List<string> ignored)
    {
        if (scenario["targets"] is not JsonArray targetsJson)
        {
            throw new ScenarioException("\"targets\" is missing or not a list: give the target lesions chosen at baseline, or [] for non-target-only disease.");
        }

        if (scenario["scans"] is not JsonArray scansJson || scansJson.Count == 0)
        {
            throw new ScenarioException("\"scans\" is missing or empty: give the scans in date order, the baseline scan first.");
        }

        var targets = new List<TargetLesion>();
        for (var i = 0; i < targetsJson.Count; i++)
        {
            var path = $"targets[{i}]";
            var t = targetsJson[i] as JsonObject ?? throw new ScenarioException($"{path} is not a lesion object.");
            Unknown(t, _targetFields, path + ".", ignored);
            targets.Add(new TargetLesion(
                RequiredString(t, "id", $"Target lesion {i + 1} has no id."),
                RequiredString(t, "organ", $"Target lesion {t["id"]} has no organ; the organ is needed for the two-per-organ rule."),
                Bool(t, "lymphNode", path) ?? false));
        }

        var scans = new List<TumourAssessment>();
        for (var i = 0; i < scansJson.Count; i++)
        {
            var path = $"scans[{i}]";
            var s = scansJson[i] as JsonObject ?? throw new ScenarioException($"Scan {i + 1} is not a scan object.");
            Unknown(s, _scanFields, path + ".", ignored);
            scans.Add(ReadScan(s, i, path, ignored));
        }

        return new TumourSeries(targets, scans);
    }

    private static TumourAssessment ReadScan(JsonObject s, int index, string path, List<string> ignored)
    {
        var day = s["day"] is null ? (int?)null : Integer(s["day"], $"The day of scan {index + 1} is not a whole number.");
        DateOnly? date = null;
        if (s["date"] is JsonNode dateNode)
        {
            date = dateNode.GetValueKind() == JsonValueKind.String
                && DateOnly.TryParseExact(dateNode.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                    ? d
                    : throw new ScenarioException($"The date of scan {index + 1} is not a date in the form 2026-03-01.");
        }

        if (day is null && date is null)
        {
            throw new ScenarioException($"Scan {index + 1} has no day.");
        }

        var label = day is { } n ? $"day {n}" : $"scan {index + 1}";
        var measurements = new Dictionary<string, TargetMeasurement>(StringComparer.Ordinal);
        if (s["targetMm"] is JsonObject targetMm)
        {
            foreach (var (id, value) in targetMm)
            {
                measurements[id] = value switch
                {
                    null => TargetMeasurement.NotAssessed,
                    JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == "too_small" => TargetMeasurement.TooSmallToMeasure,
                    JsonValue v when v.GetValueKind() == JsonValueKind.Number => TargetMeasurement.Mm(Number(v, $"Lesion {id} on {label}")),
                    _ => throw new ScenarioException($"Lesion {id} on {label} is recorded as {value.ToJsonString()}; give a diameter in mm, 0 if it has gone, \"too_small\" or null if not assessed."),
                };
            }
        }
        else if (s["targetMm"] is not null)
        {
            throw new ScenarioException($"\"targetMm\" on {label} must map each target lesion id to its diameter in mm.");
        }

        var nonTarget = NonTargetStatus.None;
        if (s["nonTarget"] is JsonNode nonTargetNode)
        {
            var text = nonTargetNode.GetValueKind() == JsonValueKind.String ? nonTargetNode.GetValue<string>() : nonTargetNode.ToJsonString();
            if (!_nonTargetValues.TryGetValue(text, out nonTarget))
            {
                throw new ScenarioException($"Non-target status \"{text}\" on {label} is not one of: {string.Join(", ", _nonTargetValues.Keys)}.");
            }
        }

        var newLesions = new List<NewLesion>();
        if (s["newLesions"] is JsonArray lesionsJson)
        {
            for (var j = 0; j < lesionsJson.Count; j++)
            {
                var lesionPath = $"{path}.newLesions[{j}]";
                var l = lesionsJson[j] as JsonObject ?? throw new ScenarioException($"New lesion {j + 1} on {label} is not a lesion object.");
                Unknown(l, _newLesionFields, lesionPath + ".", ignored);
                var id = RequiredString(l, "id", $"New lesion {j + 1} on {label} has no id.");
                decimal? diameter = l["diameterMm"] is JsonValue dv ? Number(dv, $"New lesion {id} on {label}") : null;
                newLesions.Add(new NewLesion(
                    id,
                    RequiredString(l, "organ", $"New lesion {id} on {label} has no organ."),
                    Bool(l, "lymphNode", lesionPath) ?? false,
                    Bool(l, "measurable", lesionPath) ?? diameter is not null,
                    diameter,
                    Bool(l, "increasedSincePrevious", lesionPath)));
            }
        }
        else if (s["newLesions"] is not null)
        {
            throw new ScenarioException($"\"newLesions\" on {label} must be a list.");
        }

        return new TumourAssessment
        {
            Day = day,
            Date = date,
            TargetMeasurements = measurements,
            NonTarget = nonTarget,
            NonTargetFurtherIncrease = Bool(s, "nonTargetFurtherIncrease", path),
            NewLesions = newLesions,
            ClinicallyStable = Bool(s, "clinicallyStable", path),
            UnscheduledForSymptoms = Bool(s, "unscheduledForSymptoms", path) ?? false,
        };
    }

    private static void Unknown(JsonObject o, HashSet<string> known, string prefix, List<string> ignored) =>
        ignored.AddRange(o.Select(p => p.Key).Where(k => !known.Contains(k)).Select(k => prefix + k));

    private static string RequiredString(JsonObject o, string name, string message) =>
        o[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: > 0 } text
            ? text
            : throw new ScenarioException(message);

    private static bool? Bool(JsonObject o, string name, string path) => o[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        _ => throw new ScenarioException($"{path}.{name} must be true, false or null."),
    };

    private static decimal Number(JsonValue value, string what) =>
        value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<decimal>(out var number)
            ? number
            : throw new ScenarioException($"{what}: the diameter must be a number of mm.");

    private static int Integer(JsonNode? node, string message) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var n)
            ? n
            : throw new ScenarioException(message);
}
