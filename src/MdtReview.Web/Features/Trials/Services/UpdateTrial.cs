using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Trials.Services;

/// <summary>
/// Saves an administrator's edit of a trial, its team and its criteria against the version they opened. Team changes are
/// written in the same SaveChanges as the trial, so a person taken off a team loses access to its referrals at their next
/// action, and the audit trail records it.
/// </summary>
public sealed class UpdateTrial(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, ILogger<UpdateTrial> logger)
{
    public async Task<TrialResult> HandleAsync(TrialDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (await currentUser.RequireAsync(Capability.Administration, cancellationToken) is not { } user)
        {
            return TrialResult.Forbidden();
        }

        if (draft.Id is not { } id)
        {
            return TrialResult.NotFound();
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var errors = await TrialWrite.ValidateAsync(db, draft, id, cancellationToken);
        if (errors.Count > 0)
        {
            return TrialResult.Invalid(errors);
        }

        var trial = await TrialStore.LoadAsync(db, id, tracked: true, cancellationToken);
        if (trial is null)
        {
            return TrialResult.NotFound();
        }

        if (trial.Version != draft.Version)
        {
            return TrialResult.Conflicted(await TrialWrite.ConflictAsync(db, draft, trial, cancellationToken));
        }

        if (await CitedCriteriaChangedAsync(db, draft, trial, cancellationToken) is { } cited)
        {
            return TrialResult.Invalid(new Dictionary<string, string> { [TrialFields.Criteria] = cited });
        }

        TrialWrite.ApplyFields(draft, trial);
        ApplyTeam(db, draft, trial);
        ApplyCriteria(db, draft, trial);

        // The trial's version covers its team and criteria: the trial row is always updated, so its token (xmin on PostgreSQL,
        // application-managed on SQLite) changes and a concurrent edit of only the team still conflicts.
        db.Entry(trial).Property(t => t.Title).IsModified = true;
        return await TrialWrite.SaveAsync(contextFactory, logger, user.Id, db, trial, draft, cancellationToken);
    }

    /// <summary>Rows are matched by person: a removed member's row is deleted, a kept one keeps its row (and its audit history).</summary>
    private static void ApplyTeam(MdtReviewDbContext db, TrialDraft draft, Trial trial)
    {
        var wanted = TrialWrite.Wanted(draft);
        foreach (var member in trial.Team.ToList())
        {
            if (wanted.Remove(member.UserId, out var role))
            {
                member.Role = role;
            }
            else
            {
                trial.Team.Remove(member);
                db.TrialTeamMembers.Remove(member);
            }
        }

        foreach (var (userId, role) in wanted)
        {
            trial.Team.Add(new TrialTeamMember { UserId = userId, Role = role });
        }
    }

    /// <summary>
    /// Ineligibility records cite failed criteria by their position (<c>TrialReferralTransition.FailedCriteria</c>), so once a
    /// screening outcome has cited this trial's checklist, its existing criteria keep their place, wording and kind; new ones
    /// may be added at the end. Otherwise an old "criterion 3 failed" would silently point at a different criterion.
    /// </summary>
    private static async Task<string?> CitedCriteriaChangedAsync(MdtReviewDbContext db, TrialDraft draft, Trial trial, CancellationToken cancellationToken)
    {
        var cited = await db.TrialReferralTransitions
            .AnyAsync(t => t.FailedCriteria != null && db.TrialReferrals.Any(r => r.Id == t.TrialReferralId && r.TrialId == trial.Id), cancellationToken);
        if (!cited)
        {
            return null;
        }

        var existing = trial.Criteria.OrderBy(c => c.Position).ToList();
        var unchanged = draft.Criteria.Count >= existing.Count && existing.Select((c, i) => (c, d: draft.Criteria[i]))
            .All(x => x.d.Id == x.c.Id && x.d.Text.Trim() == x.c.Text && x.d.IsExclusion == x.c.IsExclusion);
        return unchanged
            ? null
            : $"Screening records of this trial cite its criteria by number, so criteria 1–{existing.Count} cannot be removed, moved or reworded. Add new criteria at the end.";
    }

    /// <summary>Rows are matched by id, so an edited or moved criterion is an update the audit trail shows as such.</summary>
    private static void ApplyCriteria(MdtReviewDbContext db, TrialDraft draft, Trial trial)
    {
        var byId = trial.Criteria.ToDictionary(c => c.Id);
        var kept = new HashSet<int>();
        for (var i = 0; i < draft.Criteria.Count; i++)
        {
            var input = draft.Criteria[i];
            if (input.Id is { } id && byId.TryGetValue(id, out var criterion) && kept.Add(id))
            {
                criterion.Position = i + 1;
                criterion.Text = input.Text.Trim();
                criterion.IsExclusion = input.IsExclusion;
            }
            else
            {
                trial.Criteria.Add(new TrialCriterion { Position = i + 1, Text = input.Text.Trim(), IsExclusion = input.IsExclusion });
            }
        }

        foreach (var removed in byId.Values.Where(c => !kept.Contains(c.Id)))
        {
            trial.Criteria.Remove(removed);
            db.TrialCriteria.Remove(removed);
        }
    }
}
