using MdtReview.Data.Model;
using MdtReview.Web.Features.Referrals.Services;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Tests.Features.Referrals;

public sealed class CountNewReferralsTests(ReferralWorld world) : IClassFixture<ReferralWorld>
{
    [Fact]
    public async Task The_new_count_is_the_referrals_to_the_callers_trials_nobody_has_started_screening()
    {
        var elevate = await world.TrialIdAsync(ReferralWorld.Elevate);
        await world.SignInAsync(ReferralWorld.Pi2);
        var before = await world.UseCases(s => s.CountNew.HandleAsync());
        var referral = await world.NewReferralAsync(ReferralWorld.Elevate);
        var expected = await world.Db(db => db.TrialReferrals.CountAsync(r => r.TrialId == elevate && r.Status == ReferralStatus.Referred));

        Assert.Equal(expected, await world.UseCases(s => s.CountNew.HandleAsync()));
        Assert.Equal(before + 1, expected);
        Assert.True((await world.UseCases(s => s.Transition.HandleAsync(referral.Id, new ReferralTransitionRequest(ReferralStatus.Screening), 0))).Succeeded);
        Assert.Equal(before, await world.UseCases(s => s.CountNew.HandleAsync()));
    }
}
