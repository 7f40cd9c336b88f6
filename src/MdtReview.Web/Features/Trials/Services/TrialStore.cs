using MdtReview.Data;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Trials.Services;

/// <summary>The reads the trial use cases share: a trial with its team and criteria, its draft, and the people a team may hold.</summary>
internal static class TrialStore
{
    public static Task<Trial?> LoadAsync(MdtReviewDbContext db, int id, bool tracked, CancellationToken cancellationToken)
    {
        var query = db.Trials.Include(t => t.Team).Include(t => t.Criteria).AsSplitQuery();
        return (tracked ? query : query.AsNoTracking()).SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
    }

    public static TrialDraft ToDraft(Trial trial) => new()
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

    /// <summary>Active trial investigators, plus the given current members even when they no longer qualify (flagged).</summary>
    public static async Task<IReadOnlyList<InvestigatorOption>> PeopleAsync(MdtReviewDbContext db, IEnumerable<string> memberIds, CancellationToken cancellationToken)
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

    public static async Task<IReadOnlyDictionary<string, TeamCandidate>> CandidatesAsync(MdtReviewDbContext db, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.IsDisabled })
            .ToListAsync(cancellationToken);
        var investigators = await InvestigatorIds(db).Where(id => wanted.Contains(id)).ToListAsync(cancellationToken);
        return users.ToDictionary(u => u.Id, u => new TeamCandidate(u.Id, u.DisplayName, !u.IsDisabled, investigators.Contains(u.Id)));
    }

    /// <summary>The message for a registry identifier another trial already has, or null when it is free.</summary>
    public static async Task<string?> DuplicateMessageAsync(MdtReviewDbContext db, TrialDraft draft, int? trialId, CancellationToken cancellationToken)
    {
        var registryId = TrialRules.NormaliseRegistryId(draft.RegistryId);
        var other = await db.Trials.AsNoTracking()
            .Where(t => t.RegistryId == registryId && t.Id != trialId)
            .Select(t => t.Title)
            .FirstOrDefaultAsync(cancellationToken);
        return other is null ? null : $"{registryId} is already the registry identifier of \"{other}\"; each trial is registered once.";
    }

    private static IQueryable<string> InvestigatorIds(MdtReviewDbContext db) =>
        db.UserRoles.Join(db.Roles.Where(r => r.Name == Roles.TrialInvestigator), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId);
}
