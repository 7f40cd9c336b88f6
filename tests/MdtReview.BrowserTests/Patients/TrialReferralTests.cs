using System.Text.RegularExpressions;
using MdtReview.BrowserTests.Infrastructure;
using MdtReview.Data;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Data.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace MdtReview.BrowserTests.Patients;

/// <summary>An oncologist refers a patient to a trial from the patient page, and the trial team's outcome comes back there.</summary>
public sealed class TrialReferralTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static readonly DemoUser _oncologist = DemoUsers.All.First(u => u.Email == "oncologist@demo.mdtreview.local");

    /// <summary>The cohort's renal patient on adjuvant pembrolizumab after nephrectomy (the only stage III renal story): no referral, on no agenda.</summary>
    private const string AdjuvantRenalStage = "III (pT3a N0 M0)";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<T> DbAsync<T>(Func<MdtReviewDbContext, Task<T>> action)
    {
        await using var scope = Fixture.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync(Ct);
        return await action(db);
    }

    /// <summary>This test's own trials (so no other test's referral lists change): one recruiting, one closed, both for renal cancer.</summary>
    private Task<(int PatientId, int TrialId, string PiId)> ArrangeAsync() => DbAsync(async db =>
    {
        var patientId = await db.Patients.Where(p => p.Stage == AdjuvantRenalStage && p.TumourSite == TumourSite.Renal).Select(p => p.Id).SingleAsync(Ct);
        Assert.False(await db.TrialReferrals.AnyAsync(r => r.PatientId == patientId, Ct));
        var piId = await db.Users.Where(u => u.Email == "pi@demo.mdtreview.local").Select(u => u.Id).SingleAsync(Ct);
        var open = NewTrial("ONCREF-OPEN", TrialStatus.Recruiting);
        db.Trials.AddRange(open, NewTrial("ONCREF-SHUT", TrialStatus.Closed));
        await db.SaveChangesAsync(Ct);
        return (patientId, open.Id, piId);
    });

    private static Trial NewTrial(string acronym, TrialStatus status) => new()
    {
        Title = $"{acronym}: a browser-test study in renal cell carcinoma after immunotherapy",
        RegistryId = $"NCT0{Random.Shared.Next(1_000_000, 9_999_999)}",
        Phase = "Phase 2",
        TumourSites = "Renal",
        Status = status,
        EligibilitySummary = $"{acronym}: clear cell RCC after a checkpoint inhibitor, ECOG 0–1.",
        Criteria =
        [
            new TrialCriterion { Position = 1, Text = "Clear cell RCC after at least one checkpoint inhibitor" },
            new TrialCriterion { Position = 2, Text = "ECOG performance status 0–1" },
            new TrialCriterion { Position = 3, Text = "Active autoimmune disease needing systemic treatment", IsExclusion = true },
        ],
    };

    private static async Task OpenReferralsTabAsync(IPage page, int patientId)
    {
        await page.GotoAsync($"/patients/{patientId}");
        await Expect(page.GetByTestId("patient-header")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await page.GetByRole(AriaRole.Tab, new() { Name = "Trial referrals" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Trial referrals", Level = 2 })).ToBeVisibleAsync();
    }

    private static async Task FillReferralAsync(IPage page, ILocator dialog, string question)
    {
        var trial = dialog.GetByRole(AriaRole.Combobox, new() { Name = "Trial", Exact = true });
        await trial.ClickAsync();
        await Expect(trial).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(page.GetByRole(AriaRole.Option, new() { NameRegex = new Regex("^ONCREF-OPEN ") })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Option, new() { NameRegex = new Regex("ONCREF-SHUT") })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Option, new() { NameRegex = new Regex("^ONCREF-OPEN ") }).ClickAsync();
        await Expect(trial).ToHaveTextAsync(new Regex("^ONCREF-OPEN "));
        await dialog.GetByLabel("Question for the trial team").FillAsync(question);
    }

    [Fact]
    public async Task An_oncologist_refers_a_patient_from_the_patient_page_and_then_sees_the_trial_teams_outcome_with_its_history()
    {
        var (patientId, trialId, piId) = await ArrangeAsync();
        var page = await NewSignedInPageAsync(_oncologist);
        await OpenReferralsTabAsync(page, patientId);
        var panel = page.GetByTestId("trial-referrals");
        await Expect(panel.GetByTestId("no-referrals")).ToHaveTextAsync("No trial referrals for this patient.");

        await panel.GetByRole(AriaRole.Button, new() { Name = "Refer to trial" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await FillReferralAsync(page, dialog, "Eligible for ONCREF-OPEN at relapse after adjuvant pembrolizumab?");
        await Expect(dialog.GetByTestId("trial-eligibility")).ToContainTextAsync("ONCREF-OPEN: clear cell RCC after a checkpoint inhibitor, ECOG 0–1.");
        await Expect(dialog.GetByTestId("inclusion-criteria")).ToContainTextAsync("ECOG performance status 0–1");
        await dialog.GetByLabel("Reason for referral (optional)").FillAsync("Relapse on adjuvant pembrolizumab; fit, ECOG 0.");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Refer", Exact = true }).ClickAsync();

        await Expect(dialog).ToBeHiddenAsync();
        await Expect(page.GetByText("Referred to ONCREF-OPEN.")).ToBeVisibleAsync();
        var referral = panel.GetByTestId("referral");
        await Expect(referral).ToHaveCountAsync(1);
        await Expect(referral.GetByTestId("referral-status")).ToHaveTextAsync("Referred");
        await Expect(referral.GetByTestId("referral-fhir")).ToContainTextAsync("candidate");
        await Expect(referral).ToContainTextAsync($"Referred by {_oncologist.DisplayName} on");
        await ScreenshotAsync(page, "patient-trial-referral");

        // A second referral to the same trial while the first is open: refused, with the message on the trial field.
        await panel.GetByRole(AriaRole.Button, new() { Name = "Refer to trial" }).ClickAsync();
        await FillReferralAsync(page, dialog, "Second referral by mistake");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Refer", Exact = true }).ClickAsync();
        await Expect(dialog.GetByText(new Regex(@"already has an open referral to ONCREF-OPEN: .* \(status Referred\)\."))).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        Assert.Equal(1, await DbAsync(db => db.TrialReferrals.CountAsync(r => r.PatientId == patientId && r.TrialId == trialId, Ct)));

        // The trial's PI screens the patient and finds them ineligible (written through the data layer, as the PI workspace does).
        await DbAsync(async db =>
        {
            var stored = await db.TrialReferrals.SingleAsync(r => r.PatientId == patientId && r.TrialId == trialId, Ct);
            stored.Transitions.Add(new TrialReferralTransition { FromStatus = ReferralStatus.Referred, ToStatus = ReferralStatus.Screening, At = DateTime.UtcNow, ById = piId });
            stored.Transitions.Add(new TrialReferralTransition
            {
                FromStatus = ReferralStatus.Screening, ToStatus = ReferralStatus.Ineligible, At = DateTime.UtcNow, ById = piId,
                Reason = "ECOG 2 at the screening visit", FailedCriteria = "2",
            });
            stored.Status = ReferralStatus.Ineligible;
            await db.SaveChangesAsync(Ct);
            return true;
        });

        await OpenReferralsTabAsync(page, patientId);
        await Expect(referral.GetByTestId("referral-status")).ToHaveTextAsync("Ineligible");
        await Expect(referral.GetByTestId("referral-fhir")).ToContainTextAsync("ineligible");
        var history = referral.GetByTestId("referral-history").Locator("tbody tr");
        await Expect(history).ToHaveCountAsync(3);
        await Expect(history.Nth(1)).ToContainTextAsync("Referred → Screening");
        await Expect(history.Nth(2)).ToContainTextAsync("Screening → Ineligible");
        await Expect(history.Nth(2)).ToContainTextAsync("ECOG 2 at the screening visit");
        await Expect(history.Nth(2)).ToContainTextAsync("ECOG performance status 0–1");
        await ScreenshotAsync(page, "patient-trial-referral-outcome");
    }
}
