using System.Globalization;
using MdtReview.Clinical.Ctcae;

namespace MdtReview.Web.Features.Patients.Services;

/// <summary>One test of a panel as typed in the form.</summary>
public sealed class LabEntryRow
{
    public string? TestCode { get; set; }
    public decimal? Value { get; set; }
    public string? Unit { get; set; }
    public decimal? Lln { get; set; }
    public decimal? Uln { get; set; }
}

/// <summary>A panel (one or more tests) collected at one time. The time is the hospital's local time (see <see cref="HospitalTime"/>).</summary>
public sealed class LabPanelEntry
{
    public DateTime? CollectedAtLocal { get; set; }
    public List<LabEntryRow> Rows { get; set; } = [new()];
}

/// <summary>A correction of one stored value: the new figures and why.</summary>
public sealed class LabCorrectionEntry
{
    public decimal? Value { get; set; }
    public string? Unit { get; set; }
    public decimal? Lln { get; set; }
    public decimal? Uln { get; set; }
    public string? Reason { get; set; }
}

/// <summary>Field keys the forms bind their messages to.</summary>
public static class LabFields
{
    public const string Form = "";
    public const string CollectedAt = nameof(LabPanelEntry.CollectedAtLocal);
    public const string Reason = nameof(LabCorrectionEntry.Reason);

    public static string Row(int index, string field) => string.Create(CultureInfo.InvariantCulture, $"Rows[{index}].{field}");
}

/// <summary>Messages both lab writes give.</summary>
public static class LabWriteMessages
{
    public const string Forbidden = "Only an oncologist can enter or correct lab results.";
}

/// <summary>The outcome of a lab write: success, field-level errors, or a conflict showing both versions.</summary>
public sealed record LabWriteResult(bool Succeeded, IReadOnlyDictionary<string, string> Errors, LabConflict? Conflict = null)
{
    public static LabWriteResult Ok() => new(true, new Dictionary<string, string>());

    public static LabWriteResult Fail(string field, string message) => new(false, new Dictionary<string, string> { [field] = message });

    public static LabWriteResult Fail(IReadOnlyDictionary<string, string> errors) => new(false, errors);
}

/// <summary>The value the user set out to correct and the version that already replaced it.</summary>
public sealed record LabConflict(LabValueView Yours, LabValueView Current, string Message);

/// <summary>
/// Field rules for lab entry, shared by the form (immediate messages) and the service (which re-checks everything, since
/// a form can be bypassed). Whether a value can be a result is the clinical library's call (<see cref="LabTestCatalogue.Validate"/>).
/// </summary>
public static class LabEntryValidation
{
    public static Dictionary<string, string> ValidatePanel(LabPanelEntry entry, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var errors = new Dictionary<string, string>();
        if (entry.CollectedAtLocal is not { } local)
        {
            errors[LabFields.CollectedAt] = "Enter the date and time the sample was collected.";
        }
        else if (HospitalTime.ToUtc(local) > nowUtc)
        {
            errors[LabFields.CollectedAt] = "The collection time is in the future.";
        }

        if (entry.Rows.Count == 0)
        {
            errors[LabFields.Form] = "Add at least one test.";
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < entry.Rows.Count; i++)
        {
            var row = entry.Rows[i];
            var info = LabTestCatalogue.FindByCode(row.TestCode);
            if (info is null)
            {
                errors[LabFields.Row(i, nameof(LabEntryRow.TestCode))] = string.IsNullOrWhiteSpace(row.TestCode)
                    ? "Choose a test."
                    : $"'{row.TestCode}' is not a test this app knows.";
                continue;
            }

            if (!seen.Add(info.Code))
            {
                errors[LabFields.Row(i, nameof(LabEntryRow.TestCode))] = $"{info.Name} is already in this panel.";
            }

            foreach (var (field, message) in ValidateValue(info, row.Value, row.Unit, row.Lln, row.Uln))
            {
                errors[LabFields.Row(i, field)] = message;
            }
        }

        return errors;
    }

    public static Dictionary<string, string> ValidateCorrection(string testCode, LabCorrectionEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var errors = new Dictionary<string, string>();
        if (LabTestCatalogue.FindByCode(testCode) is not { } info)
        {
            errors[LabFields.Form] = $"'{testCode}' is not a test this app knows.";
            return errors;
        }

        foreach (var (field, message) in ValidateValue(info, entry.Value, entry.Unit, entry.Lln, entry.Uln))
        {
            errors[field] = message;
        }

        if (string.IsNullOrWhiteSpace(entry.Reason))
        {
            errors[LabFields.Reason] = "Say why the value is being corrected.";
        }
        else if (entry.Reason.Trim().Length > 500)
        {
            errors[LabFields.Reason] = "Keep the reason under 500 characters.";
        }

        return errors;
    }

    private static IEnumerable<(string Field, string Message)> ValidateValue(LabTestInfo info, decimal? value, string? unit, decimal? lln, decimal? uln)
    {
        var labUnit = info.FindUnit(unit);
        if (labUnit is null)
        {
            yield return (nameof(LabEntryRow.Unit), string.IsNullOrWhiteSpace(unit)
                ? "Choose the unit."
                : $"'{unit}' is not a unit for {info.Name}.");
        }

        if (value is not { } v)
        {
            yield return (nameof(LabEntryRow.Value), "Enter the result.");
        }
        else if (labUnit is not null && LabTestCatalogue.Validate(info.Test, v, labUnit.Symbol) is { } problem)
        {
            yield return (nameof(LabEntryRow.Value), problem);
        }

        if (lln < 0)
        {
            yield return (nameof(LabEntryRow.Lln), "The lower limit cannot be negative.");
        }

        if (uln < 0)
        {
            yield return (nameof(LabEntryRow.Uln), "The upper limit cannot be negative.");
        }
        else if (lln is { } lo && uln is { } hi && lo > hi)
        {
            yield return (nameof(LabEntryRow.Uln), "The upper limit is below the lower limit.");
        }
    }
}

/// <summary>
/// Clinicians enter and read collection times in the hospital's local time (UK: Europe/London, GMT/BST); the database
/// holds UTC. One place for the conversion so entry and display agree.
/// </summary>
public static class HospitalTime
{
    private static readonly TimeZoneInfo _zone = FindZone();

    public static DateTime ToUtc(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // A clock-change gap (01:00–02:00 on the last Sunday of March) has no UTC instant: read it as the hour after.
        return TimeZoneInfo.ConvertTimeToUtc(_zone.IsInvalidTime(unspecified) ? unspecified.AddHours(1) : unspecified, _zone);
    }

    public static DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), _zone);

    public static string Show(DateTime utc) => ToLocal(utc).ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture);

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
