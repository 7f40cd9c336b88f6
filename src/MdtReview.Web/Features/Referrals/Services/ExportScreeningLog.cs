using MdtReview.Data;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Referrals.Services;

/// <summary>
/// Exports the screening log of one trial as CSV (see docs/screening-log.md): one row per referral, no patient identifiers.
/// Null when the trial does not exist or the caller is not on its team, alike.
/// </summary>
public sealed class ExportScreeningLog(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, TimeProvider clock)
{
    public async Task<ScreeningLogFile?> HandleAsync(int trialId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await ReferralAccess.ReadAsync(currentUser, db, cancellationToken);
        if (access is null || !access.CanScreen(trialId))
        {
            return null;
        }

        var trial = await db.Trials.AsNoTracking().Include(t => t.Criteria).SingleOrDefaultAsync(t => t.Id == trialId, cancellationToken);
        if (trial is null)
        {
            return null;
        }

        var referrals = await db.TrialReferrals.AsNoTracking().AsSplitQuery()
            .Where(r => r.TrialId == trialId)
            .Include(r => r.Transitions)
            .Select(r => new { Referral = r, r.Patient!.DateOfBirth, r.Patient.Sex, r.Patient.TumourSite })
            .ToListAsync(cancellationToken);
        var criteria = ReferralFacts.Criteria(trial);
        var today = ReferralFacts.Today(clock);
        var rows = referrals
            .OrderBy(r => r.Referral.ReferredAt).ThenBy(r => r.Referral.Id)
            .Select(r => ScreeningLog.Row(r.Referral, ReferralFacts.AgeOn(r.DateOfBirth, today), r.Sex, r.TumourSite, criteria))
            .ToList();
        return new ScreeningLogFile(ScreeningLog.FileName(trial.RegistryId, today), ScreeningLog.ToCsv(rows));
    }
}
