using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.IntegrationTests.Entry;
using MdtReview.Web.Features.Patients.Entry.Services;
using MdtReview.Web.Features.Referrals.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.IntegrationTests.Referrals;

/// <summary>
/// Two oncologists referring the same patient to the same trial at the same instant, on the real app and database of each
/// provider: the filtered unique index keeps one open referral, and the loser gets the same clear message as a late one.
/// </summary>
public abstract class ReferralConcurrencyTests(MdtReviewAppFactory factory)
{
    private const string Oncologist = "oncologist@demo.mdtreview.local";
    private const string Oncologist2 = "oncologist2@demo.mdtreview.local";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<T> DbAsync<T>(Func<MdtReviewDbContext, Task<T>> query)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync(Ct);
        return await query(db);
    }

    /// <summary>A recruiting trial of this test's own (so no demo referral is involved) and a demo patient with no referral.</summary>
    private async Task<(int PatientId, int TrialId, string PatientName, string TrialTitle)> ArrangeAsync(int skip, string acronym) => await DbAsync(async db =>
    {
        var trial = new Trial
        {
            Title = $"{acronym}: a concurrency test trial", RegistryId = $"NCT0{Random.Shared.Next(1_000_000, 9_999_999)}", Phase = "Phase 2",
            TumourSites = "Lung, Melanoma, Renal, Bladder", Status = TrialStatus.Recruiting, EligibilitySummary = "Any",
        };
        db.Trials.Add(trial);
        await db.SaveChangesAsync(Ct);
        var patient = await db.Patients.Where(p => !db.TrialReferrals.Any(r => r.PatientId == p.Id)).OrderBy(p => p.Mrn).Skip(skip)
            .Select(p => new { p.Id, p.FamilyName, p.GivenName }).FirstAsync(Ct);
        return (patient.Id, trial.Id, $"{patient.FamilyName.ToUpperInvariant()}, {patient.GivenName}", trial.Title);
    });

    [Fact]
    public async Task Two_oncologists_referring_the_same_patient_to_the_same_trial_at_once_make_one_referral_and_get_one_clear_refusal()
    {
        var (patientId, trialId, patientName, trialTitle) = await ArrangeAsync(0, "RACE");
        await using var mine = await AppUserScope.SignInAsync(factory, Oncologist);
        await using var theirs = await AppUserScope.SignInAsync(factory, Oncologist2);

        var results = await Task.WhenAll(
            mine.Get<ReferToTrial>().HandleAsync(patientId, trialId, "Eligible? (mine)", null, cancellationToken: Ct),
            theirs.Get<ReferToTrial>().HandleAsync(patientId, trialId, "Eligible? (theirs)", null, cancellationToken: Ct));

        Assert.Single(results, r => r.Outcome == EntryOutcome.Saved);
        var refused = Assert.Single(results, r => r.Outcome == EntryOutcome.Invalid);
        Assert.Equal($"{patientName} already has an open referral to {trialTitle} (status Referred).", refused.Errors[ReferralFields.Trial]);
        Assert.Equal(1, await DbAsync(db => db.TrialReferrals.CountAsync(r => r.PatientId == patientId && r.TrialId == trialId, Ct)));
        Assert.Equal(1, await DbAsync(db => db.TrialReferralTransitions.CountAsync(t => db.TrialReferrals.Any(r => r.Id == t.TrialReferralId && r.PatientId == patientId && r.TrialId == trialId), Ct)));
    }

    [Fact]
    public async Task When_both_checks_pass_before_either_write_the_index_refuses_the_second_and_the_service_reads_it_as_a_duplicate()
    {
        var (patientId, trialId, _, _) = await ArrangeAsync(1, "INDEX");
        await using var scope = factory.Services.CreateAsyncScope();
        var contexts = scope.ServiceProvider.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>();
        await using var first = await contexts.CreateDbContextAsync(Ct);
        await using var second = await contexts.CreateDbContextAsync(Ct);
        var oncologistId = await DbAsync(db => db.Users.Where(u => u.Email == Oncologist).Select(u => u.Id).SingleAsync(Ct));

        // Both oncologists' checks run before either referral is written: both see no open referral.
        Assert.Null(await ReferralRules.RefusalAsync(first, patientId, trialId, [], Ct));
        Assert.Null(await ReferralRules.RefusalAsync(second, patientId, trialId, [], Ct));
        first.TrialReferrals.Add(ReferralRules.NewReferral(patientId, trialId, "Eligible?", null, null, oncologistId, DateTime.UtcNow, "first"));
        second.TrialReferrals.Add(ReferralRules.NewReferral(patientId, trialId, "Eligible?", null, null, oncologistId, DateTime.UtcNow, "second"));
        await first.SaveChangesAsync(Ct);
        var refused = await Assert.ThrowsAnyAsync<DbUpdateException>(() => second.SaveChangesAsync(Ct));

        Assert.True(ReferralRules.IsOpenReferralViolation(refused), refused.InnerException?.Message ?? refused.Message);
        Assert.Equal(1, await DbAsync(db => db.TrialReferrals.CountAsync(r => r.PatientId == patientId && r.TrialId == trialId, Ct)));
    }
}

public sealed class SqliteReferralConcurrencyTests(SqliteApp app) : ReferralConcurrencyTests(app.Factory), IClassFixture<SqliteApp>;

public sealed class PostgreSqlReferralConcurrencyTests(PostgreSqlApp app) : ReferralConcurrencyTests(app.Factory), IClassFixture<PostgreSqlApp>;
