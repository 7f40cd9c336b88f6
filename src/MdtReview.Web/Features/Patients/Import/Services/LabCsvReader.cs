using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace MdtReview.Web.Features.Patients.Import.Services;

/// <summary>The file as read: its rows, each with its own format errors, or the problems of the file itself.</summary>
internal sealed record LabCsvFile(IReadOnlyList<LabCsvRow> Rows, IReadOnlyList<string> FileErrors);

/// <summary>Reads a lab results CSV file (CsvHelper) into rows; checks its header, size and each field's format.</summary>
internal static class LabCsvReader
{
    public const int MaxRows = 20_000;

    public static readonly IReadOnlyList<string> Columns = ["mrn", "nhs_number", "test_code", "loinc", "value", "unit", "lln", "uln", "collected_at"];

    private static readonly string[] _requiredColumns = ["value", "unit", "collected_at"];

    public static LabCsvFile Parse(string content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return new LabCsvFile([], ["The file is empty."]);
        }

        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            PrepareHeaderForMatch = args => args.Header.Trim().ToLowerInvariant(),
            TrimOptions = TrimOptions.Trim,
            IgnoreBlankLines = true,
            DetectColumnCountChanges = false,
            BadDataFound = null,
        };
        using var reader = new StringReader(content);
        using var csv = new CsvReader(reader, config);
        try
        {
            if (!csv.Read() || !csv.ReadHeader())
            {
                return new LabCsvFile([], ["The file has no header row."]);
            }
        }
        catch (CsvHelperException)
        {
            return new LabCsvFile([], ["The header row cannot be read as CSV."]);
        }

        var header = (csv.HeaderRecord ?? []).Select(h => h.Trim().ToLowerInvariant()).ToList();
        var fileErrors = new List<string>();
        if (!header.Contains("mrn") && !header.Contains("nhs_number"))
        {
            fileErrors.Add("The header needs an mrn or an nhs_number column.");
        }

        if (!header.Contains("test_code") && !header.Contains("loinc"))
        {
            fileErrors.Add("The header needs a test_code or a loinc column.");
        }

        foreach (var required in _requiredColumns.Where(c => !header.Contains(c)))
        {
            fileErrors.Add($"The header has no {required} column.");
        }

        foreach (var unknown in header.Where(h => !Columns.Contains(h)))
        {
            fileErrors.Add($"Unknown column '{unknown}' (the columns are {string.Join(", ", Columns)}).");
        }

        if (fileErrors.Count > 0)
        {
            return new LabCsvFile([], fileErrors);
        }

        var rows = new List<LabCsvRow>();
        try
        {
            while (csv.Read())
            {
                if (rows.Count == MaxRows)
                {
                    return new LabCsvFile([], [$"The file has more than {MaxRows:N0} rows; split it into smaller files."]);
                }

                string? Get(string column) => header.Contains(column) && csv.TryGetField<string>(column, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
                rows.Add(LabCsvRow.From(csv.Parser.RawRow, Get));
            }
        }
        catch (CsvHelperException e)
        {
            return new LabCsvFile([], [$"Line {e.Context?.Parser?.RawRow}: the line cannot be read as CSV (check quotes)."]);
        }

        return rows.Count == 0 ? new LabCsvFile([], ["The file has a header but no rows."]) : new LabCsvFile(rows, []);
    }

    internal sealed record LabCsvFile(IReadOnlyList<LabCsvRow> Rows, IReadOnlyList<string> FileErrors);
}
