using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Governance.Dashboards;

/// <summary>
/// Trial referral funnel: referrals made in the range (by <c>ReferredAt</c>, hospital dates) of patients in the tumour group,
/// per trial: referred → reached screening → eligible → enrolled, the endings, and what is still open. Governance sees every trial.
/// </summary>
public sealed class ReferralFunnelDashboard(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory) : IDashboard
{
    public string Key => "referral-funnel";

    public int Order => 50;

    public async Task<DashboardTable?> LoadAsync(DashboardFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (await currentUser.RequireAsync(Capability.Governance, cancellationToken) is null)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var funnel = ReferralFunnelCalculator.Calculate(await ReferralFunnelQuery.LoadAsync(db, filter, cancellationToken));
        return ReferralFunnelTables.Funnel(Key, funnel);
    }
}

/// <summary>
/// The ineligibility and decline reasons of the referrals in the funnel, counted: the funnel's second table (the contract is
/// one table per dashboard, and a chart needs every row numeric, so the reasons are their own dashboard next to it).
/// </summary>
public sealed class ReferralReasonsDashboard(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory) : IDashboard
{
    public string Key => "referral-reasons";

    public int Order => 55;

    public async Task<DashboardTable?> LoadAsync(DashboardFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (await currentUser.RequireAsync(Capability.Governance, cancellationToken) is null)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var funnel = ReferralFunnelCalculator.Calculate(await ReferralFunnelQuery.LoadAsync(db, filter, cancellationToken));
        return ReferralFunnelTables.Reasons(Key, funnel);
    }
}

/// <summary>Reads the referrals the funnel counts. Callers check the role first.</summary>
public static class ReferralFunnelQuery
{
    public static async Task<IReadOnlyList<FunnelReferral>> LoadAsync(MdtReviewDbContext db, DashboardFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var (fromUtc, toUtc) = DashboardScope.UtcBounds(filter);
        var query = db.TrialReferrals.AsNoTracking().Where(r => r.ReferredAt >= fromUtc && r.ReferredAt < toUtc);
        if (DashboardScope.Sites(filter) is { } sites)
        {
            query = query.Where(r => sites.Contains(r.Patient!.TumourSite));
        }

        var referrals = await query
            .Select(r => new
            {
                r.TrialId,
                r.Trial!.Title,
                r.Trial.RegistryId,
                r.ReferredAt,
                r.Status,
                Steps = r.Transitions.OrderBy(t => t.At).ThenBy(t => t.Id).Select(t => new { t.ToStatus, t.At, t.Reason, t.FailedCriteria }).ToList(),
            })
            .ToListAsync(cancellationToken);
        var trialIds = referrals.Select(r => r.TrialId).Distinct().ToList();
        var criteria = (await db.TrialCriteria.AsNoTracking().Where(c => trialIds.Contains(c.TrialId)).ToListAsync(cancellationToken))
            .GroupBy(c => c.TrialId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<FunnelCriterion>)g.Select(c => new FunnelCriterion(c.Position, c.Text, c.IsExclusion)).ToList());

        return referrals.Select(r => new FunnelReferral(
                r.TrialId,
                TrialLabel(r.Title, r.RegistryId),
                DashboardScope.HospitalDate(r.ReferredAt),
                r.Status,
                r.Steps.Select(s => new FunnelStep(s.ToStatus, DashboardScope.HospitalDate(s.At), s.Reason, s.FailedCriteria)).ToList(),
                criteria.GetValueOrDefault(r.TrialId) ?? []))
            .ToList();
    }

    /// <summary>The trial's short name (its title up to the first colon, as trials are titled "ACRONYM: …") and registry id.</summary>
    public static string TrialLabel(string title, string registryId)
    {
        ArgumentNullException.ThrowIfNull(title);
        var colon = title.IndexOf(':', StringComparison.Ordinal);
        var name = colon > 0 ? title[..colon].Trim() : title.Trim();
        return $"{name} ({registryId})";
    }
}

/// <summary>The funnel as dashboard tables: every figure is a cell or a figure, so the CSV reproduces the page.</summary>
public static class ReferralFunnelTables
{
    public static DashboardTable Funnel(string key, ReferralFunnel funnel)
    {
        ArgumentNullException.ThrowIfNull(funnel);
        string[] columns =
        [
            "Trial", "Referred", "Reached screening", "Eligible", "Enrolled", "Ineligible", "Declined", "Withdrawn", "Still open",
            "Median days referral to screening",
        ];
        var rows = funnel.Trials.Select(t => (IReadOnlyList<string>)
        [
            t.Trial, DashboardRules.Number(t.Referred), DashboardRules.Number(t.ReachedScreening), DashboardRules.Number(t.Eligible),
            DashboardRules.Number(t.Enrolled), DashboardRules.Number(t.Ineligible), DashboardRules.Number(t.Declined),
            DashboardRules.Number(t.Withdrawn), DashboardRules.Number(t.StillOpen), DashboardScope.Days(t.MedianDaysToScreening),
        ]).ToList();
        var median = funnel.MedianDaysToScreening is { } m
            ? $"{DashboardScope.Days(m)} days ({funnel.ReachedScreening} screened)"
            : "no referral reached screening";
        return new DashboardTable(
            key,
            "Trial referral funnel",
            "Referrals made in the period (hospital dates), per trial: how many ever reached screening, eligibility and enrolment, how many "
                + "ended as ineligible, declined or withdrawn, and how many are still open (referred, screening or eligible). "
                + "Tumour group: the patient's tumour site, grouped as the MDT meetings are.",
            columns,
            rows,
            [
                new DashboardFigure("Referrals", DashboardRules.Number(funnel.Referred)),
                new DashboardFigure("Enrolment rate", DashboardRules.Rate(funnel.Enrolled, funnel.Referred)),
                new DashboardFigure("Median days from referral to screening", median),
            ],
            new DashboardChart(DashboardChartKind.Bar, 0, [1, 2, 3, 4]));
    }

    public static DashboardTable Reasons(string key, ReferralFunnel funnel)
    {
        ArgumentNullException.ThrowIfNull(funnel);
        var rows = funnel.Reasons.Select(r => (IReadOnlyList<string>)
        [
            r.Ending == ReferralStatus.Ineligible ? "Ineligible" : "Declined", r.Trial, r.Reason, DashboardRules.Number(r.Referrals),
        ]).ToList();
        var ineligible = funnel.Trials.Sum(t => t.Ineligible);
        var declined = funnel.Trials.Sum(t => t.Declined);
        return new DashboardTable(
            key,
            "Trial referral: ineligibility and decline reasons",
            "For the referrals in the funnel that ended as ineligible: each failed eligibility criterion by its text (a referral that "
                + "failed two criteria counts under both; the recorded reason when no criterion was ticked). For those declined: the "
                + "recorded reason.",
            ["Ending", "Trial", "Reason", "Referrals"],
            rows,
            [
                new DashboardFigure("Ineligible referrals", DashboardRules.Number(ineligible)),
                new DashboardFigure("Declined referrals", DashboardRules.Number(declined)),
            ],
            rows.Count == 0 ? null : new DashboardChart(DashboardChartKind.Bar, 2, [3]));
    }
}
