using System.Text.Json;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Referrals.Services;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Tests.Features.Referrals;

public sealed class GetReferralDetailTests(ReferralWorld world) : IClassFixture<ReferralWorld>
{
    [Fact]
    public async Task The_pi_opens_their_referral_with_the_minimum_summary_of_that_patient_only()
    {
        var referral = await world.NewReferralAsync(ReferralWorld.Horizon);
        await world.SignInAsync(ReferralWorld.Pi);

        var detail = Assert.IsType<ReferralDetail>(await world.UseCases(s => s.Detail.HandleAsync(referral.Id)));

        Assert.True(detail.CanScreen);
        Assert.Equal(ReferralWorkflow.NextStatuses(ReferralStatus.Referred), detail.NextStatuses);
        Assert.Equal("candidate", detail.FhirCode);
        Assert.Equal("HORIZON-RCC", detail.Trial.ShortName);
        Assert.Equal(7, detail.Trial.Criteria.Count);
        Assert.Equal("Dr Amelia Hart", detail.ReferredByName);
        var p = detail.Patient;
        Assert.Equal(ReferralWorld.AgeToday(new DateOnly(1960, 1, 1)), p.AgeYears);
        Assert.Equal(Sex.Male, p.Sex);
        Assert.Equal("Clear cell renal cell carcinoma", p.Histology);
        Assert.Equal("IV (T3a N1 M1)", p.Stage);
        Assert.Equal(1, p.Ecog?.Score);
        Assert.Equal(1, p.PriorLines);
        Assert.Equal("Nivolumab + ipilimumab", Assert.Single(p.TreatmentLines).Regimen);
        Assert.Equal("PD-L1 CPS", Assert.Single(p.Biomarkers).Name);
        var json = JsonSerializer.Serialize(detail);
        Assert.DoesNotContain(referral.FamilyName, json, StringComparison.Ordinal);
        Assert.DoesNotContain("Quentin", json, StringComparison.Ordinal);
        Assert.DoesNotContain(referral.Mrn, json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_demo_referral_summary_has_the_rules_grades_and_response_of_its_patient()
    {
        var horizon = await world.TrialIdAsync(ReferralWorld.Horizon);
        // The renal patient referred at meeting 2 (progression after an initial response): still new in the seed.
        var id = await world.Db(db => db.TrialReferrals.Where(r => r.TrialId == horizon && r.DecisionId != null && r.Transitions.Count == 0)
            .OrderBy(r => r.Id).Select(r => r.Id).FirstAsync());
        await world.SignInAsync(ReferralWorld.Pi);

        var detail = Assert.IsType<ReferralDetail>(await world.UseCases(s => s.Detail.HandleAsync(id)));

        Assert.NotNull(detail.Patient.LatestResponse);
        Assert.Contains("PD", detail.Patient.LatestResponse.Irecist, StringComparison.Ordinal);
        Assert.NotEmpty(detail.Patient.Labs);
        Assert.All(detail.Patient.Labs, l => Assert.True(l.Grade is not null || l.PossibleGrades.Count > 0 || l.Error is not null, l.TestCode));
    }
}
