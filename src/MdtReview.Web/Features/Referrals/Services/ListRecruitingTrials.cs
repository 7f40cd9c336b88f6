using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Referrals.Services;

/// <summary>A key eligibility criterion as the referring oncologist reads it (the trial team checks it off at screening).</summary>
public sealed record TrialCriterionView(int Position, string Text, bool IsExclusion);

/// <summary>A trial the patient may be referred to now, with what the trial team will screen against.</summary>
public sealed record RecruitingTrialView(
    int Id,
    string Title,
    string ShortTitle,
    string RegistryId,
    string Phase,
    string TumourSites,
    bool MatchesTumourSite,
    string EligibilitySummary,
    IReadOnlyList<TrialCriterionView> Criteria);

/// <summary>Lists the trials a patient may be referred to now, for the "Refer to trial" dialog. Oncologists only.</summary>
public sealed class ListRecruitingTrials(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory)
{
    /// <summary>
    /// The trials recruiting now, those whose tumour sites include the patient's first, each with its eligibility summary and
    /// key criteria. Empty when the patient does not exist or the caller may not refer.
    /// </summary>
    public async Task<IReadOnlyList<RecruitingTrialView>> HandleAsync(int patientId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.ReferToTrials, cancellationToken) is null)
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var site = await db.Patients.AsNoTracking().Where(p => p.Id == patientId).Select(p => (TumourSite?)p.TumourSite).SingleOrDefaultAsync(cancellationToken);
        if (site is null)
        {
            return [];
        }

        var trials = await db.Trials.AsNoTracking().Include(t => t.Criteria)
            .Where(t => t.Status == TrialStatus.Recruiting)
            .ToListAsync(cancellationToken);
        return [.. trials
            .Select(t => new RecruitingTrialView(t.Id, t.Title, ReferralRules.ShortTitle(t.Title), t.RegistryId, t.Phase, t.TumourSites, Recruits(t.TumourSites, site.Value),
                t.EligibilitySummary, [.. t.Criteria.OrderBy(c => c.Position).Select(c => new TrialCriterionView(c.Position, c.Text, c.IsExclusion))]))
            .OrderByDescending(t => t.MatchesTumourSite).ThenBy(t => t.Title, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>
    /// Tumour sites are typed by administrators ("Lung, Bladder", "Head and neck"): compared without case or spaces to the
    /// patient's site.
    /// </summary>
    private static bool Recruits(string tumourSites, TumourSite site)
    {
        var wanted = site.ToString();
        return tumourSites.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(s => string.Equals(s.Replace(" ", "", StringComparison.Ordinal), wanted, StringComparison.OrdinalIgnoreCase));
    }
}
