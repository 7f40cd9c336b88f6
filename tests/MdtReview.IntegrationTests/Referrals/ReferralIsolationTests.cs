using System.Net;
using System.Text.RegularExpressions;
using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Data.Seeding;
using MdtReview.IntegrationTests.Entry;
using MdtReview.Web.Features.Referrals.Pages;
using MdtReview.Web.Features.Referrals.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MdtReview.IntegrationTests.Referrals;

/// <summary>
/// URL tampering against the real app, signed in through the login form: the second demo PI guesses or pastes the first PI's
/// referral and screening-log URLs; a governance lead and an administrator try the workspace. And two screening steps racing
/// on the same referral, on each provider.
/// </summary>
public abstract class ReferralIsolationTests(MdtReviewAppFactory factory)
{
    private const string Pi = "pi@demo.mdtreview.local";
    private const string Pi2 = "pi2@demo.mdtreview.local";
    private const string Horizon = "NCT09527418";
    private const string Prosper = "NCT09410231";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_second_pi_pasting_the_first_pis_referral_url_gets_the_page_a_missing_referral_gets()
    {
        var id = await NewDemoReferralIdAsync();
        using var client = await SignedInAsync(Pi2);

        var theirs = await client.GetAsync($"/referrals/{id}", Ct);
        var missing = await client.GetAsync($"/referrals/{int.MaxValue}", Ct);

        Assert.Equal(HttpStatusCode.OK, theirs.StatusCode);
        Assert.Equal(missing.StatusCode, theirs.StatusCode);
        var question = await DbAsync(db => db.TrialReferrals.Where(r => r.Id == id).Select(r => r.Question).SingleAsync(Ct));
        Assert.DoesNotContain(question, await theirs.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // The page renders interactively (prerendering is off): render it as the circuit would, in a scope signed in as pi2.
        var asPi2 = await RenderReferralPageAsync(Pi2, id);
        var asPi2Missing = await RenderReferralPageAsync(Pi2, int.MaxValue);
        Assert.Contains("Not found", asPi2, StringComparison.Ordinal);
        Assert.DoesNotContain(question, asPi2, StringComparison.Ordinal);
        Assert.Equal(asPi2Missing, asPi2);

        var asPi = await RenderReferralPageAsync(Pi, id);
        Assert.Contains(question, asPi, StringComparison.Ordinal);
        Assert.DoesNotContain("Not found", asPi, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_second_pi_gets_404_for_the_first_pis_screening_log_as_for_a_missing_trial_and_the_first_pi_gets_the_csv()
    {
        var trialId = await TrialIdAsync(Horizon);
        using var pi2 = await SignedInAsync(Pi2);
        using var pi = await SignedInAsync(Pi);

        var theirs = await pi2.GetAsync($"/referrals/trials/{trialId}/screening-log.csv", Ct);
        var missing = await pi2.GetAsync($"/referrals/trials/{int.MaxValue}/screening-log.csv", Ct);
        var own = await pi.GetAsync($"/referrals/trials/{trialId}/screening-log.csv", Ct);

        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(WithoutTokens(await missing.Content.ReadAsStringAsync(Ct)), WithoutTokens(await theirs.Content.ReadAsStringAsync(Ct)));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("text/csv", own.Content.Headers.ContentType?.MediaType);
        var csv = await own.Content.ReadAsStringAsync(Ct);
        Assert.StartsWith(string.Join(',', ScreeningLog.Header), csv, StringComparison.Ordinal);
        var referrals = await DbAsync(db => db.TrialReferrals.CountAsync(r => r.TrialId == trialId, Ct));
        Assert.Equal(referrals + 1, csv.TrimEnd().Split("\r\n").Length);
    }

    [Theory]
    [InlineData("governance@demo.mdtreview.local")]
    [InlineData("admin@demo.mdtreview.local")]
    public async Task A_governance_lead_or_administrator_is_refused_the_referral_workspace_and_the_screening_log(string email)
    {
        var id = await NewDemoReferralIdAsync();
        var trialId = await TrialIdAsync(Horizon);
        using var client = await SignedInAsync(email);

        foreach (var path in new[] { "/referrals", $"/referrals/{id}", $"/referrals/trials/{trialId}/screening-log.csv" })
        {
            var response = await client.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/Account/AccessDenied", LoginClient.RedirectPath(response));
        }
    }

    [Fact]
    public async Task An_anonymous_request_for_the_workspace_or_a_log_is_sent_to_sign_in()
    {
        var trialId = await TrialIdAsync(Horizon);
        using var client = LoginClient.Create(factory);

        foreach (var path in new[] { "/referrals", $"/referrals/trials/{trialId}/screening-log.csv" })
        {
            var response = await client.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/Account/Login", LoginClient.RedirectPath(response));
        }
    }

    [Fact]
    public async Task Each_pi_lists_only_their_trials_referrals_with_the_open_filter_and_the_new_count_on_this_provider()
    {
        var piTrials = new[] { await TrialIdAsync(Horizon), await TrialIdAsync(Prosper) };
        await using var pi = await AppUserScope.SignInAsync(factory, Pi);
        await using var pi2 = await AppUserScope.SignInAsync(factory, Pi2);

        var piOpen = await pi.Get<ListReferrals>().HandleAsync(new ReferralListFilter(OpenOnly: true), Ct);
        var pi2All = await pi2.Get<ListReferrals>().HandleAsync(new ReferralListFilter(OpenOnly: false), Ct);
        var expectedOpen = await DbAsync(db => db.TrialReferrals
            .Where(r => piTrials.Contains(r.TrialId) && r.Status != ReferralStatus.Ineligible && r.Status != ReferralStatus.Declined && r.Status != ReferralStatus.Withdrawn)
            .Select(r => r.Id).OrderBy(id => id).ToListAsync(Ct));

        Assert.Equal(expectedOpen, piOpen.Rows.Select(r => r.Id).Order());
        Assert.NotEmpty(pi2All.Rows);
        Assert.DoesNotContain(pi2All.Rows, r => piTrials.Contains(r.TrialId));
        Assert.Equal(piOpen.Rows.Count(r => r.IsNew), await pi.Get<CountNewReferrals>().HandleAsync(Ct));
    }

    [Fact]
    public async Task Two_screening_steps_from_the_same_version_give_one_save_and_one_conflict_showing_the_winner()
    {
        var id = await NewReferralAsync(Prosper);
        var version = await DbAsync(db => db.TrialReferrals.Where(r => r.Id == id).Select(r => r.Version).SingleAsync(Ct));
        await using var first = await AppUserScope.SignInAsync(factory, Pi);
        await using var second = await AppUserScope.SignInAsync(factory, Pi);

        var results = await Task.WhenAll(
            first.Get<TransitionReferral>().HandleAsync(id, new ReferralTransitionRequest(ReferralStatus.Screening), version, Ct),
            second.Get<TransitionReferral>().HandleAsync(id, new ReferralTransitionRequest(ReferralStatus.Withdrawn, "Patient moved away"), version, Ct));

        var saved = Assert.Single(results, r => r.Succeeded);
        var conflict = Assert.Single(results, r => r.Outcome == ReferralCommandOutcome.Conflict).Conflict!;
        var stored = await DbAsync(db => db.TrialReferrals.AsNoTracking().Include(r => r.Transitions).SingleAsync(r => r.Id == id, Ct));
        Assert.Single(stored.Transitions);
        Assert.Equal(stored.Status, conflict.CurrentStatus);
        Assert.Equal(stored.Version, conflict.CurrentVersion);
        Assert.Equal(stored.Transitions[0].ToStatus, stored.Status);
    }

    /// <summary>The page without its per-request secrets (component descriptors, antiforgery tokens), which differ on every response.</summary>
    private static string WithoutTokens(string html) => Regex.Replace(Regex.Replace(html, @"<!--Blazor:[\s\S]*?-->", ""), "value=\"[^\"]*\"", "");

    private async Task<string> RenderReferralPageAsync(string email, int id)
    {
        await using var user = await AppUserScope.SignInAsync(factory, email);
        // As a circuit would have it: MudBlazor's snackbar service listens to navigation.
        ((IHostEnvironmentNavigationManager)user.Get<NavigationManager>()).Initialize("http://localhost/", $"http://localhost/referrals/{id}");
        await using var renderer = new HtmlRenderer(user.Services, user.Get<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<ReferralPage>(ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(ReferralPage.Id)] = id }));
            return output.ToHtmlString();
        });
    }

    /// <summary>The first PI's demo referral that is still new: the renal patient referred to HORIZON-RCC at the second meeting.</summary>
    private async Task<int> NewDemoReferralIdAsync()
    {
        var trialId = await TrialIdAsync(Horizon);
        return await DbAsync(db => db.TrialReferrals.Where(r => r.TrialId == trialId && r.DecisionId != null && r.Question.Contains("eGFR 58"))
            .Select(r => r.Id).SingleAsync(Ct));
    }

    private Task<int> TrialIdAsync(string registryId) => DbAsync(db => db.Trials.Where(t => t.RegistryId == registryId).Select(t => t.Id).SingleAsync(Ct));

    /// <summary>A referral of a patient made for this test alone, so the race writes to nothing another test reads.</summary>
    private async Task<int> NewReferralAsync(string registryId)
    {
        var trialId = await TrialIdAsync(registryId);
        return await DbAsync(async db =>
        {
            var referrer = await db.Users.Where(u => u.Email == "oncologist@demo.mdtreview.local").Select(u => u.Id).SingleAsync(Ct);
            var patient = new Patient
            {
                Mrn = $"RI{Guid.NewGuid():N}"[..12], FamilyName = "Racetest", GivenName = "Rita", DateOfBirth = new DateOnly(1970, 5, 5), Sex = Sex.Female,
                TumourSite = TumourSite.Melanoma, Histology = "Cutaneous melanoma", Stage = "IV (M1c)", DiagnosisDate = new DateOnly(2024, 1, 1), CreatedAt = DateTime.UtcNow,
            };
            var referral = new TrialReferral
            {
                TrialId = trialId, Patient = patient, Question = "Eligible?", Status = ReferralStatus.Referred, ReferredById = referrer, ReferredAt = DateTime.UtcNow,
            };
            db.TrialReferrals.Add(referral);
            await db.SaveChangesAsync(Ct);
            return referral.Id;
        });
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = LoginClient.Create(factory);
        var signIn = await LoginClient.SignInAsync(client, email, DemoUsers.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    private async Task<T> DbAsync<T>(Func<MdtReviewDbContext, Task<T>> query)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync(Ct);
        return await query(db);
    }
}

public sealed class SqliteReferralIsolationTests(SqliteApp app) : ReferralIsolationTests(app.Factory), IClassFixture<SqliteApp>;

public sealed class PostgreSqlReferralIsolationTests(PostgreSqlApp app) : ReferralIsolationTests(app.Factory), IClassFixture<PostgreSqlApp>;
