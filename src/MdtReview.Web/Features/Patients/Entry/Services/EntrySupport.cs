using System.Globalization;

namespace MdtReview.Web.Features.Patients.Entry.Services;

/// <summary>Today, dates and optional text as every entry use case reads and shows them, so their messages agree.</summary>
internal static class EntrySupport
{
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public static string Show(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}
