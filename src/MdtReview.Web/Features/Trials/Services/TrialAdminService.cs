using MdtReview.Data;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Trials.Services;

/// <summary>
/// Trials and their teams, for administrators. Every operation re-reads the caller (a removed role or a disabled account
/// applies at the next action) and opens its own short-lived context. Team changes are written in the same SaveChanges as
/// the trial, so a person taken off a team loses access to its referrals at their next action, and the audit trail records it.
/// </summary>
public sealed class TrialAdminService(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory)
{
    public async Task<IReadOnlyList<TrialRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        if (!await IsAdministratorAsync(cancellationToken))
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
        var open = await OpenReferralCountsAsync(db, cancellationToken);
        var piIds = trials.Select(t => t.PiId).OfType<string>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => piIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);

        return trials.Select(t => new TrialRow(
            t.Id, t.Title, t.RegistryId, t.Phase, TrialWording.ParseSites(t.TumourSites), t.Status,
            t.PiId is null ? null : names.GetValueOrDefault(t.PiId),
            open.GetValueOrDefault(t.Id))).ToList();
    }

    /// <summary>The trial as a draft, or null when it does not exist or the caller is not an administrator.</summary>
    public async Task<TrialEdit?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        if (!await IsAdministratorAsync(cancellationToken))
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var trial = await LoadAsync(db, id, tracked: false, cancellationToken);
        if (trial is null)
        {
            return null;
        }

        var draft = ToDraft(trial);
        var open = await db.TrialReferrals.CountAsync(r => r.TrialId == id && ReferralWorkflow.OpenStatuses.Contains(r.Status), cancellationToken);
        return new TrialEdit(draft, open, await PeopleAsync(db, draft.MemberIds(), cancellationToken));
    }

    /// <summary>The people the team pickers offer: active users holding the TrialInvestigator role.</summary>
    public async Task<IReadOnlyList<InvestigatorOption>> ListInvestigatorsAsync(CancellationToken cancellationToken = default)
    {
        if (!await IsAdministratorAsync(cancellationToken))
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await PeopleAsync(db, [], cancellationToken);
    }

    public async Task<TrialResult> CreateAsync(TrialDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (!await IsAdministratorAsync(cancellationToken))
        {
            return TrialResult.Forbidden();
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var errors = await ValidateAsync(db, draft, trialId: null, cancellationToken);
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
        };
        Apply(draft, trial);
        db.Trials.Add(trial);
        return await SaveAsync(db, trial, draft, cancellationToken);
    }

    public async Task<TrialResult> UpdateAsync(TrialDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (!await IsAdministratorAsync(cancellationToken))
        {
            return TrialResult.Forbidden();
        }

        if (draft.Id is not { } id)
        {
            return TrialResult.NotFound();
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var errors = await ValidateAsync(db, draft, id, cancellationToken);
        if (errors.Count > 0)
        {
            return TrialResult.Invalid(errors);
        }

        var trial = await LoadAsync(db, id, tracked: true, cancellationToken);
        if (trial is null)
        {
            return TrialResult.NotFound();
        }

        if (trial.Version != draft.Version)
        {
            return TrialResult.Conflicted(await ConflictAsync(db, draft, trial, cancellationToken));
        }

        if (await CitedCriteriaChangedAsync(db, draft, trial, cancellationToken) is { } cited)
        {
            return TrialResult.Invalid(new Dictionary<string, string> { [TrialFields.Criteria] = cited });
        }

        Apply(draft, trial);
        ApplyTeam(db, draft, trial);
        ApplyCriteria(db, draft, trial);
        TouchVersion(db, trial);
        return await SaveAsync(db, trial, draft, cancellationToken);
    }

    /// <summary>Changes only the status (recruiting, paused, closed), against the version the caller last saw.</summary>
    public async Task<TrialResult> SetStatusAsync(int id, TrialStatus status, uint version, CancellationToken cancellationToken = default)
    {
        if (!await IsAdministratorAsync(cancellationToken))
        {
            return TrialResult.Forbidden();
        }

        if (!Enum.IsDefined(status))
        {
            return TrialResult.Invalid(new Dictionary<string, string> { [TrialFields.Status] = "Choose recruiting, paused or closed." });
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var trial = await LoadAsync(db, id, tracked: true, cancellationToken);
        if (trial is null)
        {
            return TrialResult.NotFound();
        }

        var mine = ToDraft(trial);
        mine.Status = status;
        mine.Version = version;
        if (trial.Version != version)
        {
            return TrialResult.Conflicted(await ConflictAsync(db, mine, trial, cancellationToken));
        }

        trial.Status = status;
        TouchVersion(db, trial);
        return await SaveAsync(db, trial, mine, cancellationToken);
    }

    private async Task<bool> IsAdministratorAsync(CancellationToken cancellationToken) =>
        await currentUser.RequireAsync(Capability.Administration, cancellationToken) is not null;

    private static async Task<Dictionary<string, string>> ValidateAsync(MdtReviewDbContext db, TrialDraft draft, int? trialId, CancellationToken cancellationToken)
    {
        var people = await CandidatesAsync(db, draft.MemberIds(), cancellationToken);
        var errors = new Dictionary<string, string>(TrialRules.Check(draft, people), StringComparer.Ordinal);
        if (!errors.ContainsKey(TrialFields.RegistryId) && await DuplicateMessageAsync(db, draft, trialId, cancellationToken) is { } duplicate)
        {
            errors[TrialFields.RegistryId] = duplicate;
        }

        return errors;
    }

    private static async Task<string?> DuplicateMessageAsync(MdtReviewDbContext db, TrialDraft draft, int? trialId, CancellationToken cancellationToken)
    {
        var registryId = TrialRules.NormaliseRegistryId(draft.RegistryId);
        var other = await db.Trials.AsNoTracking()
            .Where(t => t.RegistryId == registryId && t.Id != trialId)
            .Select(t => t.Title)
            .FirstOrDefaultAsync(cancellationToken);
        return other is null ? null : $"{registryId} is already the registry identifier of \"{other}\"; each trial is registered once.";
    }

    private static async Task<IReadOnlyDictionary<string, TeamCandidate>> CandidatesAsync(MdtReviewDbContext db, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.IsDisabled })
            .ToListAsync(cancellationToken);
        var investigators = await InvestigatorIds(db).Where(id => wanted.Contains(id)).ToListAsync(cancellationToken);
        return users.ToDictionary(u => u.Id, u => new TeamCandidate(u.Id, u.DisplayName, !u.IsDisabled, investigators.Contains(u.Id)));
    }

    /// <summary>Active trial investigators, plus the given current members even when they no longer qualify (flagged).</summary>
    private static async Task<IReadOnlyList<InvestigatorOption>> PeopleAsync(MdtReviewDbContext db, IEnumerable<string> memberIds, CancellationToken cancellationToken)
    {
        var members = memberIds.Distinct().ToList();
        var investigators = InvestigatorIds(db);
        var people = await db.Users.AsNoTracking()
            .Where(u => (investigators.Contains(u.Id) && !u.IsDisabled) || members.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Email, Eligible = investigators.Contains(u.Id) && !u.IsDisabled })
            .ToListAsync(cancellationToken);
        return people.OrderBy(p => p.DisplayName, StringComparer.CurrentCulture)
            .Select(p => new InvestigatorOption(p.Id, p.DisplayName, p.Email ?? "", p.Eligible))
            .ToList();
    }

    private static IQueryable<string> InvestigatorIds(MdtReviewDbContext db) =>
        db.UserRoles.Join(db.Roles.Where(r => r.Name == Roles.TrialInvestigator), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId);

    private static async Task<Dictionary<int, int>> OpenReferralCountsAsync(MdtReviewDbContext db, CancellationToken cancellationToken) =>
        await db.TrialReferrals.AsNoTracking()
            .Where(r => ReferralWorkflow.OpenStatuses.Contains(r.Status))
            .GroupBy(r => r.TrialId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);

    private static Task<Trial?> LoadAsync(MdtReviewDbContext db, int id, bool tracked, CancellationToken cancellationToken)
    {
        var query = db.Trials.Include(t => t.Team).Include(t => t.Criteria).AsSplitQuery();
        return (tracked ? query : query.AsNoTracking()).SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
    }

    private static TrialDraft ToDraft(Trial trial) => new()
    {
        Id = trial.Id,
        Version = trial.Version,
        Title = trial.Title,
        RegistryId = trial.RegistryId,
        Phase = trial.Phase,
        TumourSites = [.. TrialWording.ParseSites(trial.TumourSites)],
        Status = trial.Status,
        PrincipalInvestigatorId = trial.Team.FirstOrDefault(m => m.Role == TrialTeamRole.PrincipalInvestigator)?.UserId,
        Team = trial.Team.Where(m => m.Role != TrialTeamRole.PrincipalInvestigator).OrderBy(m => m.Id)
            .Select(m => new TeamMemberDraft { UserId = m.UserId, Role = m.Role }).ToList(),
        EligibilitySummary = trial.EligibilitySummary,
        Criteria = trial.Criteria.OrderBy(c => c.Position).ThenBy(c => c.Id)
            .Select(c => new CriterionDraft { Id = c.Id, Text = c.Text, IsExclusion = c.IsExclusion }).ToList(),
    };

    private static void Apply(TrialDraft draft, Trial trial)
    {
        trial.Title = draft.Title.Trim();
        trial.RegistryId = TrialRules.NormaliseRegistryId(draft.RegistryId)!;
        trial.Phase = draft.Phase!;
        trial.TumourSites = TrialWording.StoreSites(draft.TumourSites);
        trial.Status = draft.Status;
        trial.EligibilitySummary = draft.EligibilitySummary.Trim();
        if (trial.Id == 0)
        {
            trial.Team = Wanted(draft).Select(w => new TrialTeamMember { UserId = w.Key, Role = w.Value }).ToList();
            trial.Criteria = draft.Criteria.Select((c, i) => new TrialCriterion { Position = i + 1, Text = c.Text.Trim(), IsExclusion = c.IsExclusion }).ToList();
        }
    }

    private static Dictionary<string, TrialTeamRole> Wanted(TrialDraft draft)
    {
        var wanted = new Dictionary<string, TrialTeamRole>(StringComparer.Ordinal) { [draft.PrincipalInvestigatorId!] = TrialTeamRole.PrincipalInvestigator };
        foreach (var member in draft.Team)
        {
            wanted[member.UserId!] = member.Role!.Value;
        }

        return wanted;
    }

    /// <summary>Rows are matched by person: a removed member's row is deleted, a kept one keeps its row (and its audit history).</summary>
    private static void ApplyTeam(MdtReviewDbContext db, TrialDraft draft, Trial trial)
    {
        var wanted = Wanted(draft);
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

    /// <summary>
    /// The trial's version covers its team and criteria: the trial row is always updated, so its token (xmin on PostgreSQL,
    /// application-managed on SQLite) changes and a concurrent edit of only the team still conflicts.
    /// </summary>
    private static void TouchVersion(MdtReviewDbContext db, Trial trial) => db.Entry(trial).Property(t => t.Title).IsModified = true;

    private async Task<TrialResult> SaveAsync(MdtReviewDbContext db, Trial trial, TrialDraft draft, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return TrialResult.Saved(trial.Id);
        }
        catch (DbUpdateConcurrencyException)
        {
            await using var fresh = await contextFactory.CreateDbContextAsync(cancellationToken);
            var current = draft.Id is { } id ? await LoadAsync(fresh, id, tracked: false, cancellationToken) : null;
            return current is null ? TrialResult.NotFound() : TrialResult.Conflicted(await ConflictAsync(fresh, draft, current, cancellationToken));
        }
        catch (DbUpdateException)
        {
            // Another administrator may have saved the same registry identifier between the check and this save, and the
            // unique index refused it: say so on the field. Any other failure is not the user's to fix.
            if (await RegistryTakenMeanwhileAsync(draft, cancellationToken) is { } duplicate)
            {
                return TrialResult.Invalid(new Dictionary<string, string> { [TrialFields.RegistryId] = duplicate });
            }

            throw;
        }
    }

    private async Task<string?> RegistryTakenMeanwhileAsync(TrialDraft draft, CancellationToken cancellationToken)
    {
        await using var fresh = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await DuplicateMessageAsync(fresh, draft, draft.Id, cancellationToken);
    }

    private static async Task<TrialConflict> ConflictAsync(MdtReviewDbContext db, TrialDraft mine, Trial current, CancellationToken cancellationToken)
    {
        var theirs = ToDraft(current);
        var names = (await CandidatesAsync(db, mine.MemberIds().Concat(theirs.MemberIds()), cancellationToken))
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
