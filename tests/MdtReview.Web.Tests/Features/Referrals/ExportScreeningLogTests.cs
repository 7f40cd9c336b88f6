using System.Globalization;
using System.Text;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Referrals.Services;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Tests.Features.Referrals;

public sealed class ExportScreeningLogTests(ReferralWorld world) : IClassFixture<ReferralWorld>
{
    [Fact]
    public async Task The_screening_log_has_one_row_per_referral_of_the_trial_without_identifiers()
    {
        var referral = await world.NewReferralAsync(ReferralWorld.Horizon, status: ReferralStatus.Screening);
        await world.SignInAsync(ReferralWorld.Pi);
        var version = await world.VersionAsync(referral.Id);
        Assert.True((await world.UseCases(s => s.Transition.HandleAsync(referral.Id, new ReferralTransitionRequest(ReferralStatus.Ineligible, "eGFR 25", [3]), version))).Succeeded);
        var count = await world.Db(db => db.TrialReferrals.CountAsync(r => r.TrialId == referral.TrialId));

        var log = Assert.IsType<ScreeningLogFile>(await world.UseCases(s => s.Export.HandleAsync(referral.TrialId)));

        var lines = Encoding.UTF8.GetString(log.Content).TrimEnd().Split("\r\n");
        Assert.Equal(string.Join(',', ScreeningLog.Header), lines[0]);
        Assert.Equal(count, lines.Length - 1);
        var row = Assert.Single(lines, l => l.StartsWith(referral.Id.ToString(CultureInfo.InvariantCulture) + ",", StringComparison.Ordinal)).Split(',');
        Assert.Equal(ReferralWorld.AgeToday(new DateOnly(1960, 1, 1)).ToString(CultureInfo.InvariantCulture), row[2]);
        Assert.Equal(["Male", "Renal"], row[3..5]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", row[5]);
        Assert.Equal(["Ineligible", "ineligible"], row[6..8]);
        Assert.Equal("eGFR ≥30 mL/min/1.73 m²", row[9]);
        Assert.Equal("eGFR 25", row[10]);
        Assert.Equal(["", ""], row[11..13]);
        var text = Encoding.UTF8.GetString(log.Content);
        Assert.DoesNotContain(referral.FamilyName, text, StringComparison.Ordinal);
        Assert.DoesNotContain(referral.Mrn, text, StringComparison.Ordinal);
        Assert.StartsWith("screening-log-NCT09527418-", log.FileName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_screening_log_shows_enrolment_and_eligible_dates_of_the_enrolled_referral()
    {
        var prosper = await world.TrialIdAsync(ReferralWorld.Prosper);
        await world.SignInAsync(ReferralWorld.Pi);

        var log = Assert.IsType<ScreeningLogFile>(await world.UseCases(s => s.Export.HandleAsync(prosper)));

        var enrolled = Assert.Single(Encoding.UTF8.GetString(log.Content).Split("\r\n"), l => l.Contains(",Enrolled,on-study,", StringComparison.Ordinal)).Split(',');
        Assert.All(new[] { enrolled[5], enrolled[11], enrolled[12] }, d => Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", d));
        Assert.True(string.CompareOrdinal(enrolled[5], enrolled[11]) < 0 && string.CompareOrdinal(enrolled[11], enrolled[12]) < 0, "screening, eligible and enrolment dates in order");
    }

    [Fact]
    public async Task The_other_pi_gets_no_screening_log_of_a_trial_they_are_not_on_exactly_as_for_a_missing_trial()
    {
        var prosper = await world.TrialIdAsync(ReferralWorld.Prosper);
        await world.SignInAsync(ReferralWorld.Pi2);

        Assert.Null(await world.UseCases(s => s.Export.HandleAsync(prosper)));
        Assert.Null(await world.UseCases(s => s.Export.HandleAsync(int.MaxValue)));
        var elevate = await world.TrialIdAsync(ReferralWorld.Elevate);
        Assert.NotNull(await world.UseCases(s => s.Export.HandleAsync(elevate)));
    }
}
