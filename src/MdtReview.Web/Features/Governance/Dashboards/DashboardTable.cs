namespace MdtReview.Web.Features.Governance.Dashboards;

/// <summary>The governance dashboards' filters: an inclusive date range (hospital dates) and an optional tumour group.</summary>
public sealed record DashboardFilter(DateOnly From, DateOnly To, string? TumourGroup);

public enum DashboardChartKind
{
    Bar,
    StackedBar,
    Line,
}

/// <summary>How to draw a table: labels from one column, one series per listed column (values must parse as numbers).</summary>
public sealed record DashboardChart(DashboardChartKind Kind, int LabelColumn, IReadOnlyList<int> SeriesColumns);

/// <summary>A headline figure shown above the table, e.g. "Median scan to decision: 9 days".</summary>
public sealed record DashboardFigure(string Label, string Value);

/// <summary>
/// One dashboard as data: the page renders exactly these cells and the CSV export writes exactly these cells, so every figure
/// on screen can be reproduced from the download.
/// </summary>
public sealed record DashboardTable(
    string Key,
    string Title,
    string Description,
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<string>> Rows,
    IReadOnlyList<DashboardFigure> Figures,
    DashboardChart? Chart);

/// <summary>
/// A dashboard the governance page shows and exports. Implementations refuse (return null) unless the caller is a
/// governance lead, re-read through <c>CurrentUserService</c>.
/// </summary>
public interface IDashboard
{
    /// <summary>Stable, URL-safe key: the CSV is <c>/governance/dashboards/{Key}.csv</c>.</summary>
    string Key { get; }

    /// <summary>Position on the page (lower first).</summary>
    int Order { get; }

    Task<DashboardTable?> LoadAsync(DashboardFilter filter, CancellationToken cancellationToken = default);
}

/// <summary>Conventions the dashboard view applies to cells.</summary>
public static class DashboardColumns
{
    /// <summary>A column of this name holds links to decisions (<c>/decisions/{id}</c>); the view renders them as links, the CSV as paths.</summary>
    public const string Decision = "Decision";

    /// <summary>True when the view renders <paramref name="cell"/> of <paramref name="column"/> as a link: a local path in a "Decision" column.</summary>
    public static bool IsLink(string column, string cell) =>
        string.Equals(column, Decision, StringComparison.Ordinal) && cell.StartsWith("/decisions/", StringComparison.Ordinal);
}
