using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Trials.Services;
using MdtReview.Web.Tests.Features.Meetings;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Tests.Features.Trials;

public sealed class CreateTrialTests : TrialUseCaseTestBase
{
    [Fact]
    public async Task An_administrator_creates_a_trial_with_its_team_and_ordered_criteria()
    {
        var draft = Draft(registryId: " nct 0123 4567 ");
        draft.TumourSites = [TumourSite.Bladder, TumourSite.Lung];

        var saved = await CreateAsync(draft);

        Assert.Equal("NCT01234567", saved.RegistryId);
        Assert.Equal("ORBIT-1: a phase 2 study", saved.Title);
        Assert.Equal("Phase 2", saved.Phase);
        Assert.Equal([TumourSite.Lung, TumourSite.Bladder], saved.TumourSites.Order());
        Assert.Equal(PiId, saved.PrincipalInvestigatorId);
        Assert.Equal((NurseId, TrialTeamRole.ResearchNurse), (saved.Team.Single().UserId, saved.Team.Single().Role!.Value));
        Assert.Equal([("ECOG 0–1", false), ("Brain metastases", true)], saved.Criteria.Select(c => (c.Text, c.IsExclusion)));
        Assert.Equal("Lung, Bladder", await Db(db => db.Trials.Select(t => t.TumourSites).SingleAsync()));
        var row = Assert.Single(await Trials(s => s.List.HandleAsync()));
        Assert.Equal(("pi", TrialStatus.Recruiting, 0), (row.PrincipalInvestigator, row.Status, row.OpenReferrals));
    }

    [Fact]
    public async Task Each_invalid_field_is_refused_with_its_message_and_nothing_is_written()
    {
        var cases = new (string Field, string Message, Action<TrialDraft> Spoil)[]
        {
            (TrialFields.Title, "Enter the trial's title.", d => d.Title = " "),
            (TrialFields.Title, "Use at most 200 characters (now 201).", d => d.Title = new string('x', 201)),
            (TrialFields.RegistryId, "Enter the registry identifier (NCT, ISRCTN or EudraCT number).", d => d.RegistryId = ""),
            (TrialFields.RegistryId, TrialRules.RegistryIdFormatMessage, d => d.RegistryId = "NCT1234567"),
            (TrialFields.RegistryId, TrialRules.RegistryIdFormatMessage, d => d.RegistryId = "2020-12345-12"),
            (TrialFields.Phase, "Choose the phase.", d => d.Phase = null),
            (TrialFields.TumourSites, "Choose at least one tumour site.", d => d.TumourSites.Clear()),
            (TrialFields.Status, "Choose recruiting, paused or closed.", d => d.Status = (TrialStatus)42),
            (TrialFields.PrincipalInvestigator, "Choose the principal investigator.", d => d.PrincipalInvestigatorId = null),
            (TrialFields.TeamMember(0), "Choose a person, or remove this row.", d => d.Team[0].UserId = null),
            (TrialFields.EligibilitySummary, "Enter a short eligibility summary.", d => d.EligibilitySummary = ""),
            (TrialFields.EligibilitySummary, "Use at most 2000 characters (now 2001).", d => d.EligibilitySummary = new string('x', 2001)),
            (TrialFields.Criteria, "Add at least one key criterion.", d => d.Criteria.Clear()),
            (TrialFields.Criterion(1), "Enter the criterion, or remove it.", d => d.Criteria[1].Text = ""),
        };

        foreach (var (field, message, spoil) in cases)
        {
            var draft = Draft();
            spoil(draft);

            var result = await Trials(s => s.Create.HandleAsync(draft));

            Assert.Equal(TrialOutcome.Invalid, result.Outcome);
            Assert.True(result.Errors.TryGetValue(field, out var shown), $"No message on {field} for '{message}'.");
            Assert.Equal(message, shown);
        }

        Assert.Equal((0, 0, 0), await Db(async db => (await db.Trials.CountAsync(), await db.TrialTeamMembers.CountAsync(), await db.TrialCriteria.CountAsync())));
        Assert.False(await Db(db => db.AuditEvents.AnyAsync(a => a.EntityType == nameof(Trial))));
    }

    [Fact]
    public async Task A_registry_identifier_already_used_by_another_trial_is_refused_whatever_its_case()
    {
        await CreateAsync(Draft("ISRCTN12345678"));
        var second = Draft("isrctn12345678");
        second.Title = "Another study";

        var result = await Trials(s => s.Create.HandleAsync(second));

        Assert.Equal("ISRCTN12345678 is already the registry identifier of \"ORBIT-1: a phase 2 study\"; each trial is registered once.", result.Errors[TrialFields.RegistryId]);
        Assert.Equal(1, await Db(db => db.Trials.CountAsync()));
    }

    [Fact]
    public async Task A_disabled_administrator_is_refused_at_their_next_action()
    {
        await Db(async db =>
        {
            var admin = await db.Users.SingleAsync(u => u.Id == AdminId);
            admin.IsDisabled = true;
            return await db.SaveChangesAsync();
        });

        var result = await Trials(s => s.Create.HandleAsync(Draft()));

        Assert.Equal(TrialOutcome.Forbidden, result.Outcome);
    }

    [Fact]
    public async Task A_user_without_the_trial_investigator_role_cannot_be_principal_investigator()
    {
        var draft = Draft();
        draft.PrincipalInvestigatorId = OncologistId;

        var result = await Trials(s => s.Create.HandleAsync(draft));

        Assert.Equal("oncologist does not hold the Trial investigator role; only trial investigators can be on a trial team.", result.Errors[TrialFields.PrincipalInvestigator]);
        Assert.Equal(0, await Db(db => db.Trials.CountAsync()));
    }
}
