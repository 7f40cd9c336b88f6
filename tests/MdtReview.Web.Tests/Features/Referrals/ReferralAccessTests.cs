using MdtReview.Data.Model;
using MdtReview.Web.Features.Referrals.Services;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Tests.Features.Referrals;

/// <summary>The caller's access as every workspace use case reads it: oncologists read-only, other roles refused, other teams' referrals missing.</summary>
public sealed class ReferralAccessTests(ReferralWorld world) : IClassFixture<ReferralWorld>
{
    [Fact]
    public async Task An_oncologist_lists_only_the_referrals_they_made_and_cannot_screen_them()
    {
        var theirs = await world.NewReferralAsync(ReferralWorld.Elevate, ReferralWorld.Oncologist2);
        await world.SignInAsync(ReferralWorld.Oncologist2);
        var me = await world.UserIdAsync(ReferralWorld.Oncologist2);

        var list = await world.UseCases(s => s.List.HandleAsync(new ReferralListFilter(OpenOnly: false)));
        var expected = await world.Db(db => db.TrialReferrals.Where(r => r.ReferredById == me).Select(r => r.Id).OrderBy(id => id).ToListAsync());
        var detail = await world.UseCases(s => s.Detail.HandleAsync(theirs.Id));
        var version = await world.VersionAsync(theirs.Id);
        var move = await world.UseCases(s => s.Transition.HandleAsync(theirs.Id, new ReferralTransitionRequest(ReferralStatus.Screening), version));

        Assert.Equal(expected, list.Rows.Select(r => r.Id).Order());
        Assert.All(list.Trials, t => Assert.False(t.OnTeam));
        Assert.NotNull(detail);
        Assert.False(detail.CanScreen);
        Assert.Empty(detail.NextStatuses);
        Assert.Equal(ReferralCommandOutcome.Forbidden, move.Outcome);
        Assert.Equal((ReferralStatus.Referred, version, 0), await world.StateAsync(theirs.Id));
        Assert.Equal(0, await world.UseCases(s => s.CountNew.HandleAsync()));
        Assert.Null(await world.UseCases(s => s.Export.HandleAsync(theirs.TrialId)));
    }

    [Fact]
    public async Task An_oncologist_does_not_see_a_referral_another_oncologist_made()
    {
        var other = await world.NewReferralAsync(ReferralWorld.Prosper, ReferralWorld.Oncologist2);
        await world.SignInAsync(ReferralWorld.Oncologist);

        Assert.Null(await world.UseCases(s => s.Detail.HandleAsync(other.Id)));
        Assert.DoesNotContain((await world.UseCases(s => s.List.HandleAsync(new ReferralListFilter(OpenOnly: false)))).Rows, r => r.Id == other.Id);
    }

    [Theory]
    [InlineData(ReferralWorld.Governance)]
    [InlineData(ReferralWorld.Admin)]
    public async Task Governance_leads_and_administrators_are_refused_every_query_and_command(string email)
    {
        var referral = await world.NewReferralAsync(ReferralWorld.Prosper);
        await world.SignInAsync(email);
        var version = await world.VersionAsync(referral.Id);

        Assert.False((await world.UseCases(s => s.List.HandleAsync(new ReferralListFilter()))).Allowed);
        Assert.Null(await world.UseCases(s => s.Detail.HandleAsync(referral.Id)));
        Assert.Equal(0, await world.UseCases(s => s.CountNew.HandleAsync()));
        Assert.Null(await world.UseCases(s => s.Export.HandleAsync(referral.TrialId)));
        Assert.False(await world.UseCases(s => s.View.HandleAsync(referral.Id)));
        var move = await world.UseCases(s => s.Transition.HandleAsync(referral.Id, new ReferralTransitionRequest(ReferralStatus.Screening), version));
        Assert.False(move.Succeeded);
        Assert.Equal((ReferralStatus.Referred, version, 0), await world.StateAsync(referral.Id));
    }

    [Fact]
    public async Task Another_pis_referral_looks_exactly_like_a_missing_one()
    {
        var referral = await world.NewReferralAsync(ReferralWorld.Prosper);
        await world.SignInAsync(ReferralWorld.Pi2);
        var version = await world.VersionAsync(referral.Id);
        var auditEvents = await world.Db(db => db.AuditEvents.CountAsync());

        Assert.Null(await world.UseCases(s => s.Detail.HandleAsync(referral.Id)));
        Assert.Null(await world.UseCases(s => s.Detail.HandleAsync(int.MaxValue)));
        Assert.False(await world.UseCases(s => s.View.HandleAsync(referral.Id)));
        Assert.DoesNotContain((await world.UseCases(s => s.List.HandleAsync(new ReferralListFilter(referral.TrialId, OpenOnly: false)))).Rows, r => r.Id == referral.Id);

        foreach (var to in Enum.GetValues<ReferralStatus>())
        {
            var request = new ReferralTransitionRequest(to, "a reason", to == ReferralStatus.Ineligible ? [1] : null);
            var theirs = await world.UseCases(s => s.Transition.HandleAsync(referral.Id, request, version));
            var missing = await world.UseCases(s => s.Transition.HandleAsync(int.MaxValue, request, version));
            Assert.Equal(ReferralCommandOutcome.NotFound, theirs.Outcome);
            Assert.Equal(missing.Outcome, theirs.Outcome);
            Assert.Equal(missing.Errors, theirs.Errors);
        }

        Assert.Equal((ReferralStatus.Referred, version, 0), await world.StateAsync(referral.Id));
        Assert.Equal(auditEvents, await world.Db(db => db.AuditEvents.CountAsync()));
    }

    [Fact]
    public async Task A_team_member_who_is_removed_from_the_trial_loses_the_referral_at_their_next_call()
    {
        var referral = await world.NewReferralAsync(ReferralWorld.Prosper);
        var pi2 = await world.UserIdAsync(ReferralWorld.Pi2);
        var memberId = await world.Db(async db =>
        {
            var member = new TrialTeamMember { TrialId = referral.TrialId, UserId = pi2, Role = TrialTeamRole.ResearchNurse };
            db.TrialTeamMembers.Add(member);
            await db.SaveChangesAsync();
            return member.Id;
        });
        await world.SignInAsync(ReferralWorld.Pi2);
        var version = await world.VersionAsync(referral.Id);

        // The same use case instances throughout: nothing about the caller is cached between calls.
        await world.UseCases<bool>(async service =>
        {
            Assert.NotNull(await service.Detail.HandleAsync(referral.Id));
            Assert.Contains((await service.List.HandleAsync(new ReferralListFilter())).Rows, r => r.Id == referral.Id);
            Assert.True((await service.CountNew.HandleAsync()) >= 1);

            await world.Db(async db =>
            {
                db.TrialTeamMembers.Remove(await db.TrialTeamMembers.SingleAsync(m => m.Id == memberId));
                return await db.SaveChangesAsync();
            });

            Assert.Null(await service.Detail.HandleAsync(referral.Id));
            Assert.DoesNotContain((await service.List.HandleAsync(new ReferralListFilter(OpenOnly: false))).Rows, r => r.Id == referral.Id);
            Assert.Null(await service.Export.HandleAsync(referral.TrialId));
            var move = await service.Transition.HandleAsync(referral.Id, new ReferralTransitionRequest(ReferralStatus.Screening), version);
            Assert.Equal(ReferralCommandOutcome.NotFound, move.Outcome);
            return true;
        });
        Assert.Equal((ReferralStatus.Referred, version, 0), await world.StateAsync(referral.Id));
    }
}
