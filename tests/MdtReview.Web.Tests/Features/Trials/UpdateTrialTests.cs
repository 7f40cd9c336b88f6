using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Trials.Services;
using MdtReview.Web.Tests.Features.Meetings;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Tests.Features.Trials;

public sealed class UpdateTrialTests : TrialUseCaseTestBase
{
    [Fact]
    public async Task A_trial_keeps_its_own_registry_identifier_when_edited()
    {
        var saved = await CreateAsync(Draft("2021-000123-45"));
        saved.Title = "ORBIT-1 (amended title)";

        var result = await Trials(s => s.Update.HandleAsync(saved));

        Assert.True(result.Succeeded);
    }

    [Fact]
    public async Task Saving_over_a_newer_version_is_a_conflict_that_loses_neither_version()
    {
        var opened = await CreateAsync(Draft());
        var mine = opened.Copy();
        var theirs = opened.Copy();
        theirs.Title = "ORBIT-1 (their title)";
        Assert.True((await Trials(s => s.Update.HandleAsync(theirs))).Succeeded);

        mine.Status = TrialStatus.Paused;
        var result = await Trials(s => s.Update.HandleAsync(mine));

        Assert.Equal(TrialOutcome.Conflict, result.Outcome);
        var conflict = result.Conflict!;
        Assert.Equal("ORBIT-1 (their title)", conflict.Theirs.Title);
        Assert.Contains(conflict.Fields, f => f is { Label: "Status", Yours: "Paused", Theirs: "Recruiting" });
        Assert.Contains(conflict.Fields, f => f is { Label: "Title", Yours: "ORBIT-1: a phase 2 study", Theirs: "ORBIT-1 (their title)" });
        Assert.Equal(("ORBIT-1 (their title)", TrialStatus.Recruiting), await Db(db => db.Trials.Select(t => ValueTuple.Create(t.Title, t.Status)).SingleAsync()));

        // Keeping mine: save again against the version now stored.
        mine.Version = conflict.Theirs.Version;
        Assert.True((await Trials(s => s.Update.HandleAsync(mine))).Succeeded);
        Assert.Equal(TrialStatus.Paused, await Db(db => db.Trials.Select(t => t.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_change_to_the_team_alone_still_makes_an_older_copy_conflict()
    {
        var opened = await CreateAsync(Draft());
        var teamEdit = opened.Copy();
        teamEdit.Team.Clear();
        Assert.True((await Trials(s => s.Update.HandleAsync(teamEdit))).Succeeded);

        var stale = opened.Copy();
        stale.Title = "Renamed on a stale copy";
        var result = await Trials(s => s.Update.HandleAsync(stale));

        Assert.Equal(TrialOutcome.Conflict, result.Outcome);
        Assert.Empty(result.Conflict!.Theirs.Team);
    }

    [Fact]
    public async Task Removing_a_team_member_and_replacing_the_pi_delete_their_memberships_in_the_same_save_and_are_audited()
    {
        var saved = await CreateAsync(Draft());
        saved.Team.Clear();
        saved.PrincipalInvestigatorId = Pi2Id;

        var result = await Trials(s => s.Update.HandleAsync(saved));

        Assert.True(result.Succeeded);
        var members = await Db(db => db.TrialTeamMembers.Select(m => ValueTuple.Create(m.UserId, m.Role)).ToListAsync());
        Assert.Equal([(Pi2Id, TrialTeamRole.PrincipalInvestigator)], members);
        var deletions = await Db(db => db.AuditEvents.Where(a => a.EntityType == nameof(TrialTeamMember) && a.Action == AuditAction.Delete).Select(a => a.UserId).ToListAsync());
        Assert.Equal([AdminId, AdminId], deletions);
    }

    [Fact]
    public async Task A_former_team_member_who_becomes_pi_keeps_one_membership_with_the_new_role()
    {
        var saved = await CreateAsync(Draft());
        saved.PrincipalInvestigatorId = NurseId;
        saved.Team = [new TeamMemberDraft { UserId = PiId, Role = TrialTeamRole.SubInvestigator }];

        Assert.True((await Trials(s => s.Update.HandleAsync(saved))).Succeeded);

        var members = await Db(db => db.TrialTeamMembers.OrderBy(m => m.Role).Select(m => ValueTuple.Create(m.UserId, m.Role)).ToListAsync());
        Assert.Equal([(NurseId, TrialTeamRole.PrincipalInvestigator), (PiId, TrialTeamRole.SubInvestigator)], members);
    }

    [Fact]
    public async Task Reordering_editing_and_removing_criteria_keeps_the_checklist_in_the_new_order()
    {
        var saved = await CreateAsync(Draft());
        var firstId = saved.Criteria[0].Id;
        saved.Criteria.Reverse();
        saved.Criteria[0].Text = "Untreated brain metastases";
        saved.Criteria.Add(new CriterionDraft { Text = "Measurable disease by RECIST 1.1" });

        Assert.True((await Trials(s => s.Update.HandleAsync(saved))).Succeeded);
        var reloaded = (await Trials(s => s.Open.HandleAsync(saved.Id!.Value)))!.Draft;
        Assert.Equal(["Untreated brain metastases", "ECOG 0–1", "Measurable disease by RECIST 1.1"], reloaded.Criteria.Select(c => c.Text));
        Assert.Equal(firstId, reloaded.Criteria[1].Id);

        reloaded.Criteria.RemoveAt(0);
        Assert.True((await Trials(s => s.Update.HandleAsync(reloaded))).Succeeded);
        Assert.Equal([(1, "ECOG 0–1"), (2, "Measurable disease by RECIST 1.1")],
            await Db(db => db.TrialCriteria.OrderBy(c => c.Position).Select(c => ValueTuple.Create(c.Position, c.Text)).ToListAsync()));
    }

    [Fact]
    public async Task Once_an_ineligibility_cites_the_checklist_its_criteria_keep_their_place_and_wording_but_new_ones_may_be_added()
    {
        var saved = await CreateAsync(Draft());
        var patient = await new MeetingTestData(Host).PatientAsync("Screened");
        await Db(async db =>
        {
            var referral = new TrialReferral { TrialId = saved.Id!.Value, PatientId = patient, Question = "Eligible?", Status = ReferralStatus.Ineligible, ReferredById = OncologistId, ReferredAt = MeetingTestData.Now };
            referral.Transitions.Add(new TrialReferralTransition { FromStatus = ReferralStatus.Referred, ToStatus = ReferralStatus.Ineligible, At = MeetingTestData.Now, ById = PiId, Reason = "ECOG 2", FailedCriteria = "2" });
            db.TrialReferrals.Add(referral);
            return await db.SaveChangesAsync();
        });
        var before = await Db(db => db.TrialCriteria.OrderBy(c => c.Position).Select(c => c.Text).ToListAsync());

        var moved = (await Trials(s => s.Open.HandleAsync(saved.Id!.Value)))!.Draft;
        moved.Criteria.Reverse();
        var reworded = (await Trials(s => s.Open.HandleAsync(saved.Id!.Value)))!.Draft;
        reworded.Criteria[1].Text = "ECOG 0–2";
        var removed = (await Trials(s => s.Open.HandleAsync(saved.Id!.Value)))!.Draft;
        removed.Criteria.RemoveAt(0);
        foreach (var draft in new[] { moved, reworded, removed })
        {
            var refused = await Trials(s => s.Update.HandleAsync(draft));
            Assert.False(refused.Succeeded);
            Assert.Contains("cite its criteria by number", refused.Errors[TrialFields.Criteria], StringComparison.Ordinal);
            Assert.Equal(before, await Db(db => db.TrialCriteria.OrderBy(c => c.Position).Select(c => c.Text).ToListAsync()));
        }

        var added = (await Trials(s => s.Open.HandleAsync(saved.Id!.Value)))!.Draft;
        added.Criteria.Add(new CriterionDraft { Text = "Measurable disease by RECIST 1.1" });
        Assert.True((await Trials(s => s.Update.HandleAsync(added))).Succeeded);
        Assert.Equal([.. before, "Measurable disease by RECIST 1.1"], await Db(db => db.TrialCriteria.OrderBy(c => c.Position).Select(c => c.Text).ToListAsync()));
    }

    [Fact]
    public async Task Editing_a_trial_that_no_longer_exists_says_so()
    {
        var draft = Draft();
        draft.Id = 9999;

        var result = await Trials(s => s.Update.HandleAsync(draft));

        Assert.Equal((TrialOutcome.NotFound, "This trial no longer exists."), (result.Outcome, result.Errors[TrialFields.Form]));
        Assert.Null(await Trials(s => s.Open.HandleAsync(9999)));
    }
}
