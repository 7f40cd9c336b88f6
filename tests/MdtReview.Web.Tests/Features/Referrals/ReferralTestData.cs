using MdtReview.Data;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Testing;
using MdtReview.Web.Features.Referrals.Services;
using MdtReview.Web.Tests.Features.Meetings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.Web.Tests.Features.Referrals;

/// <summary>
/// A real SQLite database with an oncologist, a user of every other role, and helpers for trials and referrals; the
/// referral service runs on a clock stopped at <see cref="MeetingTestData.Now"/> unless a test moves it.
/// </summary>
internal sealed class ReferralTestData : IAsyncDisposable
{
    private int _serial;

    private ReferralTestData(ServiceTestHost host)
    {
        Host = host;
        Meetings = new MeetingTestData(host);
    }

    public ServiceTestHost Host { get; }

    public MeetingTestData Meetings { get; }

    public string OncologistId { get; private set; } = "";

    public string PiId { get; private set; } = "";

    public IReadOnlyDictionary<string, string> Users { get; private set; } = new Dictionary<string, string>();

    public static async Task<ReferralTestData> StartAsync()
    {
        var data = new ReferralTestData(await ServiceTestHost.StartAsync());
        data.OncologistId = await data.Host.CreateUserAsync("oncologist@test.local", Roles.Oncologist);
        data.PiId = await data.Host.CreateUserAsync("pi@test.local", Roles.TrialInvestigator);
        data.Users = new Dictionary<string, string>
        {
            [Roles.Oncologist] = data.OncologistId,
            [Roles.GovernanceLead] = await data.Host.CreateUserAsync("governance@test.local", Roles.GovernanceLead),
            [Roles.TrialInvestigator] = data.PiId,
            [Roles.Administrator] = await data.Host.CreateUserAsync("admin@test.local", Roles.Administrator),
        };
        data.Host.SignInAs(data.OncologistId);
        return data;
    }

    public void SignInAs(string role) => Host.SignInAs(Users[role]);

    public Task<T> Refer<T>(Func<ReferToTrial, Task<T>> action, DateTime? now = null) =>
        Host.WithScopeAsync(sp => action(ActivatorUtilities.CreateInstance<ReferToTrial>(sp, (TimeProvider)new FixedTimeProvider(new DateTimeOffset(now ?? MeetingTestData.Now)))));

    public Task<T> Run<TUseCase, T>(Func<TUseCase, Task<T>> action) where TUseCase : notnull =>
        Host.WithScopeAsync(sp => action(ActivatorUtilities.CreateInstance<TUseCase>(sp)));

    public Task<T> DbAsync<T>(Func<MdtReviewDbContext, Task<T>> action) => Meetings.DbAsync(action);

    public Task<int> PatientAsync(string familyName, TumourSite site = TumourSite.Lung) => Meetings.PatientAsync(familyName, site);

    /// <summary>A trial with three key criteria (two inclusion, one exclusion); its PI is the test's trial investigator.</summary>
    public Task<int> TrialAsync(string acronym, TrialStatus status = TrialStatus.Recruiting, string sites = "Lung") => DbAsync(async db =>
    {
        var n = Interlocked.Increment(ref _serial);
        var trial = new Trial
        {
            Title = $"{acronym}: a phase 2 study after progression on immunotherapy",
            RegistryId = $"NCT0{n:D7}",
            Phase = "Phase 2",
            TumourSites = sites,
            Status = status,
            EligibilitySummary = $"{acronym}: progression on anti-PD-1, ECOG 0–1.",
            Criteria =
            [
                new TrialCriterion { Position = 1, Text = "Progression on anti-PD-1 therapy" },
                new TrialCriterion { Position = 2, Text = "ECOG performance status 0–1" },
                new TrialCriterion { Position = 3, Text = "Symptomatic brain metastases", IsExclusion = true },
            ],
        };
        trial.Team.Add(new TrialTeamMember { UserId = PiId, Role = TrialTeamRole.PrincipalInvestigator });
        db.Trials.Add(trial);
        await db.SaveChangesAsync();
        return trial.Id;
    });

    public static string TitleOf(string acronym) => $"{acronym}: a phase 2 study after progression on immunotherapy";

    /// <summary>A screening move recorded by the trial's PI through the data layer, as the PI workspace would.</summary>
    public Task MoveAsync(int referralId, ReferralStatus to, DateTime at, string? reason = null, string? failedCriteria = null) => DbAsync(async db =>
    {
        var referral = await db.TrialReferrals.SingleAsync(r => r.Id == referralId);
        db.TrialReferralTransitions.Add(new TrialReferralTransition
        {
            TrialReferralId = referralId, FromStatus = referral.Status, ToStatus = to, At = at, ById = PiId, Reason = reason, FailedCriteria = failedCriteria,
        });
        referral.Status = to;
        await db.SaveChangesAsync();
        return true;
    });

    public Task<int> ReferralCountAsync() => DbAsync(db => db.TrialReferrals.CountAsync());

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
