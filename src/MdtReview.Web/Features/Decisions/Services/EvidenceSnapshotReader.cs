using System.Globalization;
using System.Text.Json;
using MdtReview.Clinical.Ctcae;
using MdtReview.Clinical.Recist;
using MdtReview.Data.Evidence;
using MdtReview.Data.Model;

namespace MdtReview.Web.Features.Decisions.Services;

/// <summary>One labelled value of the snapshot, as shown.</summary>
public sealed record SnapshotField(string Label, string Value);

/// <summary>A titled group of fields (treatment state, scans, or a part of the snapshot this reader does not know).</summary>
public sealed record SnapshotSection(string Title, IReadOnlyList<SnapshotField> Fields);

/// <summary>
/// A lab value the team saw, with the CTCAE grade the rules give it: GradeText reads "Grade 2", "Normal (grade 0)",
/// "Grade 1 or 2 (needs more information)" or "Not graded"; GradeBasis says how the grade was reached and whether it was
/// recorded in the snapshot or graded on reading.
/// </summary>
public sealed record SnapshotLab(string Test, string Name, string Value, string? Range, string? CollectedOn, int? Grade, string GradeText, string? GradeBasis);

/// <summary>An irAE as it stood on the day of the decision.</summary>
public sealed record SnapshotIrae(string Category, string Term, int? Grade, string? Onset, string? Resolved, string? Management);

/// <summary>
/// What the evidence snapshot holds, ready to display. Recorded is false when the decision has no snapshot (a draft);
/// Readable is false when the stored JSON could not be parsed, and Raw then holds it.
/// </summary>
public sealed record EvidenceSnapshotView(
    bool Recorded,
    bool Readable,
    string? AsOf,
    string? RulesVersion,
    SnapshotSection? Treatment,
    string? Ecog,
    IReadOnlyList<SnapshotLab> Labs,
    IReadOnlyList<SnapshotIrae> Iraes,
    SnapshotSection? Scans,
    IReadOnlyList<SnapshotSection> Other,
    string? Raw)
{
    public static EvidenceSnapshotView None { get; } = new(false, true, null, null, null, null, [], [], null, [], null);
}

/// <summary>
/// Reads a decision's evidence snapshot JSON tolerantly. The snapshot's shape belongs to whoever builds it and may
/// grow: known parts are laid out, anything else is shown as key/value pairs rather than dropped or failing.
/// Lab grades come from the clinical rules (<see cref="LabGrading"/>): a grade stored in the snapshot wins, because it
/// is what the team saw; otherwise the value is graded on reading under the current rules, and the basis says so.
/// </summary>
public static class EvidenceSnapshotReader
{
    private static readonly HashSet<string> _known = new(StringComparer.OrdinalIgnoreCase)
    {
        "asOf", "rulesVersion", "treatment", "ecog", "labs", "irAEs", "iraes", "scans",
    };

    public static EvidenceSnapshotView Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return EvidenceSnapshotView.None;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new EvidenceSnapshotView(true, true, null, null, null, null, [], [], null, [new SnapshotSection("Evidence", Fields(root, "Value"))], null);
            }

            var other = new List<SnapshotSection>();
            var treatment = Get(root, "treatment") is { ValueKind: JsonValueKind.Object } t ? new SnapshotSection("Treatment", Fields(t, null)) : null;
            var scans = Get(root, "scans") is { ValueKind: JsonValueKind.Object } s ? new SnapshotSection("Latest scan response", ScanFields(s)) : null;
            var labs = Get(root, "labs") is { } l ? ReadList(l, "Blood results", ReadLab, other) : [];
            var iraes = (Get(root, "irAEs") ?? Get(root, "iraes")) is { } i ? ReadList(i, "Immune-related adverse events", ReadIrae, other) : [];
            foreach (var property in root.EnumerateObject().Where(p => !_known.Contains(p.Name)))
            {
                var title = Humanise(property.Name);
                other.Add(new SnapshotSection(title, Fields(property.Value, property.Value.ValueKind == JsonValueKind.Object ? null : title)));
            }

            return new EvidenceSnapshotView(
                true, true, DateText(Get(root, "asOf")), Text(Get(root, "rulesVersion")), treatment, Ecog(Get(root, "ecog")),
                labs, iraes, scans, other, null);
        }
        catch (JsonException)
        {
            return new EvidenceSnapshotView(true, false, null, null, null, null, [], [], null, [], json);
        }
    }

    private static List<T> ReadList<T>(JsonElement element, string title, Func<JsonElement, T?> read, List<SnapshotSection> other)
        where T : class
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            other.Add(new SnapshotSection(title, Fields(element, title)));
            return [];
        }

        var items = new List<T>();
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object && read(item) is { } value)
            {
                items.Add(value);
            }
            else
            {
                other.Add(new SnapshotSection(title, Fields(item, "Entry")));
            }
        }

        return items;
    }

    private static SnapshotLab? ReadLab(JsonElement lab)
    {
        var code = Text(Get(lab, "test")) ?? Text(Get(lab, "code"));
        if (code is null)
        {
            return null;
        }

        var info = LabTestCatalogue.FindByCode(code);
        var value = Number(Get(lab, "value"));
        var unit = Text(Get(lab, "unit")) ?? "";
        var lln = Number(Get(lab, "lln"));
        var uln = Number(Get(lab, "uln"));
        var range = (lln, uln) switch
        {
            (null, null) => null,
            (null, { } u) => $"≤ {Format(u)}",
            ({ } lo, null) => $"≥ {Format(lo)}",
            ({ } lo, { } u) => $"{Format(lo)}–{Format(u)}",
        };
        var shown = value is { } v ? $"{Format(v)} {unit}".Trim() : Text(Get(lab, "value")) ?? "";
        var (grade, gradeText, basis) = Grade(lab, info, value, unit, lln, uln);
        return new SnapshotLab(code, info?.Name ?? code, shown, range, DateText(Get(lab, "collectedAt")), grade, gradeText, basis);
    }

    private static (int? Grade, string Text, string? Basis) Grade(JsonElement lab, LabTestInfo? info, decimal? value, string unit, decimal? lln, decimal? uln)
    {
        if (Get(lab, "grade") is { } stored && stored.ValueKind is JsonValueKind.Number or JsonValueKind.Null)
        {
            var recorded = stored.ValueKind == JsonValueKind.Number ? stored.GetInt32() : (int?)null;
            var basis = Text(Get(lab, "gradeBasis")) ?? Text(Get(lab, "basis"));
            return (recorded, GradeWords(recorded), basis is null ? "As recorded at finalisation" : $"{basis} (as recorded at finalisation)");
        }

        if (info is null || value is null)
        {
            return (null, "Not graded", info is null ? "Not a test of the lab catalogue" : "No numeric value");
        }

        var baseline = Number(Get(lab, "baseline"));
        var result = new LabResult { TestCode = info.Code, Value = value.Value, Unit = unit, Lln = lln, Uln = uln };
        var baselineResult = baseline is { } b ? new LabResult { TestCode = info.Code, Value = b, Unit = unit } : null;
        var graded = LabGrading.Grade(result, baselineResult);
        var source = $"graded on reading, CTCAE v{graded.CtcaeVersion}{(baseline is null ? "" : ", against the stored baseline")}";
        if (graded.Error is not null)
        {
            return (null, "Not graded", $"{graded.Error} ({source})");
        }

        if (graded.Grade is null)
        {
            var needs = graded.PossibleGrades.Count > 0 ? $"Grade {string.Join(" or ", graded.PossibleGrades)}" : "Not gradable";
            return (null, $"{needs} (needs more information)", $"{graded.Basis} ({source})".TrimStart());
        }

        return (graded.Grade, GradeWords(graded.Grade), string.IsNullOrEmpty(graded.Basis) ? source : $"{graded.Basis} ({source})");
    }

    private static string GradeWords(int? grade) => grade switch
    {
        null => "Not graded",
        0 => "Normal (grade 0)",
        _ => $"Grade {grade}",
    };

    private static SnapshotIrae? ReadIrae(JsonElement irae)
    {
        var category = Text(Get(irae, "category"));
        var term = Text(Get(irae, "term")) ?? Text(Get(irae, "ctcaeTerm"));
        if (category is null && term is null)
        {
            return null;
        }

        var grade = Get(irae, "grade") is { ValueKind: JsonValueKind.Number } g ? g.GetInt32() : (int?)null;
        return new SnapshotIrae(Humanise(category ?? ""), term ?? "", grade, DateText(Get(irae, "onset")), DateText(Get(irae, "resolved")), Humanise(Text(Get(irae, "management")) ?? ""));
    }

    private static string? Ecog(JsonElement? ecog) => ecog switch
    {
        { ValueKind: JsonValueKind.Object } e when Get(e, "score") is { } score =>
            DateText(Get(e, "assessedOn")) is { } on ? $"{Text(score)} (assessed {on})" : Text(score),
        { ValueKind: JsonValueKind.Number } n => Text(n),
        _ => null,
    };

    private static List<SnapshotField> ScanFields(JsonElement scans)
    {
        var fields = new List<SnapshotField>();
        foreach (var property in scans.EnumerateObject())
        {
            var value = property.Name switch
            {
                "recist11" when ResponseText.TryParseRecist11(Text(property.Value), out var r) => ResponseText.Code(r),
                "irecist" when ResponseText.TryParseIrecist(Text(property.Value), out var i) => ResponseText.Code(i),
                _ => null,
            };
            fields.AddRange(value is null ? Fields(property.Value, Label(property.Name)) : [new SnapshotField(Label(property.Name), value)]);
        }

        return fields;
    }

    /// <summary>Flattens any JSON into label/value pairs: nested objects become "Parent · child" labels.</summary>
    private static List<SnapshotField> Fields(JsonElement element, string? label)
    {
        var fields = new List<SnapshotField>();
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var name = Label(property.Name);
                    fields.AddRange(Fields(property.Value, label is null ? name : $"{label} · {name}"));
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    index++;
                    fields.AddRange(Fields(item, $"{label ?? "Item"} {index}"));
                }

                if (index == 0)
                {
                    fields.Add(new SnapshotField(label ?? "Items", "none"));
                }

                break;
            default:
                fields.Add(new SnapshotField(label ?? "Value", DateText(element) ?? Text(element) ?? "—"));
                break;
        }

        return fields;
    }

    private static readonly Dictionary<string, string> _labels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["regimen"] = "Regimen",
        ["line"] = "Line of therapy",
        ["startDate"] = "Started",
        ["state"] = "State",
        ["lastCycle"] = "Last cycle given",
        ["lastCycleDate"] = "Last cycle date",
        ["latestScan"] = "Latest scan",
        ["scanCount"] = "Scans in the series",
        ["targetSumMm"] = "Target sum (mm)",
        ["baselineSumMm"] = "Baseline sum (mm)",
        ["nadirMm"] = "Nadir (mm)",
        ["changeFromBaselinePercent"] = "Change from baseline (%)",
        ["recist11"] = "RECIST 1.1",
        ["irecist"] = "iRECIST",
        ["newLesions"] = "New lesions",
    };

    private static string Label(string key) => _labels.TryGetValue(key, out var label) ? label : Humanise(key);

    /// <summary>"changeFromBaseline" → "Change from baseline"; "PatientChoice" → "Patient choice".</summary>
    internal static string Humanise(string key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return key;
        }

        var words = new System.Text.StringBuilder();
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (c is '_' or '-')
            {
                words.Append(' ');
                continue;
            }

            var boundary = i > 0 && char.IsUpper(c) && (char.IsLower(key[i - 1]) || (i + 1 < key.Length && char.IsLower(key[i + 1]) && char.IsUpper(key[i - 1])));
            if (boundary)
            {
                words.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                words.Append(i == 0 ? char.ToUpperInvariant(c) : c);
            }
        }

        return words.ToString();
    }

    private static JsonElement? Get(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

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
        null => null,
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Number } n => n.TryGetDecimal(out var d) ? Format(d) : n.GetRawText(),
        { ValueKind: JsonValueKind.True } => "yes",
        { ValueKind: JsonValueKind.False } => "no",
        { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        { } other => other.GetRawText(),
    };

    private static decimal? Number(JsonElement? element) => element switch
    {
        { ValueKind: JsonValueKind.Number } n when n.TryGetDecimal(out var d) => d,
        { ValueKind: JsonValueKind.String } s when decimal.TryParse(s.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    /// <summary>ISO dates and UTC timestamps as "d MMM yyyy"; anything else unchanged.</summary>
    private static string? DateText(JsonElement? element)
    {
        var text = element is { ValueKind: JsonValueKind.String } s ? s.GetString() : null;
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
        }

        return text.Length >= 19 && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToString("d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture)
            : text;
    }

    private static string Format(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
