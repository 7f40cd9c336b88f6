using System.Globalization;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Referrals.Services;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Tests.Features.Referrals;

public sealed class RecordReferralViewTests(ReferralWorld world) : IClassFixture<ReferralWorld>
{
    [Fact]
    public async Task Viewing_a_referral_records_one_audit_view_event_for_its_patient()
    {
        var referral = await world.NewReferralAsync(ReferralWorld.Prosper);
        await world.SignInAsync(ReferralWorld.Pi);
        var piId = await world.UserIdAsync(ReferralWorld.Pi);

        Assert.True(await world.UseCases(s => s.View.HandleAsync(referral.Id)));

        var view = await world.Db(db => db.AuditEvents.SingleAsync(e => e.Action == AuditAction.View && e.EntityType == nameof(TrialReferral)
            && e.EntityId == referral.Id.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(referral.PatientId, view.PatientId);
        Assert.Equal(piId, view.UserId);
    }
}
