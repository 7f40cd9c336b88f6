using System.Text;
using System.Text.RegularExpressions;
using MdtReview.Data.Model;

namespace MdtReview.Web.Features.Trials.Services;

/// <summary>What the rules need to know about a person named on a trial team.</summary>
public sealed record TeamCandidate(string Id, string DisplayName, bool IsActive, bool IsTrialInvestigator);

/// <summary>
/// The rules a trial must meet before anything is written, with no database: field lengths, the registry identifier's
/// format, the fixed phase list, and the team (one principal investigator, each person once, each an active trial
/// investigator). Uniqueness of the registry identifier needs the database and is checked by <see cref="CreateTrial"/> and <see cref="UpdateTrial"/>.
/// </summary>
public static partial class TrialRules
{
    public const int TitleMaxLength = 200;
    public const int EligibilitySummaryMaxLength = 2000;
    public const int CriterionMaxLength = 500;

    public const string RegistryIdFormatMessage =
        "Enter an NCT number (NCT and 8 digits), an ISRCTN (ISRCTN and 8 digits) or a EudraCT number (YYYY-NNNNNN-CC).";

    /// <summary>The phases the trust records, in the order they are offered.</summary>
    public static IReadOnlyList<string> Phases { get; } = ["Phase 1", "Phase 1/2", "Phase 2", "Phase 2/3", "Phase 3", "Phase 4"];

    /// <summary>The roles a team member other than the principal investigator can hold.</summary>
    public static IReadOnlyList<TrialTeamRole> TeamRoles { get; } =
        [TrialTeamRole.SubInvestigator, TrialTeamRole.ResearchNurse, TrialTeamRole.TrialCoordinator];

    /// <summary>
    /// The registry identifier in its canonical form (upper case, no whitespace), or null when it is in none of the
    /// registries' documented formats:
    /// <list type="bullet">
    /// <item>ClinicalTrials.gov: "NCT" followed by an 8-digit number, e.g. NCT00000419 (ClinicalTrials.gov glossary,
    /// "ClinicalTrials.gov Identifier (NCT Number)", https://clinicaltrials.gov/ct2/help/glossary/ct-identifier-nct).</item>
    /// <item>ISRCTN registry: an 8-digit number prefixed by "ISRCTN", quoted with no space between them (ISRCTN guidance
    /// notes, "What is the ISRCTN?" and "How should the ISRCTN be used?", https://www.isrctn.com).</item>
    /// <item>EudraCT: YYYY-NNNNNN-CC, the year the number was issued, a six-digit sequential number and a check digit
    /// (EMA, EudraCT public FAQ / sponsor guidance, https://eudract.ema.europa.eu). The check digit's algorithm is not
    /// published, so only the format is checked.</item>
    /// </list>
    /// </summary>
    public static string? NormaliseRegistryId(string? input)
    {
        if (input is null)
        {
            return null;
        }

        var compact = new StringBuilder(input.Length);
        foreach (var c in input)
        {
            if (!char.IsWhiteSpace(c))
            {
                compact.Append(char.ToUpperInvariant(c));
            }
        }

        var candidate = compact.ToString();
        return RegistryIdFormat().IsMatch(candidate) ? candidate : null;
    }

    /// <summary>
    /// Field-level messages for everything but registry uniqueness; empty when the draft may be saved. <paramref name="people"/>
    /// holds every user the draft names, by id; an id missing there is a user that no longer exists.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Check(TrialDraft draft, IReadOnlyDictionary<string, TeamCandidate> people)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(people);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);

        var title = draft.Title.Trim();
        if (title.Length == 0)
        {
            errors[TrialFields.Title] = "Enter the trial's title.";
        }
        else if (title.Length > TitleMaxLength)
        {
            errors[TrialFields.Title] = $"Use at most {TitleMaxLength} characters (now {title.Length}).";
        }

        if (string.IsNullOrWhiteSpace(draft.RegistryId))
        {
            errors[TrialFields.RegistryId] = "Enter the registry identifier (NCT, ISRCTN or EudraCT number).";
        }
        else if (NormaliseRegistryId(draft.RegistryId) is null)
        {
            errors[TrialFields.RegistryId] = RegistryIdFormatMessage;
        }

        if (string.IsNullOrWhiteSpace(draft.Phase))
        {
            errors[TrialFields.Phase] = "Choose the phase.";
        }
        else if (!Phases.Contains(draft.Phase))
        {
            errors[TrialFields.Phase] = $"'{draft.Phase}' is not a phase; choose one from the list.";
        }

        if (draft.TumourSites.Count == 0)
        {
            errors[TrialFields.TumourSites] = "Choose at least one tumour site.";
        }
        else if (draft.TumourSites.Any(s => !Enum.IsDefined(s)))
        {
            errors[TrialFields.TumourSites] = "Choose tumour sites from the list.";
        }

        if (!Enum.IsDefined(draft.Status))
        {
            errors[TrialFields.Status] = "Choose recruiting, paused or closed.";
        }

        CheckTeam(draft, people, errors);

        var summary = draft.EligibilitySummary.Trim();
        if (summary.Length == 0)
        {
            errors[TrialFields.EligibilitySummary] = "Enter a short eligibility summary.";
        }
        else if (summary.Length > EligibilitySummaryMaxLength)
        {
            errors[TrialFields.EligibilitySummary] = $"Use at most {EligibilitySummaryMaxLength} characters (now {summary.Length}).";
        }

        if (draft.Criteria.Count == 0)
        {
            errors[TrialFields.Criteria] = "Add at least one key criterion.";
        }

        for (var i = 0; i < draft.Criteria.Count; i++)
        {
            var text = draft.Criteria[i].Text.Trim();
            if (text.Length == 0)
            {
                errors[TrialFields.Criterion(i)] = "Enter the criterion, or remove it.";
            }
            else if (text.Length > CriterionMaxLength)
            {
                errors[TrialFields.Criterion(i)] = $"Use at most {CriterionMaxLength} characters (now {text.Length}).";
            }
        }

        if (draft.Criteria.Count > 0 && Enumerable.Range(0, draft.Criteria.Count).Any(i => errors.ContainsKey(TrialFields.Criterion(i))))
        {
            errors[TrialFields.Criteria] = "Complete or remove the criteria marked below.";
        }

        return errors;
    }

    private static void CheckTeam(TrialDraft draft, IReadOnlyDictionary<string, TeamCandidate> people, Dictionary<string, string> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(draft.PrincipalInvestigatorId))
        {
            errors[TrialFields.PrincipalInvestigator] = "Choose the principal investigator.";
        }
        else
        {
            seen.Add(draft.PrincipalInvestigatorId);
            if (PersonProblem(draft.PrincipalInvestigatorId, people) is { } problem)
            {
                errors[TrialFields.PrincipalInvestigator] = problem;
            }
        }

        for (var i = 0; i < draft.Team.Count; i++)
        {
            var member = draft.Team[i];
            var key = TrialFields.TeamMember(i);
            if (string.IsNullOrEmpty(member.UserId))
            {
                errors[key] = "Choose a person, or remove this row.";
            }
            else if (member.Role is null)
            {
                errors[key] = $"Choose {NameOf(member.UserId, people)}'s role.";
            }
            else if (member.Role == TrialTeamRole.PrincipalInvestigator)
            {
                errors[key] = "A trial has exactly one principal investigator, chosen above; choose sub-investigator, research nurse or coordinator.";
            }
            else if (!TeamRoles.Contains(member.Role.Value))
            {
                errors[key] = "Choose sub-investigator, research nurse or coordinator.";
            }
            else if (!seen.Add(member.UserId))
            {
                errors[key] = $"{NameOf(member.UserId, people)} is already on this trial's team; each person is listed once.";
            }
            else if (PersonProblem(member.UserId, people) is { } problem)
            {
                errors[key] = problem;
            }
        }

        if (Enumerable.Range(0, draft.Team.Count).Any(i => errors.ContainsKey(TrialFields.TeamMember(i))))
        {
            errors[TrialFields.Team] = "Correct the team members marked below.";
        }
    }

    /// <summary>Why this person cannot be on a trial team, naming them; null when they can.</summary>
    private static string? PersonProblem(string userId, IReadOnlyDictionary<string, TeamCandidate> people)
    {
        if (!people.TryGetValue(userId, out var person))
        {
            return "This user no longer exists; choose someone else.";
        }

        if (!person.IsActive)
        {
            return $"{person.DisplayName}'s account is disabled; only active users can be on a trial team.";
        }

        return person.IsTrialInvestigator
            ? null
            : $"{person.DisplayName} does not hold the Trial investigator role; only trial investigators can be on a trial team.";
    }

    private static string NameOf(string userId, IReadOnlyDictionary<string, TeamCandidate> people) =>
        people.TryGetValue(userId, out var person) ? person.DisplayName : "this person";

    // [0-9], not \d: \d also matches other scripts' digits, which no registry issues.
    [GeneratedRegex(@"^(NCT[0-9]{8}|ISRCTN[0-9]{8}|[0-9]{4}-[0-9]{6}-[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex RegistryIdFormat();
}
