using MdtReview.Data.Model;

namespace MdtReview.Web.Features.Trials.Services;

/// <summary>How trials are worded on screen and how their tumour sites are stored.</summary>
public static class TrialWording
{
    public static string Site(TumourSite site) => site switch
    {
        TumourSite.HeadAndNeck => "Head and neck",
        _ => site.ToString(),
    };

    public static string Sites(IEnumerable<TumourSite> sites) => string.Join(", ", sites.Order().Select(Site));

    public static string Status(TrialStatus status) => status switch
    {
        TrialStatus.Recruiting => "Recruiting",
        TrialStatus.Paused => "Paused",
        TrialStatus.Closed => "Closed",
        _ => status.ToString(),
    };

    public static string Role(TrialTeamRole role) => role switch
    {
        TrialTeamRole.PrincipalInvestigator => "Principal investigator",
        TrialTeamRole.SubInvestigator => "Sub-investigator",
        TrialTeamRole.ResearchNurse => "Research nurse",
        TrialTeamRole.TrialCoordinator => "Coordinator",
        _ => role.ToString(),
    };

    /// <summary>The stored form, as the demo seed writes it: enum names joined by ", " (e.g. "Lung, Bladder").</summary>
    public static string StoreSites(IEnumerable<TumourSite> sites) => string.Join(", ", sites.Distinct().Order());

    /// <summary>Reads the stored form; a name this version does not know is skipped rather than failing the page.</summary>
    public static IReadOnlyList<TumourSite> ParseSites(string stored) =>
        stored.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => Enum.TryParse<TumourSite>(s, ignoreCase: true, out var site) ? site : (TumourSite?)null)
            .OfType<TumourSite>()
            .Distinct()
            .Order()
            .ToList();
}
