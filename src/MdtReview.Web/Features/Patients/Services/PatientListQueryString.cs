using MdtReview.Data.Evidence;
using MdtReview.Data.Model;

namespace MdtReview.Web.Features.Patients.Services;

/// <summary>
/// The list's filters as URL query parameters (<c>?q=…&amp;site=Lung&amp;status=Active&amp;alert=ScanOverdue&amp;alert=BloodsDue</c>), so a
/// refresh, the back button or a shared link shows the same list. Unknown values are ignored rather than failing the page.
/// </summary>
public static class PatientListQueryString
{
    public const string Search = "q";
    public const string Site = "site";
    public const string Status = "status";
    public const string Alert = "alert";

    public static PatientListFilter Parse(string? search, string? site, string? status, IEnumerable<string>? alerts) => new()
    {
        Search = string.IsNullOrWhiteSpace(search) ? null : search.Trim(),
        TumourSite = Enum.TryParse<TumourSite>(site, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : null,
        TreatmentStatus = Enum.TryParse<TreatmentStatus>(status, ignoreCase: true, out var t) && Enum.IsDefined(t) ? t : null,
        Alerts = [.. (alerts ?? []).Select(a => Enum.TryParse<PatientAlertKind>(a, ignoreCase: true, out var k) && Enum.IsDefined(k) ? k : (PatientAlertKind?)null)
            .OfType<PatientAlertKind>().Distinct().Order()],
    };

    /// <summary>The parameters for <c>NavigationManager.GetUriWithQueryParameters</c>; null values remove a parameter.</summary>
    public static IReadOnlyDictionary<string, object?> ToParameters(PatientListFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return new Dictionary<string, object?>
        {
            [Search] = filter.Search,
            [Site] = filter.TumourSite?.ToString(),
            [Status] = filter.TreatmentStatus?.ToString(),
            [Alert] = filter.Alerts.Count == 0 ? null : filter.Alerts.Select(a => a.ToString()).ToArray(),
        };
    }

    /// <summary>A stable text form of the filter, to tell whether it changed.</summary>
    public static string Key(PatientListFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return string.Join('|', filter.Search, filter.TumourSite, filter.TreatmentStatus, string.Join(',', filter.Alerts));
    }
}
