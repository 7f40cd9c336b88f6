using Deque.AxeCore.Playwright;
using System.Globalization;
using System.Text.RegularExpressions;
using MdtReview.BrowserTests.Infrastructure;
using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Data.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace MdtReview.BrowserTests.Referrals;

/// <summary>
/// The trial investigator's workspace: the first demo PI screens a new demo referral through to enrolment and another to
/// ineligible and downloads the screening logs; the second demo PI cannot reach any of it.
/// </summary>
public sealed class ReferralWorkspaceTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static readonly DemoUser _pi = DemoUsers.All.Single(u => u.Email == "pi@demo.mdtreview.local");
    private static readonly DemoUser _pi2 = DemoUsers.All.Single(u => u.Email == "pi2@demo.mdtreview.local");
    private const string Horizon = "NCT09527418";
    private const string Prosper = "NCT09410231";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_pi_screens_a_new_referral_to_enrolled_and_another_to_ineligible_and_downloads_the_screening_logs()
    {
        // The seed's new referral of pi@ (HORIZON-RCC, the renal patient referred at the second meeting), and one more new referral,
        // made here for this test alone, of the melanoma patient switched to BRAF/MEK inhibition to PROSPER-IO.
        var toEnrol = await DbAsync(db => db.TrialReferrals
            .Where(r => r.Trial!.RegistryId == Horizon && r.Status == ReferralStatus.Referred && r.Question.Contains("eGFR 58")).Select(r => r.Id).SingleAsync(Ct));
        var toRefuse = await NewProsperReferralAsync();
        var newCount = await DbAsync(db => db.TrialReferrals.CountAsync(r => r.Status == ReferralStatus.Referred
            && (r.Trial!.RegistryId == Horizon || r.Trial.RegistryId == Prosper), Ct));
        var page = await NewSignedInPageAsync(_pi);

        await page.GotoAsync("/referrals");
        var nav = LoginPage.Navigation(page);
        await Expect(nav.GetByTestId("nav-new-referrals")).ToHaveTextAsync($"{newCount} new");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Trial referrals", Level = 1 })).ToBeVisibleAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.Locator($"a[href='referrals/{toEnrol}']") });
        await Expect(row).ToContainTextAsync("New");
        await Expect(row).ToContainTextAsync("HORIZON-RCC");
        await ScreenshotAsync(page, "referrals-list");
        await AssertAccessibleAsync(page);

        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/referrals/{toEnrol}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Referral to HORIZON-RCC", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("patient-summary")).ToContainTextAsync("years");
        await Expect(page.GetByTestId("referral-fhir")).ToContainTextAsync("candidate");
        await AssertAccessibleAsync(page);

        await StepAsync(page, "Start screening", "Screening");
        await Expect(nav.GetByTestId("nav-new-referrals")).ToHaveTextAsync($"{newCount - 1} new");
        await StepAsync(page, "Mark eligible", "Eligible");
        await StepAsync(page, "Mark enrolled", "Enrolled");
        await Expect(page.GetByTestId("referral-fhir")).ToContainTextAsync("on-study");
        await Expect(page.GetByTestId("history-row")).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("history-row").Nth(2)).ToContainTextAsync("Eligible → Enrolled");
        await Expect(page.GetByTestId("history-row").Nth(2)).ToContainTextAsync(_pi.DisplayName);
        await ScreenshotAsync(page, "referral-enrolled");

        await page.GotoAsync($"/referrals/{toRefuse.Id}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Referral to PROSPER-IO", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Mark ineligible" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Mark ineligible" }).ClickAsync();
        await Expect(dialog).ToContainTextAsync("Tick at least one checklist criterion");
        await dialog.GetByLabel("6. Exclusion: Ongoing immune-related adverse event needing more than 10 mg prednisolone a day").CheckAsync();
        await dialog.GetByLabel("Reason the patient is not eligible").FillAsync("Still on 20 mg prednisolone for hepatitis");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Mark ineligible" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("referral-fhir")).ToContainTextAsync("ineligible");
        var last = page.GetByTestId("history-row").Last;
        await Expect(last).ToContainTextAsync("Referred → Ineligible");
        await Expect(last).ToContainTextAsync("Ongoing immune-related adverse event needing more than 10 mg prednisolone a day");
        await Expect(last).ToContainTextAsync("Still on 20 mg prednisolone for hepatitis");

        await page.GotoAsync("/referrals");
        var horizonLog = await DownloadAsync(page, "Download screening log: HORIZON-RCC");
        var enrolled = Assert.Single(horizonLog, l => l.StartsWith($"{toEnrol},", StringComparison.Ordinal)).Split(',');
        Assert.Equal(["Enrolled", "on-study"], enrolled[6..8]);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeBySystemTimeZoneId(DateTime.UtcNow, "Europe/London")).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal([today, today, today], new[] { enrolled[5], enrolled[11], enrolled[12] });
        var prosperLog = await DownloadAsync(page, "Download screening log: PROSPER-IO");
        var ineligible = Assert.Single(prosperLog, l => l.StartsWith($"{toRefuse.Id},", StringComparison.Ordinal));
        Assert.Contains(",Ineligible,ineligible,", ineligible, StringComparison.Ordinal);
        Assert.Contains("Ongoing immune-related adverse event needing more than 10 mg prednisolone a day,Still on 20 mg prednisolone for hepatitis", ineligible, StringComparison.Ordinal);
        Assert.DoesNotContain(prosperLog, l => l.Contains(toRefuse.FamilyName, StringComparison.Ordinal) || l.Contains(toRefuse.Mrn, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_second_pi_pasting_the_first_pis_referral_url_sees_not_found_and_none_of_the_first_pis_referrals()
    {
        var enrolled = await DbAsync(db => db.TrialReferrals.Where(r => r.Trial!.RegistryId == Prosper && r.DecisionId != null)
            .OrderBy(r => r.Id).Select(r => r.Id).FirstAsync(Ct));
        var page = await NewSignedInPageAsync(_pi2);

        await page.GotoAsync($"/referrals/{enrolled}");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("PROSPER-IO")).ToHaveCountAsync(0);

        await page.GotoAsync("/referrals");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Trial referrals", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Open referrals only").UncheckAsync();
        var rows = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.Locator("a[href^='referrals/']") });
        await Expect(rows.Filter(new() { HasText = "Declined" })).ToHaveCountAsync(1);
        await Expect(rows.Filter(new() { HasText = "ELEVATE-2" })).ToHaveCountAsync(await rows.CountAsync());
        await Expect(page.Locator($"a[href='referrals/{enrolled}']")).ToHaveCountAsync(0);
        await Expect(page.GetByText("PROSPER-IO")).ToHaveCountAsync(0);
        await Expect(page.GetByText("HORIZON-RCC")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Download screening log: ELEVATE-2" })).ToBeVisibleAsync();
    }

    private static async Task AssertAccessibleAsync(IPage page)
    {
        var blocking = (await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id}: {v.Help}: {string.Join(" | ", v.Nodes.Select(n => n.Target))}").ToList();
        Assert.True(blocking.Count == 0, string.Join(Environment.NewLine, blocking));
    }

    private static async Task StepAsync(IPage page, string action, string expectedStatus)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = action }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Button, new() { Name = action }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("history-row").Last).ToContainTextAsync($"→ {expectedStatus}");
    }

    private static async Task<string[]> DownloadAsync(IPage page, string link)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = link }).ClickAsync());
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        var text = await File.ReadAllTextAsync(await download.PathAsync(), Ct);
        var lines = text.TrimEnd().Split("\r\n");
        Assert.StartsWith("ReferralId,ReferralDate,AgeYears,Sex,TumourSite,ScreeningDate,Outcome,OutcomeFhirCode", lines[0], StringComparison.Ordinal);
        return lines;
    }

    /// <summary>A new PROSPER-IO referral of the BRAF V600E melanoma patient (switched to dabrafenib + trametinib in the seed).</summary>
    private Task<(int Id, string FamilyName, string Mrn)> NewProsperReferralAsync() => DbAsync(async db =>
    {
        var patientId = await db.Biomarkers.Where(b => b.Name == "BRAF V600" && b.Result.StartsWith("V600E")).OrderBy(b => b.PatientId).Select(b => b.PatientId).FirstAsync(Ct);
        var patient = await db.Patients.Where(p => p.Id == patientId).Select(p => new { p.FamilyName, p.Mrn }).SingleAsync(Ct);
        var trialId = await db.Trials.Where(t => t.RegistryId == Prosper).Select(t => t.Id).SingleAsync(Ct);
        var referrer = await db.Users.Where(u => u.Email == "oncologist2@demo.mdtreview.local").Select(u => u.Id).SingleAsync(Ct);
        var referral = new TrialReferral
        {
            TrialId = trialId, PatientId = patientId, Status = ReferralStatus.Referred, ReferredById = referrer, ReferredAt = DateTime.UtcNow.AddHours(-1),
            Question = "Eligible for PROSPER-IO after progression on BRAF/MEK inhibition? (browser test)",
        };
        db.TrialReferrals.Add(referral);
        await db.SaveChangesAsync(Ct);
        return (referral.Id, patient.FamilyName, patient.Mrn);
    });

    private async Task<T> DbAsync<T>(Func<MdtReviewDbContext, Task<T>> query)
    {
        await using var scope = Fixture.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync(Ct);
        return await query(db);
    }
}
