using MdtReview.Data;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Data.Seeding;
using MdtReview.Web.Features.Referrals.Services;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.Web.Tests.Features.Referrals;

/// <summary>
/// The demo cohort (pi@ on PROSPER-IO and HORIZON-RCC, pi2@ on ELEVATE-2) in a SQLite test database, plus referrals each test
/// makes for a patient of its own, so tests that screen never touch what another test reads.
/// </summary>
public sealed class ReferralWorld : IAsyncLifetime
{
    public const string Pi = "pi@demo.mdtreview.local";
    public const string Pi2 = "pi2@demo.mdtreview.local";
    public const string Oncologist = "oncologist@demo.mdtreview.local";
    public const string Oncologist2 = "oncologist2@demo.mdtreview.local";
    public const string Governance = "governance@demo.mdtreview.local";
    public const string Admin = "admin@demo.mdtreview.local";

    private int _serial;

    public ServiceTestHost Host { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        Host = await ServiceTestHost.StartAsync();
        await Host.WithScopeAsync(sp => sp.GetRequiredService<DemoSeeder>().SeedAsync());
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();

    public async Task SignInAsync(string email) => Host.SignInAs(await UserIdAsync(email), email);

    public Task<string> UserIdAsync(string email) =>
        Host.WithScopeAsync(async sp => (await sp.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!.Id);

    /// <summary>Runs <paramref name="action"/> with the workspace use cases, all from one scope as a page's would be.</summary>
    public Task<T> UseCases<T>(Func<ReferralUseCases, Task<T>> action) => Host.WithScopeAsync(sp => action(new ReferralUseCases(
        ActivatorUtilities.CreateInstance<ListReferrals>(sp), ActivatorUtilities.CreateInstance<CountNewReferrals>(sp),
        ActivatorUtilities.CreateInstance<GetReferralDetail>(sp), ActivatorUtilities.CreateInstance<RecordReferralView>(sp),
        ActivatorUtilities.CreateInstance<TransitionReferral>(sp), ActivatorUtilities.CreateInstance<ExportScreeningLog>(sp))));

    public Task<T> Db<T>(Func<MdtReviewDbContext, Task<T>> query) => Host.WithScopeAsync(async sp =>
    {
        await using var db = await sp.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync();
        return await query(db);
    });

    /// <summary>The demo trial whose registry id is <paramref name="registryId"/>.</summary>
    public Task<int> TrialIdAsync(string registryId) => Db(db => db.Trials.Where(t => t.RegistryId == registryId).Select(t => t.Id).SingleAsync());

    public const string Prosper = "NCT09410231";
    public const string Horizon = "NCT09527418";
    public const string Elevate = "NCT09633052";

    /// <summary>A new patient of this test alone, referred by <paramref name="referrerEmail"/> to the trial, in state <paramref name="status"/>.</summary>
    public async Task<TestReferral> NewReferralAsync(string registryId, string referrerEmail = Oncologist, ReferralStatus status = ReferralStatus.Referred)
    {
        var trialId = await TrialIdAsync(registryId);
        var referrerId = await UserIdAsync(referrerEmail);
        var piId = await Db(db => db.TrialTeamMembers.Where(m => m.TrialId == trialId).Select(m => m.UserId).FirstAsync());
        var n = Interlocked.Increment(ref _serial);
        return await Db(async db =>
        {
            var patient = new Patient
            {
                Mrn = $"RT{n:D6}",
                NhsNumber = null,
                FamilyName = $"Zanzibar{n}",
                GivenName = "Quentin",
                DateOfBirth = new DateOnly(1960, 1, 1),
                Sex = Sex.Male,
                TumourSite = TumourSite.Renal,
                Histology = "Clear cell renal cell carcinoma",
                Stage = "IV (T3a N1 M1)",
                DiagnosisDate = new DateOnly(2024, 3, 1),
                CreatedAt = DateTime.UtcNow,
                Biomarkers = [new Biomarker { Name = "PD-L1 CPS", Result = "5" }],
                EcogAssessments = [new EcogAssessment { AssessedOn = new DateOnly(2026, 1, 5), Score = 1 }],
                TreatmentCourses =
                [
                    new TreatmentCourse
                    {
                        Regimen = "Nivolumab + ipilimumab", Drugs = "nivolumab, ipilimumab", IntervalDays = 21, LineOfTherapy = 1,
                        StartDate = new DateOnly(2024, 4, 1), EndDate = new DateOnly(2025, 6, 1), Status = TreatmentStatus.Stopped,
                    },
                ],
            };
            db.Patients.Add(patient);
            var referral = new TrialReferral
            {
                TrialId = trialId, Patient = patient, Question = $"Eligible? (test {n})", Reason = "Progression on first-line immunotherapy",
                Status = ReferralStatus.Referred, ReferredById = referrerId, ReferredAt = DateTime.UtcNow.AddDays(-3),
            };
            var from = ReferralStatus.Referred;
            foreach (var to in PathTo(status))
            {
                referral.Transitions.Add(new TrialReferralTransition { FromStatus = from, ToStatus = to, At = DateTime.UtcNow.AddDays(-2), ById = piId });
                from = to;
            }

            referral.Status = status;
            db.TrialReferrals.Add(referral);
            await db.SaveChangesAsync();
            return new TestReferral(referral.Id, trialId, patient.Id, patient.FamilyName, patient.Mrn);
        });
    }

    public Task<(ReferralStatus Status, uint Version, int Transitions)> StateAsync(int referralId) => Db(async db =>
    {
        var r = await db.TrialReferrals.AsNoTracking().Where(x => x.Id == referralId).Select(x => new { x.Status, x.Version, Count = x.Transitions.Count }).SingleAsync();
        return (r.Status, r.Version, r.Count);
    });

    public Task<uint> VersionAsync(int referralId) => Db(db => db.TrialReferrals.Where(r => r.Id == referralId).Select(r => r.Version).SingleAsync());

    private static IEnumerable<ReferralStatus> PathTo(ReferralStatus status) => status switch
    {
        ReferralStatus.Screening => [ReferralStatus.Screening],
        ReferralStatus.Eligible => [ReferralStatus.Screening, ReferralStatus.Eligible],
        ReferralStatus.Enrolled => [ReferralStatus.Screening, ReferralStatus.Eligible, ReferralStatus.Enrolled],
        _ => [],
    };

    /// <summary>The test patients are born on 1 January 1960, so their age is this year's number less 1960 on any day.</summary>
    public static int AgeToday(DateOnly dob)
    {
        Assert.Equal(new DateOnly(1960, 1, 1), dob);
        return DateOnly.FromDateTime(Web.Features.Patients.Services.HospitalTime.ToLocal(DateTime.UtcNow)).Year - 1960;
    }
}

public sealed record ReferralUseCases(
    ListReferrals List, CountNewReferrals CountNew, GetReferralDetail Detail, RecordReferralView View, TransitionReferral Transition, ExportScreeningLog Export);

public sealed record TestReferral(int Id, int TrialId, int PatientId, string FamilyName, string Mrn);
