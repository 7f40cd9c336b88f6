using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace MdtReview.Web.Features.Governance.Dashboards;

/// <summary>The dashboards' filters in a URL (<c>from=yyyy-MM-dd&amp;to=yyyy-MM-dd&amp;group=…</c>), shared by the page and the CSV links.</summary>
public static class DashboardQuery
{
    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>The last 12 months ending today (hospital date), every tumour group.</summary>
    public static DashboardFilter Default(DateOnly today) => new(today.AddMonths(-12).AddDays(1), today, null);

    /// <summary>
    /// The filter from query values; a missing value takes its default. False with a message when a date is not
    /// <c>yyyy-MM-dd</c> or the range ends before it starts.
    /// </summary>
    public static bool TryParse(string? from, string? to, string? group, DateOnly today, out DashboardFilter filter, out string? error)
    {
        var fallback = Default(today);
        filter = fallback;
        error = null;
        if (!TryDate(from, fallback.From, out var f) || !TryDate(to, fallback.To, out var t))
        {
            error = "Dates must be written as yyyy-MM-dd.";
            return false;
        }

        if (t < f)
        {
            error = "The end date is before the start date.";
            return false;
        }

        filter = new DashboardFilter(f, t, string.IsNullOrWhiteSpace(group) ? null : group.Trim());
        return true;
    }

    /// <summary>The query string (without '?') for <paramref name="filter"/>.</summary>
    public static string ToQuery(DashboardFilter filter)
    {
        var query = $"from={Format(filter.From)}&to={Format(filter.To)}";
        return string.IsNullOrWhiteSpace(filter.TumourGroup) ? query : $"{query}&group={Uri.EscapeDataString(filter.TumourGroup)}";
    }

    public static string CsvUrl(string key, DashboardFilter filter) => $"/governance/dashboards/{Uri.EscapeDataString(key)}.csv?{ToQuery(filter)}";

    public static string Format(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>The table's header and rows exactly as shown, as UTF-8 CSV (RFC 4180).</summary>
    public static byte[] ToCsv(DashboardTable table)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        // Escape cells a spreadsheet would run as formulas (free text starting with '='): OWASP CSV injection.
        using (var csv = new CsvWriter(text, new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape }, leaveOpen: true))
        {
            foreach (var row in table.Rows.Prepend(table.Columns))
            {
                foreach (var cell in row)
                {
                    csv.WriteField(cell);
                }

                csv.NextRecord();
            }
        }

        return System.Text.Encoding.UTF8.GetBytes(text.ToString());
    }

    private static bool TryDate(string? value, DateOnly fallback, out DateOnly date)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            date = fallback;
            return true;
        }

        return DateOnly.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }
}
