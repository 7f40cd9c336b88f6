using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Trials.Services;

/// <summary>
/// Lists every trial for administrators, by title, with its principal investigator and how many of its referrals are in
/// progress; empty for anyone else.
/// </summary>
public sealed class ListTrials(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory)
{
    public async Task<IReadOnlyList<TrialRow>> HandleAsync(CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.Administration, cancellationToken) is null)
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var trials = await db.Trials.AsNoTracking()
            .OrderBy(t => t.Title)
            .Select(t => new
            {
                t.Id, t.Title, t.RegistryId, t.Phase, t.TumourSites, t.Status,
                PiId = t.Team.Where(m => m.Role == TrialTeamRole.PrincipalInvestigator).Select(m => m.UserId).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var open = await db.TrialReferrals.AsNoTracking()
            .Where(r => ReferralWorkflow.OpenStatuses.Contains(r.Status))
            .GroupBy(r => r.TrialId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var piIds = trials.Select(t => t.PiId).OfType<string>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => piIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);

        return trials.Select(t => new TrialRow(
            t.Id, t.Title, t.RegistryId, t.Phase, TrialWording.ParseSites(t.TumourSites), t.Status,
            t.PiId is null ? null : names.GetValueOrDefault(t.PiId),
            open.GetValueOrDefault(t.Id))).ToList();
    }
}
