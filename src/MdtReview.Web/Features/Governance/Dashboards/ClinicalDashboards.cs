namespace MdtReview.Web.Features.Governance.Dashboards;

/// <summary>Decisions by outcome over time (see <see cref="OutcomeDashboardCalculator"/>).</summary>
public sealed class OutcomeDashboard(DashboardFactsService facts) : IDashboard
{
    public string Key => OutcomeDashboardCalculator.Key;

    public int Order => 10;

    public async Task<DashboardTable?> LoadAsync(DashboardFilter filter, CancellationToken cancellationToken = default) =>
        await facts.LoadAsync(DashboardFactKinds.Decisions, filter, cancellationToken) is { } f
            ? OutcomeDashboardCalculator.Calculate(f.Decisions, filter)
            : null;
}

/// <summary>Guideline deviations (see <see cref="DeviationDashboardCalculator"/>).</summary>
public sealed class DeviationDashboard(DashboardFactsService facts) : IDashboard
{
    public string Key => DeviationDashboardCalculator.Key;

    public int Order => 20;

    public async Task<DashboardTable?> LoadAsync(DashboardFilter filter, CancellationToken cancellationToken = default) =>
        await facts.LoadAsync(DashboardFactKinds.Decisions, filter, cancellationToken) is { } f
            ? DeviationDashboardCalculator.Calculate(f.Decisions, filter)
            : null;
}

/// <summary>Timeliness (see <see cref="TimelinessDashboardCalculator"/>).</summary>
public sealed class TimelinessDashboard(DashboardFactsService facts) : IDashboard
{
    public string Key => TimelinessDashboardCalculator.Key;

    public int Order => 30;

    public async Task<DashboardTable?> LoadAsync(DashboardFilter filter, CancellationToken cancellationToken = default) =>
        await facts.LoadAsync(DashboardFactKinds.Decisions | DashboardFactKinds.Scans | DashboardFactKinds.Iupd, filter, cancellationToken) is { } f
            ? TimelinessDashboardCalculator.Calculate(f.Decisions, f.Scans, f.Iupds, f.AwaitingConfirmation, filter, f.Today)
            : null;
}

/// <summary>irAE handling (see <see cref="IraeDashboardCalculator"/>).</summary>
public sealed class IraeDashboard(DashboardFactsService facts) : IDashboard
{
    public string Key => IraeDashboardCalculator.Key;

    public int Order => 40;

    public async Task<DashboardTable?> LoadAsync(DashboardFilter filter, CancellationToken cancellationToken = default) =>
        await facts.LoadAsync(DashboardFactKinds.Decisions | DashboardFactKinds.SevereIraes, filter, cancellationToken) is { } f
            ? IraeDashboardCalculator.Calculate(f.SevereIraes, f.Decisions, filter)
            : null;
}
