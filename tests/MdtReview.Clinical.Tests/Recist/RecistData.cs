using System.Text;

namespace MdtReview.Clinical.Tests.Recist;

/// <summary>Reads the copied reference CSV files (RFC 4180: quoted fields, doubled quotes, header row).</summary>
internal static class RecistData
{
    public static string PathOf(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    public static List<Dictionary<string, string>> ReadCsv(params string[] parts)
    {
        var lines = File.ReadAllLines(PathOf(parts));
        var header = Split(lines[0]);
        return [.. lines.Skip(1).Where(l => l.Length > 0).Select(l =>
        {
            var fields = Split(l);
            return header.Select((h, i) => (h, v: i < fields.Count ? fields[i] : string.Empty))
                .ToDictionary(x => x.h, x => x.v, StringComparer.Ordinal);
        })];
    }

    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                current.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }
}
