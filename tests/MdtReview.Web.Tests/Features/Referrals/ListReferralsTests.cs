using System.Text.Json;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Referrals.Services;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Tests.Features.Referrals;

public sealed class ListReferralsTests(ReferralWorld world) : IClassFixture<ReferralWorld>
{
    [Fact]
    public async Task Each_pi_lists_the_referrals_to_their_own_trials_and_none_of_the_other_pis()
    {
        var piTrials = new[] { await world.TrialIdAsync(ReferralWorld.Prosper), await world.TrialIdAsync(ReferralWorld.Horizon) };
        var pi2Trials = new[] { await world.TrialIdAsync(ReferralWorld.Elevate) };

        foreach (var (email, own) in new[] { (ReferralWorld.Pi, piTrials), (ReferralWorld.Pi2, pi2Trials) })
        {
            await world.SignInAsync(email);
            var list = await world.UseCases(s => s.List.HandleAsync(new ReferralListFilter(OpenOnly: false)));
            var expected = await world.Db(db => db.TrialReferrals.Where(r => own.Contains(r.TrialId)).Select(r => r.Id).OrderBy(id => id).ToListAsync());

            Assert.True(list.Allowed);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, list.Rows.Select(r => r.Id).Order());
            Assert.Equal(own.Order(), list.Trials.Select(t => t.Id).Order());
            Assert.All(list.Trials, t => Assert.True(t.OnTeam));
        }
    }

    [Fact]
    public async Task The_list_shows_initials_age_and_sex_never_the_patients_name_or_numbers()
    {
        var mine = await world.NewReferralAsync(ReferralWorld.Horizon);
        await world.SignInAsync(ReferralWorld.Pi);

        var list = await world.UseCases(s => s.List.HandleAsync(new ReferralListFilter()));

        var row = Assert.Single(list.Rows, r => r.Id == mine.Id);
        Assert.Equal("QZ", row.PatientInitials);
        Assert.Equal(ReferralWorld.AgeToday(new DateOnly(1960, 1, 1)), row.AgeYears);
        Assert.True(row.IsNew);
        var json = JsonSerializer.Serialize(list);
        Assert.DoesNotContain(mine.FamilyName, json, StringComparison.Ordinal);
        Assert.DoesNotContain(mine.Mrn, json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task New_referrals_come_first_and_the_open_filter_hides_ended_ones_and_the_trial_filter_narrows()
    {
        var horizon = await world.TrialIdAsync(ReferralWorld.Horizon);
        await world.SignInAsync(ReferralWorld.Pi);

        var open = await world.UseCases(s => s.List.HandleAsync(new ReferralListFilter(OpenOnly: true)));
        var all = await world.UseCases(s => s.List.HandleAsync(new ReferralListFilter(OpenOnly: false)));
        var horizonOnly = await world.UseCases(s => s.List.HandleAsync(new ReferralListFilter(horizon, OpenOnly: false)));

        Assert.All(open.Rows, r => Assert.True(ReferralWorkflow.IsOpen(r.Status)));
        Assert.Contains(all.Rows, r => r.Status == ReferralStatus.Ineligible);
        Assert.All(horizonOnly.Rows, r => Assert.Equal(horizon, r.TrialId));
        Assert.Equal(all.Rows.OrderByDescending(r => r.IsNew).Select(r => r.IsNew), all.Rows.Select(r => r.IsNew));
    }
}
