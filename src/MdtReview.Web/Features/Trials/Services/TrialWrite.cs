using MdtReview.Data;
using MdtReview.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Trials.Services;

/// <summary>What creating and updating a trial share: validation, the plain fields, the wanted team, and the save itself.</summary>
internal static class TrialWrite
{
    public static async Task<Dictionary<string, string>> ValidateAsync(MdtReviewDbContext db, TrialDraft draft, int? trialId, CancellationToken cancellationToken)
    {
        var people = await TrialStore.CandidatesAsync(db, draft.MemberIds(), cancellationToken);
        var errors = new Dictionary<string, string>(TrialRules.Check(draft, people), StringComparer.Ordinal);
        if (!errors.ContainsKey(TrialFields.RegistryId) && await TrialStore.DuplicateMessageAsync(db, draft, trialId, cancellationToken) is { } duplicate)
        {
            errors[TrialFields.RegistryId] = duplicate;
        }

        return errors;
    }

    public static void ApplyFields(TrialDraft draft, Trial trial)
    {
        trial.Title = draft.Title.Trim();
        trial.RegistryId = TrialRules.NormaliseRegistryId(draft.RegistryId)!;
        trial.Phase = draft.Phase!;
        trial.TumourSites = TrialWording.StoreSites(draft.TumourSites);
        trial.Status = draft.Status;
        trial.EligibilitySummary = draft.EligibilitySummary.Trim();
    }

    /// <summary>Each wanted member with their role, the principal investigator first; a person listed twice keeps the later role.</summary>
    public static Dictionary<string, TrialTeamRole> Wanted(TrialDraft draft)
    {
        var wanted = new Dictionary<string, TrialTeamRole>(StringComparer.Ordinal) { [draft.PrincipalInvestigatorId!] = TrialTeamRole.PrincipalInvestigator };
        foreach (var member in draft.Team)
        {
            wanted[member.UserId!] = member.Role!.Value;
        }

        return wanted;
    }

    public static async Task<TrialResult> SaveAsync(
        IDbContextFactory<MdtReviewDbContext> contextFactory, ILogger logger, string userId, MdtReviewDbContext db, Trial trial, TrialDraft draft,
        CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return TrialResult.Saved(trial.Id);
        }
        catch (DbUpdateConcurrencyException e)
        {
            logger.LogWarning(e, "Saving trial {TrialId} by user {UserId} conflicted with a concurrent change", draft.Id, userId);
            await using var fresh = await contextFactory.CreateDbContextAsync(cancellationToken);
            var current = draft.Id is { } id ? await TrialStore.LoadAsync(fresh, id, tracked: false, cancellationToken) : null;
            return current is null ? TrialResult.NotFound() : TrialResult.Conflicted(await ConflictAsync(fresh, draft, current, cancellationToken));
        }
        catch (DbUpdateException e)
        {
            // Another administrator may have saved the same registry identifier between the check and this save, and the
            // unique index refused it: say so on the field. Any other failure is not the user's to fix.
            await using var fresh = await contextFactory.CreateDbContextAsync(cancellationToken);
            if (await TrialStore.DuplicateMessageAsync(fresh, draft, draft.Id, cancellationToken) is { } duplicate)
            {
                logger.LogWarning(e, "Saving trial {TrialId} by user {UserId} was refused: its registry identifier was taken meanwhile", draft.Id, userId);
                return TrialResult.Invalid(new Dictionary<string, string> { [TrialFields.RegistryId] = duplicate });
            }

            throw;
        }
    }

    public static async Task<TrialConflict> ConflictAsync(MdtReviewDbContext db, TrialDraft mine, Trial current, CancellationToken cancellationToken)
    {
        var theirs = TrialStore.ToDraft(current);
        var names = (await TrialStore.CandidatesAsync(db, mine.MemberIds().Concat(theirs.MemberIds()), cancellationToken))
            .ToDictionary(p => p.Key, p => p.Value.DisplayName);
        string Person(string? id) => id is null ? "" : names.GetValueOrDefault(id, "(unknown user)");
        string Team(TrialDraft d) => string.Join("; ", d.Team.Select(m => $"{Person(m.UserId)} ({(m.Role is { } r ? TrialWording.Role(r) : "no role")})"));
        static string Criteria(TrialDraft d) => string.Join("; ", d.Criteria.Select((c, i) => $"{i + 1}. {(c.IsExclusion ? "Exclusion" : "Inclusion")}: {c.Text.Trim()}"));

        var fields = new List<TrialConflictField>
        {
            new("Title", mine.Title.Trim(), theirs.Title),
            new("Registry identifier", TrialRules.NormaliseRegistryId(mine.RegistryId) ?? mine.RegistryId, theirs.RegistryId),
            new("Phase", mine.Phase ?? "", theirs.Phase ?? ""),
            new("Tumour sites", TrialWording.Sites(mine.TumourSites), TrialWording.Sites(theirs.TumourSites)),
            new("Status", TrialWording.Status(mine.Status), TrialWording.Status(theirs.Status)),
            new("Principal investigator", Person(mine.PrincipalInvestigatorId), Person(theirs.PrincipalInvestigatorId)),
            new("Team", Team(mine), Team(theirs)),
            new("Eligibility summary", mine.EligibilitySummary.Trim(), theirs.EligibilitySummary),
            new("Key criteria", Criteria(mine), Criteria(theirs)),
        };
        return new TrialConflict("Another administrator saved this trial after you opened it. Nothing has been saved from your edit yet.", theirs, fields);
    }
}
