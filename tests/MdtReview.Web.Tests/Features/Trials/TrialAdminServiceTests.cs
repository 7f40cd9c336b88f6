using MdtReview.Data;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Trials.Services;
using MdtReview.Web.Tests.Features.Meetings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.Web.Tests.Features.Trials;

public sealed class TrialAdminServiceTests : IAsyncLifetime
{
    private ServiceTestHost _host = default!;
    private string _adminId = "";
    private string _piId = "";
    private string _pi2Id = "";
    private string _nurseId = "";
    private string _oncologistId = "";

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceTestHost.StartAsync();
        _adminId = await _host.CreateUserAsync("admin@test.local", Roles.Administrator);
        _piId = await _host.CreateUserAsync("pi@test.local", Roles.TrialInvestigator);
        _pi2Id = await _host.CreateUserAsync("pi2@test.local", Roles.TrialInvestigator);
        _nurseId = await _host.CreateUserAsync("nurse@test.local", Roles.TrialInvestigator);
        _oncologistId = await _host.CreateUserAsync("oncologist@test.local", Roles.Oncologist);
        _host.SignInAs(_adminId, "admin@test.local");
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private Task<T> Trials<T>(Func<TrialAdminService, Task<T>> action) =>
        _host.WithScopeAsync(sp => action(ActivatorUtilities.CreateInstance<TrialAdminService>(sp)));

    private Task<T> Db<T>(Func<MdtReviewDbContext, Task<T>> action) => _host.WithScopeAsync(async sp =>
    {
        await using var db = await sp.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync();
        return await action(db);
    });

    private TrialDraft Draft(string registryId = "NCT01234567")
    {
        var draft = TrialRulesTests.ValidDraft();
        draft.RegistryId = registryId;
        draft.PrincipalInvestigatorId = _piId;
        draft.Team = [new TeamMemberDraft { UserId = _nurseId, Role = TrialTeamRole.ResearchNurse }];
        return draft;
    }

    private async Task<TrialDraft> CreateAsync(TrialDraft draft)
    {
        var result = await Trials(s => s.CreateAsync(draft));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => $"{e.Key}: {e.Value}")));
        return (await Trials(s => s.GetAsync(result.Id!.Value)))!.Draft;
    }

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
        Assert.Equal(_piId, saved.PrincipalInvestigatorId);
        Assert.Equal((_nurseId, TrialTeamRole.ResearchNurse), (saved.Team.Single().UserId, saved.Team.Single().Role!.Value));
        Assert.Equal([("ECOG 0–1", false), ("Brain metastases", true)], saved.Criteria.Select(c => (c.Text, c.IsExclusion)));
        Assert.Equal("Lung, Bladder", await Db(db => db.Trials.Select(t => t.TumourSites).SingleAsync()));
        var row = Assert.Single(await Trials(s => s.ListAsync()));
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

            var result = await Trials(s => s.CreateAsync(draft));

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

        var result = await Trials(s => s.CreateAsync(second));

        Assert.Equal("ISRCTN12345678 is already the registry identifier of \"ORBIT-1: a phase 2 study\"; each trial is registered once.", result.Errors[TrialFields.RegistryId]);
        Assert.Equal(1, await Db(db => db.Trials.CountAsync()));
    }

    [Fact]
    public async Task A_trial_keeps_its_own_registry_identifier_when_edited()
    {
        var saved = await CreateAsync(Draft("2021-000123-45"));
        saved.Title = "ORBIT-1 (amended title)";

        var result = await Trials(s => s.UpdateAsync(saved));

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData(Roles.Oncologist)]
    [InlineData(Roles.TrialInvestigator)]
    [InlineData(Roles.GovernanceLead)]
    public async Task Only_an_administrator_may_see_or_change_trials(string role)
    {
        var existing = await CreateAsync(Draft());
        var caller = await _host.CreateUserAsync($"{role.ToLowerInvariant()}-caller@test.local", role);
        _host.SignInAs(caller);
        var changed = existing.Copy();
        changed.Status = TrialStatus.Closed;

        var created = await Trials(s => s.CreateAsync(Draft("NCT07654321")));
        var updated = await Trials(s => s.UpdateAsync(changed));
        var status = await Trials(s => s.SetStatusAsync(existing.Id!.Value, TrialStatus.Paused, existing.Version));

        Assert.All([created, updated, status], r => Assert.Equal((TrialOutcome.Forbidden, TrialResult.ForbiddenMessage), (r.Outcome, r.Errors[TrialFields.Form])));
        Assert.Empty(await Trials(s => s.ListAsync()));
        Assert.Null(await Trials(s => s.GetAsync(existing.Id!.Value)));
        Assert.Empty(await Trials(s => s.ListInvestigatorsAsync()));
        Assert.Equal((1, TrialStatus.Recruiting), await Db(async db => (await db.Trials.CountAsync(), await db.Trials.Select(t => t.Status).SingleAsync())));
    }

    [Fact]
    public async Task A_disabled_administrator_is_refused_at_their_next_action()
    {
        await Db(async db =>
        {
            var admin = await db.Users.SingleAsync(u => u.Id == _adminId);
            admin.IsDisabled = true;
            return await db.SaveChangesAsync();
        });

        var result = await Trials(s => s.CreateAsync(Draft()));

        Assert.Equal(TrialOutcome.Forbidden, result.Outcome);
    }

    [Fact]
    public async Task A_user_without_the_trial_investigator_role_cannot_be_principal_investigator()
    {
        var draft = Draft();
        draft.PrincipalInvestigatorId = _oncologistId;

        var result = await Trials(s => s.CreateAsync(draft));

        Assert.Equal("oncologist does not hold the Trial investigator role; only trial investigators can be on a trial team.", result.Errors[TrialFields.PrincipalInvestigator]);
        Assert.Equal(0, await Db(db => db.Trials.CountAsync()));
    }

    [Fact]
    public async Task The_team_pickers_offer_only_active_trial_investigators()
    {
        await Db(async db =>
        {
            var nurse = await db.Users.SingleAsync(u => u.Id == _nurseId);
            nurse.IsDisabled = true;
            return await db.SaveChangesAsync();
        });

        var offered = await Trials(s => s.ListInvestigatorsAsync());

        Assert.Equal(new[] { _piId, _pi2Id }.Order(), offered.Select(p => p.Id).Order());
        Assert.All(offered, p => Assert.True(p.IsEligible));
    }

    [Fact]
    public async Task Saving_over_a_newer_version_is_a_conflict_that_loses_neither_version()
    {
        var opened = await CreateAsync(Draft());
        var mine = opened.Copy();
        var theirs = opened.Copy();
        theirs.Title = "ORBIT-1 (their title)";
        Assert.True((await Trials(s => s.UpdateAsync(theirs))).Succeeded);

        mine.Status = TrialStatus.Paused;
        var result = await Trials(s => s.UpdateAsync(mine));

        Assert.Equal(TrialOutcome.Conflict, result.Outcome);
        var conflict = result.Conflict!;
        Assert.Equal("ORBIT-1 (their title)", conflict.Theirs.Title);
        Assert.Contains(conflict.Fields, f => f is { Label: "Status", Yours: "Paused", Theirs: "Recruiting" });
        Assert.Contains(conflict.Fields, f => f is { Label: "Title", Yours: "ORBIT-1: a phase 2 study", Theirs: "ORBIT-1 (their title)" });
        Assert.Equal(("ORBIT-1 (their title)", TrialStatus.Recruiting), await Db(db => db.Trials.Select(t => ValueTuple.Create(t.Title, t.Status)).SingleAsync()));

        // Keeping mine: save again against the version now stored.
        mine.Version = conflict.Theirs.Version;
        Assert.True((await Trials(s => s.UpdateAsync(mine))).Succeeded);
        Assert.Equal(TrialStatus.Paused, await Db(db => db.Trials.Select(t => t.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_change_to_the_team_alone_still_makes_an_older_copy_conflict()
    {
        var opened = await CreateAsync(Draft());
        var teamEdit = opened.Copy();
        teamEdit.Team.Clear();
        Assert.True((await Trials(s => s.UpdateAsync(teamEdit))).Succeeded);

        var stale = opened.Copy();
        stale.Title = "Renamed on a stale copy";
        var result = await Trials(s => s.UpdateAsync(stale));

        Assert.Equal(TrialOutcome.Conflict, result.Outcome);
        Assert.Empty(result.Conflict!.Theirs.Team);
    }

    [Fact]
    public async Task Removing_a_team_member_and_replacing_the_pi_delete_their_memberships_in_the_same_save_and_are_audited()
    {
        var saved = await CreateAsync(Draft());
        saved.Team.Clear();
        saved.PrincipalInvestigatorId = _pi2Id;

        var result = await Trials(s => s.UpdateAsync(saved));

        Assert.True(result.Succeeded);
        var members = await Db(db => db.TrialTeamMembers.Select(m => ValueTuple.Create(m.UserId, m.Role)).ToListAsync());
        Assert.Equal([(_pi2Id, TrialTeamRole.PrincipalInvestigator)], members);
        var deletions = await Db(db => db.AuditEvents.Where(a => a.EntityType == nameof(TrialTeamMember) && a.Action == AuditAction.Delete).Select(a => a.UserId).ToListAsync());
        Assert.Equal([_adminId, _adminId], deletions);
    }

    [Fact]
    public async Task A_former_team_member_who_becomes_pi_keeps_one_membership_with_the_new_role()
    {
        var saved = await CreateAsync(Draft());
        saved.PrincipalInvestigatorId = _nurseId;
        saved.Team = [new TeamMemberDraft { UserId = _piId, Role = TrialTeamRole.SubInvestigator }];

        Assert.True((await Trials(s => s.UpdateAsync(saved))).Succeeded);

        var members = await Db(db => db.TrialTeamMembers.OrderBy(m => m.Role).Select(m => ValueTuple.Create(m.UserId, m.Role)).ToListAsync());
        Assert.Equal([(_nurseId, TrialTeamRole.PrincipalInvestigator), (_piId, TrialTeamRole.SubInvestigator)], members);
    }

    [Fact]
    public async Task Reordering_editing_and_removing_criteria_keeps_the_checklist_in_the_new_order()
    {
        var saved = await CreateAsync(Draft());
        var firstId = saved.Criteria[0].Id;
        saved.Criteria.Reverse();
        saved.Criteria[0].Text = "Untreated brain metastases";
        saved.Criteria.Add(new CriterionDraft { Text = "Measurable disease by RECIST 1.1" });

        Assert.True((await Trials(s => s.UpdateAsync(saved))).Succeeded);
        var reloaded = (await Trials(s => s.GetAsync(saved.Id!.Value)))!.Draft;
        Assert.Equal(["Untreated brain metastases", "ECOG 0–1", "Measurable disease by RECIST 1.1"], reloaded.Criteria.Select(c => c.Text));
        Assert.Equal(firstId, reloaded.Criteria[1].Id);

        reloaded.Criteria.RemoveAt(0);
        Assert.True((await Trials(s => s.UpdateAsync(reloaded))).Succeeded);
        Assert.Equal([(1, "ECOG 0–1"), (2, "Measurable disease by RECIST 1.1")],
            await Db(db => db.TrialCriteria.OrderBy(c => c.Position).Select(c => ValueTuple.Create(c.Position, c.Text)).ToListAsync()));
    }

    [Fact]
    public async Task Once_an_ineligibility_cites_the_checklist_its_criteria_keep_their_place_and_wording_but_new_ones_may_be_added()
    {
        var saved = await CreateAsync(Draft());
        var patient = await new MeetingTestData(_host).PatientAsync("Screened");
        await Db(async db =>
        {
            var referral = new TrialReferral { TrialId = saved.Id!.Value, PatientId = patient, Question = "Eligible?", Status = ReferralStatus.Ineligible, ReferredById = _oncologistId, ReferredAt = MeetingTestData.Now };
            referral.Transitions.Add(new TrialReferralTransition { FromStatus = ReferralStatus.Referred, ToStatus = ReferralStatus.Ineligible, At = MeetingTestData.Now, ById = _piId, Reason = "ECOG 2", FailedCriteria = "2" });
            db.TrialReferrals.Add(referral);
            return await db.SaveChangesAsync();
        });
        var before = await Db(db => db.TrialCriteria.OrderBy(c => c.Position).Select(c => c.Text).ToListAsync());

        var moved = (await Trials(s => s.GetAsync(saved.Id!.Value)))!.Draft;
        moved.Criteria.Reverse();
        var reworded = (await Trials(s => s.GetAsync(saved.Id!.Value)))!.Draft;
        reworded.Criteria[1].Text = "ECOG 0–2";
        var removed = (await Trials(s => s.GetAsync(saved.Id!.Value)))!.Draft;
        removed.Criteria.RemoveAt(0);
        foreach (var draft in new[] { moved, reworded, removed })
        {
            var refused = await Trials(s => s.UpdateAsync(draft));
            Assert.False(refused.Succeeded);
            Assert.Contains("cite its criteria by number", refused.Errors[TrialFields.Criteria], StringComparison.Ordinal);
            Assert.Equal(before, await Db(db => db.TrialCriteria.OrderBy(c => c.Position).Select(c => c.Text).ToListAsync()));
        }

        var added = (await Trials(s => s.GetAsync(saved.Id!.Value)))!.Draft;
        added.Criteria.Add(new CriterionDraft { Text = "Measurable disease by RECIST 1.1" });
        Assert.True((await Trials(s => s.UpdateAsync(added))).Succeeded);
        Assert.Equal([.. before, "Measurable disease by RECIST 1.1"], await Db(db => db.TrialCriteria.OrderBy(c => c.Position).Select(c => c.Text).ToListAsync()));
    }

    [Fact]
    public async Task The_list_and_the_editor_count_only_referrals_in_progress()
    {
        var saved = await CreateAsync(Draft());
        var data = new MeetingTestData(_host);
        var open = await data.PatientAsync("Open");
        var ended = await data.PatientAsync("Ended");
        await Db(async db =>
        {
            db.TrialReferrals.Add(new TrialReferral { TrialId = saved.Id!.Value, PatientId = open, Question = "Eligible?", Status = ReferralStatus.Screening, ReferredById = _oncologistId, ReferredAt = MeetingTestData.Now });
            db.TrialReferrals.Add(new TrialReferral { TrialId = saved.Id!.Value, PatientId = ended, Question = "Eligible?", Status = ReferralStatus.Declined, ReferredById = _oncologistId, ReferredAt = MeetingTestData.Now });
            return await db.SaveChangesAsync();
        });

        Assert.Equal(1, Assert.Single(await Trials(s => s.ListAsync())).OpenReferrals);
        Assert.Equal(1, (await Trials(s => s.GetAsync(saved.Id!.Value)))!.OpenReferrals);
    }

    [Fact]
    public async Task An_administrator_pauses_a_trial_and_a_stale_status_change_is_a_conflict()
    {
        var saved = await CreateAsync(Draft());

        var paused = await Trials(s => s.SetStatusAsync(saved.Id!.Value, TrialStatus.Paused, saved.Version));
        var stale = await Trials(s => s.SetStatusAsync(saved.Id!.Value, TrialStatus.Closed, saved.Version));

        Assert.True(paused.Succeeded);
        Assert.Equal(TrialOutcome.Conflict, stale.Outcome);
        Assert.Equal(TrialStatus.Paused, stale.Conflict!.Theirs.Status);
        Assert.Equal(TrialStatus.Paused, await Db(db => db.Trials.Select(t => t.Status).SingleAsync()));
    }

    [Fact]
    public async Task Editing_a_trial_that_no_longer_exists_says_so()
    {
        var draft = Draft();
        draft.Id = 9999;

        var result = await Trials(s => s.UpdateAsync(draft));

        Assert.Equal((TrialOutcome.NotFound, "This trial no longer exists."), (result.Outcome, result.Errors[TrialFields.Form]));
        Assert.Null(await Trials(s => s.GetAsync(9999)));
    }
}
