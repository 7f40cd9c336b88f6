using MdtReview.Data.Model;

namespace MdtReview.Web.Features.Meetings.Services;

/// <summary>An MDT's tumour group and the primary sites whose patients it reviews.</summary>
public sealed record TumourGroup(string Name, IReadOnlyList<TumourSite> Sites);

/// <summary>
/// The tumour groups a meeting can be for. The immuno-oncology MDT reviews every site on checkpoint inhibitors; the
/// site-specific groups review their own. Meeting.TumourGroup stores the name.
/// </summary>
public static class TumourGroups
{
    public static readonly IReadOnlyList<TumourGroup> All =
    [
        new("Immuno-oncology", Enum.GetValues<TumourSite>()),
        new("Lung", [TumourSite.Lung]),
        new("Melanoma", [TumourSite.Melanoma]),
        new("Urology", [TumourSite.Renal, TumourSite.Bladder]),
        new("Head and neck", [TumourSite.HeadAndNeck]),
    ];

    public static TumourGroup? Find(string? name) =>
        All.FirstOrDefault(g => string.Equals(g.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));
}
