using MdtReview.Data.Model;
using MdtReview.Web.Features.Trials.Services;

namespace MdtReview.Web.Tests.Features.Trials;

public sealed class TrialRulesTests
{
    private static readonly TeamCandidate _pi = new("pi", "Dr Pia Investigator", IsActive: true, IsTrialInvestigator: true);
    private static readonly TeamCandidate _nurse = new("nurse", "Nora Nurse", IsActive: true, IsTrialInvestigator: true);
    private static readonly TeamCandidate _oncologist = new("onc", "Dr Oscar Oncologist", IsActive: true, IsTrialInvestigator: false);
    private static readonly TeamCandidate _disabled = new("gone", "Dr Dana Departed", IsActive: false, IsTrialInvestigator: true);

    private static readonly Dictionary<string, TeamCandidate> _people =
        new[] { _pi, _nurse, _oncologist, _disabled }.ToDictionary(p => p.Id);

    [Theory]
    [InlineData("NCT12345678", "NCT12345678")]
    [InlineData("nct12345678", "NCT12345678")]
    [InlineData("  NCT 1234 5678 ", "NCT12345678")]
    [InlineData("ISRCTN12345678", "ISRCTN12345678")]
    [InlineData("isrctn 12345678", "ISRCTN12345678")]
    [InlineData("2020-123456-12", "2020-123456-12")]
    [InlineData(" 2004-000001-99\t", "2004-000001-99")]
    public void Identifiers_in_a_registry_format_are_accepted_in_canonical_form(string input, string expected) =>
        Assert.Equal(expected, TrialRules.NormaliseRegistryId(input));

    [Theory]
    [InlineData("NCT1234567")]        // 7 digits
    [InlineData("NCT123456789")]      // 9 digits
    [InlineData("NCT1234567A")]
    [InlineData("NCT-12345678")]
    [InlineData("ISRCTN1234567")]     // 7 digits
    [InlineData("ISRCTN123456789")]   // 9 digits
    [InlineData("ISRCT12345678")]
    [InlineData("2020-12345-12")]     // EudraCT with a 5-digit number
    [InlineData("2020-1234567-12")]   // 7-digit number
    [InlineData("20-123456-12")]      // 2-digit year
    [InlineData("2020-123456-1")]     // 1-digit check
    [InlineData("2020-123456-123")]
    [InlineData("2020123456-12")]
    [InlineData("NCT١٢٣٤٥٦٧٨")]       // Arabic-Indic digits: no registry issues them
    [InlineData("12345678")]
    [InlineData("")]
    [InlineData(null)]
    public void Identifiers_outside_the_registry_formats_are_refused(string? input) =>
        Assert.Null(TrialRules.NormaliseRegistryId(input));

    [Fact]
    public void A_complete_draft_has_no_messages()
    {
        Assert.Empty(TrialRules.Check(ValidDraft(), _people));
    }

    [Fact]
    public void A_malformed_registry_identifier_gets_the_format_message()
    {
        var draft = ValidDraft();
        draft.RegistryId = "NCT1234567";

        Assert.Equal(TrialRules.RegistryIdFormatMessage, TrialRules.Check(draft, _people)[TrialFields.RegistryId]);
    }

    [Fact]
    public void A_phase_outside_the_fixed_list_is_refused()
    {
        var draft = ValidDraft();
        draft.Phase = "Phase II";

        Assert.Equal("'Phase II' is not a phase; choose one from the list.", TrialRules.Check(draft, _people)[TrialFields.Phase]);
    }

    [Fact]
    public void A_trial_needs_a_principal_investigator()
    {
        var draft = ValidDraft();
        draft.PrincipalInvestigatorId = null;

        Assert.Equal("Choose the principal investigator.", TrialRules.Check(draft, _people)[TrialFields.PrincipalInvestigator]);
    }

    [Fact]
    public void A_second_principal_investigator_in_the_team_is_refused()
    {
        var draft = ValidDraft();
        draft.Team[0].Role = TrialTeamRole.PrincipalInvestigator;

        var errors = TrialRules.Check(draft, _people);

        Assert.StartsWith("A trial has exactly one principal investigator", errors[TrialFields.TeamMember(0)], StringComparison.Ordinal);
        Assert.True(errors.ContainsKey(TrialFields.Team));
    }

    [Fact]
    public void The_same_person_twice_is_refused_naming_them()
    {
        var draft = ValidDraft();
        draft.Team.Add(new TeamMemberDraft { UserId = "pi", Role = TrialTeamRole.ResearchNurse });

        Assert.Equal("Dr Pia Investigator is already on this trial's team; each person is listed once.", TrialRules.Check(draft, _people)[TrialFields.TeamMember(1)]);
    }

    [Fact]
    public void A_user_without_the_trial_investigator_role_is_refused_naming_them()
    {
        var asPi = ValidDraft();
        asPi.PrincipalInvestigatorId = "onc";
        var asMember = ValidDraft();
        asMember.Team[0].UserId = "onc";

        Assert.Equal("Dr Oscar Oncologist does not hold the Trial investigator role; only trial investigators can be on a trial team.",
            TrialRules.Check(asPi, _people)[TrialFields.PrincipalInvestigator]);
        Assert.Equal("Dr Oscar Oncologist does not hold the Trial investigator role; only trial investigators can be on a trial team.",
            TrialRules.Check(asMember, _people)[TrialFields.TeamMember(0)]);
    }

    [Fact]
    public void A_disabled_user_or_one_that_no_longer_exists_is_refused()
    {
        var disabled = ValidDraft();
        disabled.Team[0].UserId = "gone";
        var missing = ValidDraft();
        missing.PrincipalInvestigatorId = "deleted-user";

        Assert.Equal("Dr Dana Departed's account is disabled; only active users can be on a trial team.", TrialRules.Check(disabled, _people)[TrialFields.TeamMember(0)]);
        Assert.Equal("This user no longer exists; choose someone else.", TrialRules.Check(missing, _people)[TrialFields.PrincipalInvestigator]);
    }

    [Fact]
    public void A_team_member_needs_a_person_and_a_role()
    {
        var draft = ValidDraft();
        draft.Team.Add(new TeamMemberDraft { Role = TrialTeamRole.TrialCoordinator });
        draft.Team[0].Role = null;

        var errors = TrialRules.Check(draft, _people);

        Assert.Equal("Choose Nora Nurse's role.", errors[TrialFields.TeamMember(0)]);
        Assert.Equal("Choose a person, or remove this row.", errors[TrialFields.TeamMember(1)]);
    }

    [Fact]
    public void Criteria_are_required_and_each_needs_text()
    {
        var none = ValidDraft();
        none.Criteria.Clear();
        var blank = ValidDraft();
        blank.Criteria.Add(new CriterionDraft { Text = "  " });

        Assert.Equal("Add at least one key criterion.", TrialRules.Check(none, _people)[TrialFields.Criteria]);
        Assert.Equal("Enter the criterion, or remove it.", TrialRules.Check(blank, _people)[TrialFields.Criterion(2)]);
    }

    [Fact]
    public void Lengths_are_limited_at_the_documented_maximum()
    {
        var atLimit = ValidDraft();
        atLimit.Title = new string('t', TrialRules.TitleMaxLength);
        atLimit.EligibilitySummary = new string('s', TrialRules.EligibilitySummaryMaxLength);
        var overLimit = ValidDraft();
        overLimit.Title = new string('t', TrialRules.TitleMaxLength + 1);
        overLimit.EligibilitySummary = new string('s', TrialRules.EligibilitySummaryMaxLength + 1);

        Assert.Empty(TrialRules.Check(atLimit, _people));
        var errors = TrialRules.Check(overLimit, _people);
        Assert.Equal("Use at most 200 characters (now 201).", errors[TrialFields.Title]);
        Assert.Equal("Use at most 2000 characters (now 2001).", errors[TrialFields.EligibilitySummary]);
    }

    [Fact]
    public void Tumour_sites_are_stored_as_the_demo_seed_writes_them_and_read_back()
    {
        var stored = TrialWording.StoreSites([TumourSite.Bladder, TumourSite.Lung]);

        Assert.Equal("Lung, Bladder", stored);
        Assert.Equal([TumourSite.Lung, TumourSite.Bladder], TrialWording.ParseSites(stored));
    }

    internal static TrialDraft ValidDraft() => new()
    {
        Title = "ORBIT-1: a phase 2 study",
        RegistryId = "NCT01234567",
        Phase = "Phase 2",
        TumourSites = [TumourSite.Melanoma],
        Status = TrialStatus.Recruiting,
        PrincipalInvestigatorId = "pi",
        Team = [new TeamMemberDraft { UserId = "nurse", Role = TrialTeamRole.ResearchNurse }],
        EligibilitySummary = "Advanced melanoma progressing on anti-PD-1.",
        Criteria = [new CriterionDraft { Text = "ECOG 0–1" }, new CriterionDraft { Text = "Brain metastases", IsExclusion = true }],
    };
}
