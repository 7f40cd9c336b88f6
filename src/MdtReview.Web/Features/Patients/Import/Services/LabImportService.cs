using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using MdtReview.Clinical.Ctcae;
using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Patients.Entry.Services;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Patients.Import.Services;

/// <summary>One data row of the file as read and checked. <see cref="Errors"/> is empty when the row can be imported.</summary>
public sealed record LabImportRow(
    int Line,
    string Patient,
    string Test,
    string Value,
    string Unit,
    string? Lln,
    string? Uln,
    string CollectedAt,
    IReadOnlyList<string> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>The whole file checked: every row with its errors, and problems of the file itself (missing columns, too large).</summary>
public sealed record LabImportPreview(IReadOnlyList<LabImportRow> Rows, IReadOnlyList<string> FileErrors)
{
    public int ErrorCount => FileErrors.Count + Rows.Count(r => !r.IsValid);

    public bool CanImport => FileErrors.Count == 0 && Rows.Count > 0 && Rows.All(r => r.IsValid);

    public int PatientCount { get; init; }
}

public enum LabImportOutcome
{
    Imported,
    Invalid,
    Forbidden,
}

public sealed record LabImportResult(LabImportOutcome Outcome, int ImportedCount, LabImportPreview Preview);

/// <summary>
/// Imports laboratory results from a CSV file (format: docs/lab-import.md). Parse and check first, show the preview, then
/// import all rows in one transaction or none: a file with any error writes nothing. Tests and units are matched against the
/// clinical library's catalogue and never guessed or converted; the value must be possible for the test in that unit.
/// </summary>
public sealed class LabImportService(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, TimeProvider clock)
{
    /// <summary>Largest file accepted: about 20 000 rows, far more than a laboratory's daily extract for one clinic.</summary>
    public const long MaxFileBytes = 2 * 1024 * 1024;

    public const int MaxRows = 20_000;

    public static readonly IReadOnlyList<string> Columns = ["mrn", "nhs_number", "test_code", "loinc", "value", "unit", "lln", "uln", "collected_at"];

    private static readonly string[] _requiredColumns = ["value", "unit", "collected_at"];

    /// <summary>Checks a file without writing anything. <paramref name="patientId"/> restricts it to one patient's rows.</summary>
    public async Task<LabImportPreview?> PreviewAsync(string content, int? patientId = null, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.EditClinicalData, cancellationToken) is null)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var (preview, _) = await CheckAsync(db, content, patientId, cancellationToken);
        return preview;
    }

    /// <summary>
    /// Checks the file again (the preview the user saw is not trusted: the data may have changed since) and imports every
    /// row, or nothing when any row has an error.
    /// </summary>
    public async Task<LabImportResult> ImportAsync(string content, int? patientId = null, CancellationToken cancellationToken = default)
    {
        var user = await currentUser.RequireAsync(Capability.EditClinicalData, cancellationToken);
        if (user is null)
        {
            return new LabImportResult(LabImportOutcome.Forbidden, 0, new LabImportPreview([], [EntryResult.ForbiddenMessage]));
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var (preview, results) = await CheckAsync(db, content, patientId, cancellationToken);
        if (!preview.CanImport)
        {
            return new LabImportResult(LabImportOutcome.Invalid, 0, preview);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var result in results)
        {
            result.RecordedAt = now;
            result.RecordedById = user.Id;
        }

        db.LabResults.AddRange(results);
        await ClinicalWrites.CommitAsync(db, [.. results.Select(r => r.PatientId).Distinct()], DateOnly.FromDateTime(now), cancellationToken);
        return new LabImportResult(LabImportOutcome.Imported, results.Count, preview);
    }

    private async Task<(LabImportPreview Preview, List<LabResult> Results)> CheckAsync(
        MdtReviewDbContext db, string content, int? patientId, CancellationToken cancellationToken)
    {
        var parsed = Parse(content);
        if (parsed.FileErrors.Count > 0)
        {
            return (new LabImportPreview([], parsed.FileErrors), []);
        }

        var rows = parsed.Rows;
        var mrns = rows.Select(r => r.Mrn).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var nhsNumbers = rows.Select(r => r.NhsNumber).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var patients = await db.Patients.AsNoTracking()
            .Where(p => mrns.Contains(p.Mrn) || (p.NhsNumber != null && nhsNumbers.Contains(p.NhsNumber)))
            .Select(p => new { p.Id, p.Mrn, p.NhsNumber })
            .ToListAsync(cancellationToken);
        var byMrn = patients.ToDictionary(p => p.Mrn, p => p.Id, StringComparer.Ordinal);
        var byNhs = patients.Where(p => p.NhsNumber is not null).ToDictionary(p => p.NhsNumber!, p => p.Id, StringComparer.Ordinal);

        string? scopedMrn = null;
        if (patientId is { } scoped)
        {
            scopedMrn = await db.Patients.AsNoTracking().Where(p => p.Id == scoped).Select(p => p.Mrn).SingleOrDefaultAsync(cancellationToken);
            if (scopedMrn is null)
            {
                return (new LabImportPreview([], ["This patient no longer exists."]), []);
            }
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var seen = new Dictionary<(int, string, DateTime), int>();
        var checkedRows = new List<(ParsedRow Row, List<string> Errors, int? PatientId, LabTestInfo? Test)>();
        foreach (var row in rows)
        {
            var errors = new List<string>(row.Errors);
            var pid = ResolvePatient(row, byMrn, byNhs, errors);
            if (pid is not null && patientId is not null && pid != patientId)
            {
                errors.Add($"This row is for another patient; this import is restricted to {scopedMrn}.");
            }

            var test = ResolveTest(row, errors);
            if (test is not null && row.Value is { } value)
            {
                // Unit and value both checked by the library: an unknown unit is reported, never converted or guessed.
                if (LabTestCatalogue.Validate(test.Test, value, row.Unit) is { } problem)
                {
                    errors.Add(problem);
                }
            }

            if (row.CollectedAt is { } collected && collected > now)
            {
                errors.Add("The collection time is in the future.");
            }

            if (pid is { } p && test is not null && row.CollectedAt is { } at)
            {
                if (seen.TryGetValue((p, test.Code, at), out var firstLine))
                {
                    errors.Add($"Duplicate of line {firstLine}: the same patient, test and collection time.");
                }
                else
                {
                    seen[(p, test.Code, at)] = row.Line;
                }
            }

            checkedRows.Add((row, errors, pid, test));
        }

        await FlagAlreadyRecordedAsync(db, checkedRows, cancellationToken);

        var previewRows = checkedRows.Select(c => new LabImportRow(
            c.Row.Line, c.Row.PatientText, c.Row.TestText, c.Row.ValueText, c.Row.UnitText, c.Row.LlnText, c.Row.UlnText, c.Row.CollectedText, c.Errors)).ToList();
        var preview = new LabImportPreview(previewRows, []) { PatientCount = checkedRows.Select(c => c.PatientId).OfType<int>().Distinct().Count() };
        if (!preview.CanImport)
        {
            return (preview, []);
        }

        var results = checkedRows.Select(c =>
        {
            var unit = c.Test!.FindUnit(c.Row.Unit)!;
            return new LabResult
            {
                PatientId = c.PatientId!.Value,
                TestCode = c.Test.Code,
                Loinc = c.Row.Loinc ?? c.Test.Loinc,
                Value = c.Row.Value!.Value,
                // The catalogue's spelling of the same unit (e.g. "mmol/l" → "mmol/L"): a spelling, not a conversion, so that
                // results of one test compare with each other and with the baseline.
                Unit = unit.Symbol,
                Lln = c.Row.Lln,
                Uln = c.Row.Uln,
                CollectedAt = c.Row.CollectedAt!.Value,
                Source = LabSource.CsvImport,
            };
        }).ToList();
        return (preview, results);
    }

    private static async Task FlagAlreadyRecordedAsync(
        MdtReviewDbContext db, List<(ParsedRow Row, List<string> Errors, int? PatientId, LabTestInfo? Test)> rows, CancellationToken cancellationToken)
    {
        var candidates = rows.Where(r => r.PatientId is not null && r.Test is not null && r.Row.CollectedAt is not null).ToList();
        if (candidates.Count == 0)
        {
            return;
        }

        var patientIds = candidates.Select(c => c.PatientId!.Value).Distinct().ToList();
        var from = candidates.Min(c => c.Row.CollectedAt!.Value);
        var to = candidates.Max(c => c.Row.CollectedAt!.Value);
        var existing = await db.LabResults.AsNoTracking()
            .Where(l => patientIds.Contains(l.PatientId) && l.SupersededById == null && l.CollectedAt >= from && l.CollectedAt <= to)
            .Select(l => new { l.PatientId, l.TestCode, l.CollectedAt })
            .ToListAsync(cancellationToken);
        var stored = existing.Select(e => (e.PatientId, e.TestCode.ToUpperInvariant(), e.CollectedAt)).ToHashSet();
        foreach (var c in candidates.Where(c => stored.Contains((c.PatientId!.Value, c.Test!.Code.ToUpperInvariant(), c.Row.CollectedAt!.Value))))
        {
            c.Errors.Add("A result of this test collected at this time is already recorded; correct it on the patient's page instead of importing it again.");
        }
    }

    private static int? ResolvePatient(ParsedRow row, Dictionary<string, int> byMrn, Dictionary<string, int> byNhs, List<string> errors)
    {
        int? fromMrn = null, fromNhs = null;
        if (row.Mrn is { } mrn && !byMrn.TryGetValue(mrn, out var m))
        {
            errors.Add($"No patient has MRN {mrn}.");
            return null;
        }
        else if (row.Mrn is not null)
        {
            fromMrn = byMrn[row.Mrn];
        }

        if (row.NhsNumber is { } nhs && !byNhs.TryGetValue(nhs, out _))
        {
            errors.Add($"No patient has NHS number {nhs}.");
            return null;
        }
        else if (row.NhsNumber is not null)
        {
            fromNhs = byNhs[row.NhsNumber];
        }

        if (fromMrn is not null && fromNhs is not null && fromMrn != fromNhs)
        {
            errors.Add("The MRN and the NHS number belong to different patients.");
            return null;
        }

        return fromMrn ?? fromNhs;
    }

    private static LabTestInfo? ResolveTest(ParsedRow row, List<string> errors)
    {
        var byCode = row.TestCode is null ? null : LabTestCatalogue.FindByCode(row.TestCode);
        var byLoinc = row.Loinc is null ? null : LabTestCatalogue.FindByLoinc(row.Loinc);
        if (row.TestCode is not null && byCode is null)
        {
            errors.Add($"Unknown test code '{row.TestCode}' (known: {string.Join(", ", LabTestCatalogue.All.Select(t => t.Code))}).");
            return null;
        }

        if (row.Loinc is not null && byLoinc is null)
        {
            errors.Add($"LOINC {row.Loinc} is not one of the graded tests.");
            return null;
        }

        if (byCode is not null && byLoinc is not null && byCode.Test != byLoinc.Test)
        {
            errors.Add($"Test code {row.TestCode} and LOINC {row.Loinc} name different tests.");
            return null;
        }

        return byCode ?? byLoinc;
    }

    internal static ParsedFile Parse(string content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return new ParsedFile([], ["The file is empty."]);
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
                return new ParsedFile([], ["The file has no header row."]);
            }
        }
        catch (CsvHelperException)
        {
            return new ParsedFile([], ["The header row cannot be read as CSV."]);
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
            return new ParsedFile([], fileErrors);
        }

        var rows = new List<ParsedRow>();
        try
        {
            while (csv.Read())
            {
                if (rows.Count == MaxRows)
                {
                    return new ParsedFile([], [$"The file has more than {MaxRows:N0} rows; split it into smaller files."]);
                }

                string? Get(string column) => header.Contains(column) && csv.TryGetField<string>(column, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
                rows.Add(ParsedRow.From(csv.Parser.RawRow, Get));
            }
        }
        catch (CsvHelperException e)
        {
            return new ParsedFile([], [$"Line {e.Context?.Parser?.RawRow}: the line cannot be read as CSV (check quotes)."]);
        }

        return rows.Count == 0 ? new ParsedFile([], ["The file has a header but no rows."]) : new ParsedFile(rows, []);
    }

    internal sealed record ParsedFile(IReadOnlyList<ParsedRow> Rows, IReadOnlyList<string> FileErrors);

    internal sealed record ParsedRow(
        int Line,
        string? Mrn,
        string? NhsNumber,
        string? TestCode,
        string? Loinc,
        decimal? Value,
        string? Unit,
        decimal? Lln,
        decimal? Uln,
        DateTime? CollectedAt,
        IReadOnlyList<string> Errors,
        string PatientText,
        string TestText,
        string ValueText,
        string UnitText,
        string? LlnText,
        string? UlnText,
        string CollectedText)
    {
        public static ParsedRow From(int line, Func<string, string?> get)
        {
            var errors = new List<string>();
            var mrn = get("mrn");
            var nhs = get("nhs_number")?.Replace(" ", "", StringComparison.Ordinal);
            if (mrn is null && nhs is null)
            {
                errors.Add("Give the patient's MRN or NHS number.");
            }
            else if (nhs is not null && (nhs.Length != 10 || !nhs.All(char.IsAsciiDigit)))
            {
                errors.Add($"'{nhs}' is not an NHS number (10 digits).");
                nhs = null;
            }

            var code = get("test_code");
            var loinc = get("loinc");
            if (code is null && loinc is null)
            {
                errors.Add("Give the test code or the LOINC code.");
            }

            var valueText = get("value");
            var value = Number(valueText, "value", required: true, errors);
            var unit = get("unit");
            if (unit is null)
            {
                errors.Add("Give the unit.");
            }

            var llnText = get("lln");
            var ulnText = get("uln");
            var lln = Number(llnText, "LLN", required: false, errors);
            var uln = Number(ulnText, "ULN", required: false, errors);
            if (lln < 0 || uln < 0)
            {
                errors.Add("A reference limit cannot be negative.");
            }
            else if (lln is not null && uln is not null && lln >= uln)
            {
                errors.Add("The LLN must be below the ULN.");
            }

            var collectedText = get("collected_at");
            var collected = Timestamp(collectedText, errors);
            return new ParsedRow(line, mrn, nhs, code, loinc, value, unit, lln, uln, collected, errors,
                mrn ?? nhs ?? "", code ?? loinc ?? "", valueText ?? "", unit ?? "", llnText, ulnText, collectedText ?? "");
        }

        private static decimal? Number(string? text, string what, bool required, List<string> errors)
        {
            if (text is null)
            {
                if (required)
                {
                    errors.Add($"Give the {what}.");
                }

                return null;
            }

            // Invariant format only: a decimal comma or a thousands separator is ambiguous, so it is rejected, not guessed.
            if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }

            errors.Add($"The {what} '{text}' is not a number (use a decimal point, no thousands separator, no '<' or '>').");
            return null;
        }

        private static DateTime? Timestamp(string? text, List<string> errors)
        {
            if (text is null)
            {
                errors.Add("Give the collection time (ISO 8601, e.g. 2026-11-16T08:30:00Z).");
                return null;
            }

            // The offset is required: a local time without one could be UTC or clock time, and that is never guessed.
            if (IsoTimestamp.WithOffset().IsMatch(text)
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            {
                return at.UtcDateTime;
            }

            errors.Add($"The collection time '{text}' is not an ISO 8601 date and time with its offset (e.g. 2026-11-16T08:30:00Z or 2026-11-16T08:30:00+00:00).");
            return null;
        }
    }
}

internal static partial class IsoTimestamp
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    public static partial System.Text.RegularExpressions.Regex WithOffset();
}
