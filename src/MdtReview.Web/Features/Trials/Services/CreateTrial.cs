using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Trials.Services;

/// <summary>Creates a trial with its team and ordered criteria from an administrator's draft, in one SaveChanges (audited).</summary>
public sealed class CreateTrial(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, ILogger<CreateTrial> logger)
{
    public async Task<TrialResult> HandleAsync(TrialDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (await currentUser.RequireAsync(Capability.Administration, cancellationToken) is not { } user)
        {
            return TrialResult.Forbidden();
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var errors = await TrialWrite.ValidateAsync(db, draft, trialId: null, cancellationToken);
        if (errors.Count > 0)
        {
            return TrialResult.Invalid(errors);
        }

        var trial = new Trial
        {
            Title = "",
            RegistryId = "",
            Phase = "",
            TumourSites = "",
            EligibilitySummary = "",
            Team = TrialWrite.Wanted(draft).Select(w => new TrialTeamMember { UserId = w.Key, Role = w.Value }).ToList(),
            Criteria = draft.Criteria.Select((c, i) => new TrialCriterion { Position = i + 1, Text = c.Text.Trim(), IsExclusion = c.IsExclusion }).ToList(),
        };
        TrialWrite.ApplyFields(draft, trial);
        db.Trials.Add(trial);
        return await TrialWrite.SaveAsync(contextFactory, logger, user.Id, db, trial, draft, cancellationToken);
    }
}
