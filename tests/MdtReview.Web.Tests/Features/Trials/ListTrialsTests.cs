using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Trials.Services;
using MdtReview.Web.Tests.Features.Meetings;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Tests.Features.Trials;

/// <summary>Listing trials, opening one in the editor and the team pickers, and who may use any trial use case.</summary>
public sealed class ListTrialsTests : TrialUseCaseTestBase
{
    [Theory]
    [InlineData(Roles.Oncologist)]
    [InlineData(Roles.TrialInvestigator)]
    [InlineData(Roles.GovernanceLead)]
    public async Task Only_an_administrator_may_see_or_change_trials(string role)
    {
        var existing = await CreateAsync(Draft());
        var caller = await Host.CreateUserAsync($"{role.ToLowerInvariant()}-caller@test.local", role);
        Host.SignInAs(caller);
        var changed = existing.Copy();
        changed.Status = TrialStatus.Closed;

        var created = await Trials(s => s.Create.HandleAsync(Draft("NCT07654321")));
        var updated = await Trials(s => s.Update.HandleAsync(changed));

        Assert.All([created, updated], r => Assert.Equal((TrialOutcome.Forbidden, TrialResult.ForbiddenMessage), (r.Outcome, r.Errors[TrialFields.Form])));
        Assert.Empty(await Trials(s => s.List.HandleAsync()));
        Assert.Null(await Trials(s => s.Open.HandleAsync(existing.Id!.Value)));
        Assert.Empty(await Trials(s => s.Investigators.HandleAsync()));
        Assert.Equal((1, TrialStatus.Recruiting), await Db(async db => (await db.Trials.CountAsync(), await db.Trials.Select(t => t.Status).SingleAsync())));
    }

    [Fact]
    public async Task The_team_pickers_offer_only_active_trial_investigators()
    {
        await Db(async db =>
        {
            var nurse = await db.Users.SingleAsync(u => u.Id == NurseId);
            nurse.IsDisabled = true;
            return await db.SaveChangesAsync();
        });

        var offered = await Trials(s => s.Investigators.HandleAsync());

        Assert.Equal(new[] { PiId, Pi2Id }.Order(), offered.Select(p => p.Id).Order());
        Assert.All(offered, p => Assert.True(p.IsEligible));
    }

    [Fact]
    public async Task The_list_and_the_editor_count_only_referrals_in_progress()
    {
        var saved = await CreateAsync(Draft());
        var data = new MeetingTestData(Host);
        var open = await data.PatientAsync("Open");
        var ended = await data.PatientAsync("Ended");
        await Db(async db =>
        {
            db.TrialReferrals.Add(new TrialReferral { TrialId = saved.Id!.Value, PatientId = open, Question = "Eligible?", Status = ReferralStatus.Screening, ReferredById = OncologistId, ReferredAt = MeetingTestData.Now });
            db.TrialReferrals.Add(new TrialReferral { TrialId = saved.Id!.Value, PatientId = ended, Question = "Eligible?", Status = ReferralStatus.Declined, ReferredById = OncologistId, ReferredAt = MeetingTestData.Now });
            return await db.SaveChangesAsync();
        });

        Assert.Equal(1, Assert.Single(await Trials(s => s.List.HandleAsync())).OpenReferrals);
        Assert.Equal(1, (await Trials(s => s.Open.HandleAsync(saved.Id!.Value)))!.OpenReferrals);
    }
}
