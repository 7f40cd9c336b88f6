using MdtReview.Data.Model;
using MdtReview.Web.Features.Referrals.Services;

namespace MdtReview.Web.Tests.Features.Referrals;

public sealed class TransitionReferralTests(ReferralWorld world) : IClassFixture<ReferralWorld>
{
    [Fact]
    public async Task The_pi_screens_a_referral_through_to_enrolled_and_each_step_is_timestamped_attributed_and_mapped_to_fhir()
    {
        var referral = await world.NewReferralAsync(ReferralWorld.Horizon);
        await world.SignInAsync(ReferralWorld.Pi);

        foreach (var to in new[] { ReferralStatus.Screening, ReferralStatus.Eligible, ReferralStatus.Enrolled })
        {
            var version = await world.VersionAsync(referral.Id);
            var result = await world.UseCases(s => s.Transition.HandleAsync(referral.Id, new ReferralTransitionRequest(to), version));
            Assert.True(result.Succeeded, string.Join("; ", result.Errors.Values));
        }

        var detail = Assert.IsType<ReferralDetail>(await world.UseCases(s => s.Detail.HandleAsync(referral.Id)));
        Assert.Equal(ReferralStatus.Enrolled, detail.Status);
        Assert.Equal(["pending-on-study", "eligible", "on-study"], detail.History.Select(h => h.ToFhirCode));
        Assert.Equal([ReferralStatus.Referred, ReferralStatus.Screening, ReferralStatus.Eligible], detail.History.Select(h => h.From));
        Assert.All(detail.History, h => Assert.Equal("Prof. Daniel Reyes", h.ByName));
        Assert.All(detail.History, h => Assert.True(h.At > DateTime.UtcNow.AddMinutes(-5) && h.At.Kind != DateTimeKind.Local));
        Assert.Equal([ReferralStatus.Withdrawn], detail.NextStatuses);
        Assert.Equal(0, (await world.UseCases(s => s.List.HandleAsync(new ReferralListFilter()))).Rows.Count(r => r.Id == referral.Id && r.IsNew));
    }

    [Fact]
    public async Task Ineligible_needs_at_least_one_failed_criterion_and_a_reason_and_records_the_criteria_text()
    {
        var referral = await world.NewReferralAsync(ReferralWorld.Horizon, status: ReferralStatus.Screening);
        await world.SignInAsync(ReferralWorld.Pi);
        var version = await world.VersionAsync(referral.Id);

        var missing = await world.UseCases(s => s.Transition.HandleAsync(referral.Id, new ReferralTransitionRequest(ReferralStatus.Ineligible, "  ", []), version));
        var foreign = await world.UseCases(s => s.Transition.HandleAsync(referral.Id, new ReferralTransitionRequest(ReferralStatus.Ineligible, "eGFR 25", [99]), version));
        Assert.Equal(ReferralCommandOutcome.Invalid, missing.Outcome);
        Assert.Contains(nameof(ReferralTransitionRequest.Reason), missing.Errors.Keys);
        Assert.Contains(nameof(ReferralTransitionRequest.FailedCriteria), missing.Errors.Keys);
        Assert.Equal(ReferralCommandOutcome.Invalid, foreign.Outcome);
        Assert.Equal((ReferralStatus.Screening, version, 1), await world.StateAsync(referral.Id));

        var saved = await world.UseCases(s => s.Transition.HandleAsync(referral.Id, new ReferralTransitionRequest(ReferralStatus.Ineligible, "eGFR 25 at screening", [3, 2]), version));

        Assert.True(saved.Succeeded);
        var detail = Assert.IsType<ReferralDetail>(await world.UseCases(s => s.Detail.HandleAsync(referral.Id)));
        var last = detail.History[^1];
        Assert.Equal(ReferralStatus.Ineligible, last.To);
        Assert.Equal("ineligible", last.ToFhirCode);
        Assert.Equal("eGFR 25 at screening", last.Reason);
        Assert.Equal(["No more than three prior systemic lines", "eGFR ≥30 mL/min/1.73 m²"], last.FailedCriteria);
        Assert.Empty(detail.NextStatuses);
    }

    [Theory]
    [InlineData(ReferralStatus.Declined, "not-registered")]
    [InlineData(ReferralStatus.Withdrawn, "withdrawn")]
    public async Task Declined_and_withdrawn_need_a_reason(ReferralStatus to, string fhir)
    {
        var referral = await world.NewReferralAsync(ReferralWorld.Prosper, status: ReferralStatus.Eligible);
        await world.SignInAsync(ReferralWorld.Pi);
        var version = await world.VersionAsync(referral.Id);

        var without = await world.UseCases(s => s.Transition.HandleAsync(referral.Id, new ReferralTransitionRequest(to), version));
        Assert.Equal(ReferralCommandOutcome.Invalid, without.Outcome);
        Assert.True(without.Errors.ContainsKey(nameof(ReferralTransitionRequest.Reason)));
        Assert.Equal((ReferralStatus.Eligible, version, 2), await world.StateAsync(referral.Id));

        var with = await world.UseCases(s => s.Transition.HandleAsync(referral.Id, new ReferralTransitionRequest(to, "Prefers treatment closer to home"), version));
        Assert.True(with.Succeeded);
        var detail = Assert.IsType<ReferralDetail>(await world.UseCases(s => s.Detail.HandleAsync(referral.Id)));
        Assert.Equal(to, detail.Status);
        Assert.Equal(fhir, detail.History[^1].ToFhirCode);
        Assert.Equal("Prefers treatment closer to home", detail.History[^1].Reason);
    }

    [Theory]
    [InlineData(ReferralStatus.Referred, ReferralStatus.Enrolled)]
    [InlineData(ReferralStatus.Referred, ReferralStatus.Eligible)]
    [InlineData(ReferralStatus.Enrolled, ReferralStatus.Screening)]
    [InlineData(ReferralStatus.Screening, ReferralStatus.Referred)]
    public async Task An_illegal_move_is_refused_with_a_message_and_writes_nothing(ReferralStatus from, ReferralStatus to)
    {
        var referral = await world.NewReferralAsync(ReferralWorld.Horizon, status: from);
        await world.SignInAsync(ReferralWorld.Pi);
        var before = await world.StateAsync(referral.Id);

        var result = await world.UseCases(s => s.Transition.HandleAsync(referral.Id, new ReferralTransitionRequest(to, "reason"), before.Version));

        Assert.Equal(ReferralCommandOutcome.Invalid, result.Outcome);
        Assert.Contains("cannot move", result.Errors[nameof(ReferralTransitionRequest.To)], StringComparison.Ordinal);
        Assert.Equal(before, await world.StateAsync(referral.Id));
    }

    [Fact]
    public async Task A_stale_version_is_a_conflict_that_shows_the_current_state_and_writes_nothing()
    {
        var referral = await world.NewReferralAsync(ReferralWorld.Prosper);
        await world.SignInAsync(ReferralWorld.Pi);
        var opened = await world.VersionAsync(referral.Id);
        Assert.True((await world.UseCases(s => s.Transition.HandleAsync(referral.Id, new ReferralTransitionRequest(ReferralStatus.Screening), opened))).Succeeded);
        var after = await world.StateAsync(referral.Id);

        var stale = await world.UseCases(s => s.Transition.HandleAsync(referral.Id, new ReferralTransitionRequest(ReferralStatus.Withdrawn, "Moved away"), opened));

        Assert.Equal(ReferralCommandOutcome.Conflict, stale.Outcome);
        var conflict = Assert.IsType<ReferralConflict>(stale.Conflict);
        Assert.Equal(ReferralStatus.Screening, conflict.CurrentStatus);
        Assert.Equal(after.Version, conflict.CurrentVersion);
        Assert.Equal("Prof. Daniel Reyes", conflict.LastChangedBy);
        Assert.Contains("Screening", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(after, await world.StateAsync(referral.Id));
    }
}
