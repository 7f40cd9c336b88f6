using System.Globalization;

namespace MdtReview.Web.Features.Patients.Import.Services;

/// <summary>One data row of the file with its format errors, and the text of each field as the preview shows it.</summary>
internal sealed record LabCsvRow(
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
    public static LabCsvRow From(int line, Func<string, string?> get)
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
        return new LabCsvRow(line, mrn, nhs, code, loinc, value, unit, lln, uln, collected, errors,
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

internal static partial class IsoTimestamp
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    public static partial System.Text.RegularExpressions.Regex WithOffset();
}
