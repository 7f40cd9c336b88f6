using MdtReview.Data.Model;

namespace MdtReview.Web.Features.Trials.Services;

/// <summary>A trial as the administrator edits it: the form binds to it and the service validates and saves it.</summary>
public sealed class TrialDraft
{
    /// <summary>Null for a trial not saved yet.</summary>
    public int? Id { get; set; }

    /// <summary>The version the administrator opened; a save against an older version is a conflict.</summary>
    public uint Version { get; set; }

    public string Title { get; set; } = "";
    public string RegistryId { get; set; } = "";
    public string? Phase { get; set; }
    public HashSet<TumourSite> TumourSites { get; set; } = [];
    public TrialStatus Status { get; set; } = TrialStatus.Recruiting;
    public string? PrincipalInvestigatorId { get; set; }

    /// <summary>Everyone on the team other than the principal investigator.</summary>
    public List<TeamMemberDraft> Team { get; set; } = [];

    public string EligibilitySummary { get; set; } = "";

    /// <summary>Key criteria in the order the trial team checks them.</summary>
    public List<CriterionDraft> Criteria { get; set; } = [];

    /// <summary>The user ids of the principal investigator and every team member.</summary>
    public IEnumerable<string> MemberIds() =>
        Team.Select(m => m.UserId).Prepend(PrincipalInvestigatorId).OfType<string>().Where(id => id.Length > 0);

    public TrialDraft Copy() => new()
    {
        Id = Id,
        Version = Version,
        Title = Title,
        RegistryId = RegistryId,
        Phase = Phase,
        TumourSites = [.. TumourSites],
        Status = Status,
        PrincipalInvestigatorId = PrincipalInvestigatorId,
        Team = Team.Select(m => new TeamMemberDraft { UserId = m.UserId, Role = m.Role }).ToList(),
        EligibilitySummary = EligibilitySummary,
        Criteria = Criteria.Select(c => new CriterionDraft { Id = c.Id, Text = c.Text, IsExclusion = c.IsExclusion }).ToList(),
    };
}

public sealed class TeamMemberDraft
{
    public string? UserId { get; set; }
    public TrialTeamRole? Role { get; set; }
}

public sealed class CriterionDraft
{
    /// <summary>The stored criterion this row edits; null for a new one.</summary>
    public int? Id { get; set; }

    public string Text { get; set; } = "";
    public bool IsExclusion { get; set; }
}

/// <summary>The field keys of the messages the service returns; the editor shows each under its field.</summary>
public static class TrialFields
{
    public const string Form = "";
    public const string Title = nameof(TrialDraft.Title);
    public const string RegistryId = nameof(TrialDraft.RegistryId);
    public const string Phase = nameof(TrialDraft.Phase);
    public const string TumourSites = nameof(TrialDraft.TumourSites);
    public const string Status = nameof(TrialDraft.Status);
    public const string PrincipalInvestigator = nameof(TrialDraft.PrincipalInvestigatorId);
    public const string Team = nameof(TrialDraft.Team);
    public const string EligibilitySummary = nameof(TrialDraft.EligibilitySummary);
    public const string Criteria = nameof(TrialDraft.Criteria);

    public static string TeamMember(int index) => $"{Team}[{index}]";

    public static string Criterion(int index) => $"{Criteria}[{index}]";
}

/// <summary>A user who may be put on a trial team, or who is on one and no longer may (shown so the administrator can remove them).</summary>
public sealed record InvestigatorOption(string Id, string DisplayName, string Email, bool IsEligible);

public sealed record TrialRow(
    int Id, string Title, string RegistryId, string Phase, IReadOnlyList<TumourSite> TumourSites, TrialStatus Status,
    string? PrincipalInvestigator, int OpenReferrals);

/// <summary>A stored trial opened for editing, with what the editor needs to warn before a change that takes access away.</summary>
public sealed record TrialEdit(TrialDraft Draft, int OpenReferrals, IReadOnlyList<InvestigatorOption> People);

public enum TrialOutcome
{
    Saved,
    Invalid,
    Forbidden,
    NotFound,
    Conflict,
}

/// <summary>One field as this administrator entered it and as it now stands in the database.</summary>
public sealed record TrialConflictField(string Label, string Yours, string Theirs)
{
    public bool Differs => !string.Equals(Yours, Theirs, StringComparison.Ordinal);
}

/// <summary>
/// Someone saved the trial after this administrator opened it. Theirs is in the database and in <see cref="Theirs"/>;
/// yours stays in the form, so nothing is lost and the administrator chooses.
/// </summary>
public sealed record TrialConflict(string Message, TrialDraft Theirs, IReadOnlyList<TrialConflictField> Fields);

/// <summary>The outcome of a trial command: saved (with the trial's id), or why nothing was written.</summary>
public sealed record TrialResult(TrialOutcome Outcome, IReadOnlyDictionary<string, string> Errors, int? Id = null, TrialConflict? Conflict = null)
{
    public const string ForbiddenMessage = "Only an active administrator can manage trials.";

    public bool Succeeded => Outcome == TrialOutcome.Saved;

    public static TrialResult Saved(int id) => new(TrialOutcome.Saved, new Dictionary<string, string>(), id);

    public static TrialResult Invalid(IReadOnlyDictionary<string, string> errors) => new(TrialOutcome.Invalid, errors);

    public static TrialResult Forbidden() => new(TrialOutcome.Forbidden, new Dictionary<string, string> { [TrialFields.Form] = ForbiddenMessage });

    public static TrialResult NotFound() =>
        new(TrialOutcome.NotFound, new Dictionary<string, string> { [TrialFields.Form] = "This trial no longer exists." });

    public static TrialResult Conflicted(TrialConflict conflict) =>
        new(TrialOutcome.Conflict, new Dictionary<string, string> { [TrialFields.Form] = conflict.Message }, Conflict: conflict);
}
