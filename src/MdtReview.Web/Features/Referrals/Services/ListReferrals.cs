using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Referrals.Services;

/// <summary>
/// Lists the referrals the caller may see (to the trials they are on, or for an oncologist the ones they made), new ones
/// first, filtered by trial and open/all, with the trials the filter offers. Patients appear as initials, age and sex only.
/// </summary>
public sealed class ListReferrals(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, TimeProvider clock)
{
    public async Task<ReferralList> HandleAsync(ReferralListFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await ReferralAccess.ReadAsync(currentUser, db, cancellationToken);
        if (access is null)
        {
            return ReferralList.Refused;
        }

        var visible = access.Visible(db);
        var trialIds = access.TeamTrialIds.Concat(await visible.Select(r => r.TrialId).Distinct().ToListAsync(cancellationToken)).Distinct().ToList();
        var trials = (await db.Trials.AsNoTracking().Where(t => trialIds.Contains(t.Id))
                .Select(t => new { t.Id, t.Title, t.RegistryId }).ToListAsync(cancellationToken))
            .Select(t => new ReferralTrialOption(t.Id, ReferralText.ShortName(t.Title), t.RegistryId, access.OnTeam(t.Id)))
            .OrderBy(t => t.ShortName, StringComparer.OrdinalIgnoreCase)
            .ToList();

        var query = visible;
        if (filter.TrialId is int trialId)
        {
            query = query.Where(r => r.TrialId == trialId);
        }

        if (filter.OpenOnly)
        {
            query = query.Where(r => ReferralWorkflow.OpenStatuses.Contains(r.Status));
        }

        var raw = await query
            .Select(r => new
            {
                r.Id, r.TrialId, r.Trial!.Title, r.Patient!.GivenName, r.Patient.FamilyName, r.Patient.DateOfBirth, r.Patient.Sex,
                r.Patient.TumourSite, r.ReferredAt, r.Status,
                LastChange = r.Transitions.Max(t => (DateTime?)t.At),
            })
            .ToListAsync(cancellationToken);
        var today = ReferralFacts.Today(clock);
        var rows = raw
            .Select(r => new ReferralRow(r.Id, r.TrialId, ReferralText.ShortName(r.Title), Initials(r.GivenName, r.FamilyName),
                ReferralFacts.AgeOn(r.DateOfBirth, today), r.Sex, r.TumourSite, r.ReferredAt, r.Status, r.LastChange ?? r.ReferredAt))
            .OrderByDescending(r => r.IsNew).ThenByDescending(r => r.LastChangeAt).ThenByDescending(r => r.Id)
            .ToList();
        return new ReferralList(true, rows, trials);
    }

    private static string Initials(string given, string family) =>
        $"{(given.Length > 0 ? char.ToUpperInvariant(given[0]) : '?')}{(family.Length > 0 ? char.ToUpperInvariant(family[0]) : '?')}";
}
