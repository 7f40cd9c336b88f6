using System.Globalization;
using MdtReview.Data.Model;

namespace MdtReview.Web.Features.Governance.Dashboards;

/// <summary>A trial's eligibility criterion as the referral reasons need it.</summary>
public sealed record FunnelCriterion(int Position, string Text, bool IsExclusion);

/// <summary>One recorded move of a referral, dated in hospital time.</summary>
public sealed record FunnelStep(ReferralStatus To, DateOnly On, string? Reason, string? FailedCriteria);

/// <summary>One referral with its trial, current status and history.</summary>
public sealed record FunnelReferral(
    int TrialId, string Trial, DateOnly ReferredOn, ReferralStatus Status, IReadOnlyList<FunnelStep> Steps, IReadOnlyList<FunnelCriterion> Criteria);

/// <summary>
/// The funnel of one trial. Stages count every referral that ever reached them; the endings and "still open" come from the
/// current status, so Referred = Ineligible + Declined + Withdrawn + StillOpen + the referrals enrolled now (Enrolled minus
/// any withdrawn after enrolment).
/// </summary>
public sealed record FunnelRow(
    string Trial, int Referred, int ReachedScreening, int Eligible, int Enrolled, int Ineligible, int Declined, int Withdrawn, int StillOpen,
    double? MedianDaysToScreening);

/// <summary>How many ended referrals gave one reason: a failed criterion (ineligible) or the recorded reason (declined).</summary>
public sealed record FunnelReason(ReferralStatus Ending, string Trial, string Reason, int Referrals);

public sealed record ReferralFunnel(
    IReadOnlyList<FunnelRow> Trials, IReadOnlyList<FunnelReason> Reasons, int Referred, int Enrolled, double? MedianDaysToScreening,
    int ReachedScreening);

/// <summary>
/// The trial referral funnel as a pure function of the referrals (no I/O), so it can be checked on a hand-made set.
/// A referral counts at a stage if its transitions ever reached that stage or a later one (the workflow,
/// <see cref="ReferralWorkflow.NextStatuses"/>, only reaches a later stage through the earlier ones); its ending comes from its
/// current status.
/// </summary>
public static class ReferralFunnelCalculator
{
    private static readonly ReferralStatus[] _screeningOrLater = [ReferralStatus.Screening, ReferralStatus.Eligible, ReferralStatus.Enrolled];
    private static readonly ReferralStatus[] _eligibleOrLater = [ReferralStatus.Eligible, ReferralStatus.Enrolled];

    public static ReferralFunnel Calculate(IReadOnlyCollection<FunnelReferral> referrals)
    {
        ArgumentNullException.ThrowIfNull(referrals);
        var rows = referrals
            .GroupBy(r => (r.TrialId, r.Trial))
            .OrderBy(g => g.Key.Trial, StringComparer.OrdinalIgnoreCase)
            .Select(g => Row(g.Key.Trial, g.ToList()))
            .ToList();
        var reasons = referrals
            .SelectMany(r => ReasonsOf(r).Select(reason => (r.Status, r.Trial, Reason: reason)))
            .GroupBy(x => (x.Status, x.Trial, Key: x.Reason.ToUpperInvariant()))
            .Select(g => new FunnelReason(g.Key.Status, g.Key.Trial, g.First().Reason, g.Count()))
            .OrderBy(r => r.Ending)
            .ThenBy(r => r.Trial, StringComparer.OrdinalIgnoreCase)
            .ThenByDescending(r => r.Referrals)
            .ThenBy(r => r.Reason, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var toScreening = referrals.Select(DaysToScreening).OfType<int>().ToList();
        return new ReferralFunnel(rows, reasons, referrals.Count, referrals.Count(r => Reached(r, ReferralStatus.Enrolled)),
            DashboardScope.Median(toScreening), toScreening.Count);
    }

    /// <summary>True when the referral ever reached <paramref name="stage"/> (Referred always; later stages from the transitions).</summary>
    public static bool Reached(FunnelReferral referral, ReferralStatus stage)
    {
        ArgumentNullException.ThrowIfNull(referral);
        return stage switch
        {
            ReferralStatus.Referred => true,
            ReferralStatus.Screening => referral.Steps.Any(s => _screeningOrLater.Contains(s.To)),
            ReferralStatus.Eligible => referral.Steps.Any(s => _eligibleOrLater.Contains(s.To)),
            ReferralStatus.Enrolled => referral.Steps.Any(s => s.To == ReferralStatus.Enrolled),
            _ => referral.Steps.Any(s => s.To == stage),
        };
    }

    /// <summary>Whole hospital days from referral to the first move into screening (or beyond); null when never screened.</summary>
    public static int? DaysToScreening(FunnelReferral referral)
    {
        ArgumentNullException.ThrowIfNull(referral);
        var first = referral.Steps.Where(s => _screeningOrLater.Contains(s.To)).OrderBy(s => s.On).FirstOrDefault();
        return first is null ? null : first.On.DayNumber - referral.ReferredOn.DayNumber;
    }

    /// <summary>
    /// The reasons an ended referral is counted under. Ineligible: each failed criterion by its text (a referral failing two
    /// criteria counts under both), or the free-text reason when no criterion was ticked. Declined: the recorded reason.
    /// </summary>
    public static IReadOnlyList<string> ReasonsOf(FunnelReferral referral)
    {
        ArgumentNullException.ThrowIfNull(referral);
        if (referral.Status is not (ReferralStatus.Ineligible or ReferralStatus.Declined))
        {
            return [];
        }

        var ending = referral.Steps.LastOrDefault(s => s.To == referral.Status);
        var reason = string.IsNullOrWhiteSpace(ending?.Reason) ? "No reason recorded" : ending.Reason.Trim();
        if (referral.Status == ReferralStatus.Declined)
        {
            return [reason];
        }

        var failed = CriterionTexts(ending?.FailedCriteria, referral.Criteria);
        return failed.Count > 0 ? failed : [reason];
    }

    /// <summary>The texts of the failed criteria listed as positions ("3,5"); a position the trial does not have is shown as such.</summary>
    public static IReadOnlyList<string> CriterionTexts(string? failedCriteria, IReadOnlyList<FunnelCriterion> criteria)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        if (string.IsNullOrWhiteSpace(failedCriteria))
        {
            return [];
        }

        return failedCriteria.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct()
            .Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var position)
                && criteria.FirstOrDefault(c => c.Position == position) is { } criterion
                    ? (criterion.IsExclusion ? "Exclusion criterion present: " : "Inclusion criterion not met: ") + criterion.Text
                    : $"Criterion {p} (not on the trial's checklist)")
            .ToList();
    }

    private static FunnelRow Row(string trial, List<FunnelReferral> referrals)
    {
        var toScreening = referrals.Select(DaysToScreening).OfType<int>().ToList();
        return new FunnelRow(
            trial,
            referrals.Count,
            referrals.Count(r => Reached(r, ReferralStatus.Screening)),
            referrals.Count(r => Reached(r, ReferralStatus.Eligible)),
            referrals.Count(r => Reached(r, ReferralStatus.Enrolled)),
            referrals.Count(r => r.Status == ReferralStatus.Ineligible),
            referrals.Count(r => r.Status == ReferralStatus.Declined),
            referrals.Count(r => r.Status == ReferralStatus.Withdrawn),
            // Still open: referred, in screening or eligible, with no outcome yet. Enrolled is an outcome, counted as enrolled.
            referrals.Count(r => ReferralWorkflow.IsOpen(r.Status) && r.Status != ReferralStatus.Enrolled),
            DashboardScope.Median(toScreening));
    }
}
