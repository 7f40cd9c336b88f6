using Bunit;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Patients.Referrals.Components;
using MdtReview.Web.Features.Referrals;
using MdtReview.Web.Features.Referrals.Services;
using MdtReview.Web.Tests.Features.Patients.Entry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace MdtReview.Web.Tests.Features.Referrals;

/// <summary>The "Refer to trial" dialog and the patient's referrals panel over the real referral service and a SQLite database.</summary>
public sealed class ReferralComponentTests : EntryComponentTestBase
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public ReferralComponentTests() => Services.AddReferrals();

    private async Task<int> AddTrialAsync(string acronym, TrialStatus status = TrialStatus.Recruiting)
    {
        await using var db = await Contexts.CreateDbContextAsync(Ct);
        var trial = new Trial
        {
            Title = $"{acronym}: a phase 2 study", RegistryId = $"NCT0{Random.Shared.Next(1_000_000, 9_999_999)}", Phase = "Phase 2", TumourSites = "Lung, Melanoma",
            Status = status, EligibilitySummary = $"{acronym} summary: progression on anti-PD-1.",
            Criteria =
            [
                new TrialCriterion { Position = 1, Text = "Progression on anti-PD-1 therapy" },
                new TrialCriterion { Position = 2, Text = "ECOG performance status 0–1" },
                new TrialCriterion { Position = 3, Text = "Symptomatic brain metastases", IsExclusion = true },
            ],
        };
        db.Trials.Add(trial);
        await db.SaveChangesAsync(Ct);
        return trial.Id;
    }

    private static Task SetAsync<T>(IRenderedComponent<MudDialogProvider> provider, IRenderedComponent<T> field, object? value)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        provider.InvokeAsync(() => field.Instance switch
        {
            MudSelect<int?> select => select.ValueChanged.InvokeAsync((int?)value),
            MudTextField<string> text => text.ValueChanged.InvokeAsync((string?)value),
            _ => throw new InvalidOperationException(),
        });

    [Fact]
    public async Task The_dialog_shows_the_chosen_trials_eligibility_and_checklist_and_the_messages_of_the_form_and_of_the_service()
    {
        await SignInWithRoleAsync(Roles.Oncologist);
        var (patientId, _) = await AddPatientAsync();
        var trialId = await AddTrialAsync("ALPHA");
        var (provider, _) = await OpenAsync(new DialogParameters<ReferToTrialDialog> { { d => d.PatientId, patientId } });
        provider.WaitForAssertion(() => Assert.Contains("Trial", Labels(provider)));
        Assert.Superset(new HashSet<string> { "Trial", "Question for the trial team", "Reason for referral (optional)" }, Labels(provider).ToHashSet());

        await ClickAsync(provider, "Refer");
        provider.WaitForAssertion(() => Assert.Contains("Choose the trial.", Text(provider), StringComparison.Ordinal));

        await SetAsync(provider, provider.FindComponent<MudSelect<int?>>(), trialId);
        provider.WaitForAssertion(() => Assert.Contains("ALPHA summary: progression on anti-PD-1.", provider.Find("[data-testid=trial-eligibility]").TextContent, StringComparison.Ordinal));
        Assert.Equal(["Progression on anti-PD-1 therapy", "ECOG performance status 0–1"],
            provider.FindAll("[data-testid=inclusion-criteria] li").Select(li => li.TextContent.Trim()));
        Assert.Equal(["Symptomatic brain metastases"], provider.FindAll("[data-testid=exclusion-criteria] li").Select(li => li.TextContent.Trim()));
        Assert.Empty(provider.FindAll("[data-testid=trial-eligibility] input"));

        await ClickAsync(provider, "Refer");
        provider.WaitForAssertion(() => Assert.Contains("Give the question for the trial team.", Text(provider), StringComparison.Ordinal));
        await using var db = await Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(0, await db.TrialReferrals.CountAsync(Ct));
    }

    [Fact]
    public async Task A_duplicate_referral_gets_the_message_on_the_trial_field_and_a_good_one_closes_the_dialog()
    {
        await SignInWithRoleAsync(Roles.Oncologist);
        var (patientId, _) = await AddPatientAsync();
        var trialId = await AddTrialAsync("ALPHA");
        var (provider, dialog) = await OpenAsync(new DialogParameters<ReferToTrialDialog> { { d => d.PatientId, patientId } });
        provider.WaitForAssertion(() => Assert.NotEmpty(provider.FindComponents<MudSelect<int?>>()));
        await SetAsync(provider, provider.FindComponent<MudSelect<int?>>(), trialId);
        await SetAsync(provider, provider.FindComponents<MudTextField<string>>()[0], "Eligible after progression on pembrolizumab?");

        // A colleague refers the same patient to the same trial while this dialog is open.
        await Services.GetRequiredService<ReferToTrial>().HandleAsync(patientId, trialId, "Their question", null, cancellationToken: Ct);
        await ClickAsync(provider, "Refer");

        provider.WaitForAssertion(() => Assert.Contains("TESTPERSON, Sam already has an open referral to ALPHA: a phase 2 study (status Referred).", Text(provider), StringComparison.Ordinal));
        Assert.Contains("mud-input-error", provider.FindComponent<MudSelect<int?>>().Markup, StringComparison.Ordinal);

        var otherTrial = await AddTrialAsync("BETA");
        (provider, dialog) = await OpenAsync(new DialogParameters<ReferToTrialDialog> { { d => d.PatientId, patientId } });
        provider.WaitForAssertion(() => Assert.NotEmpty(provider.FindComponents<MudSelect<int?>>()));
        await SetAsync(provider, provider.FindComponent<MudSelect<int?>>(), otherTrial);
        await SetAsync(provider, provider.FindComponents<MudTextField<string>>()[0], "Eligible for BETA?");
        await ClickAsync(provider, "Refer");

        var result = await dialog.Result;
        Assert.False(result!.Canceled);
        await using var db = await Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(2, await db.TrialReferrals.CountAsync(Ct));
    }

    [Fact]
    public async Task The_dialog_says_so_when_no_trial_is_recruiting()
    {
        await SignInWithRoleAsync(Roles.Oncologist);
        var (patientId, _) = await AddPatientAsync();
        await AddTrialAsync("CLOSED", TrialStatus.Closed);

        var (provider, _) = await OpenAsync(new DialogParameters<ReferToTrialDialog> { { d => d.PatientId, patientId } });

        provider.WaitForAssertion(() => Assert.NotNull(provider.Find("[data-testid=no-recruiting-trial]")));
        Assert.DoesNotContain(provider.FindAll("button"), b => b.TextContent.Trim() == "Refer");
    }

    [Fact]
    public async Task The_referrals_panel_shows_each_referral_with_its_fhir_status_and_every_step_of_its_history()
    {
        await SignInWithRoleAsync(Roles.Oncologist);
        var (patientId, _) = await AddPatientAsync();
        var trialId = await AddTrialAsync("ALPHA");
        var created = await Services.GetRequiredService<ReferToTrial>().HandleAsync(patientId, trialId, "Eligible?", "iCPD", cancellationToken: Ct);
        await using (var db = await Contexts.CreateDbContextAsync(Ct))
        {
            var referral = await db.TrialReferrals.SingleAsync(r => r.Id == created.Id, Ct);
            var by = referral.ReferredById;
            referral.Transitions.Add(new TrialReferralTransition { FromStatus = ReferralStatus.Referred, ToStatus = ReferralStatus.Screening, At = DateTime.UtcNow, ById = by });
            referral.Transitions.Add(new TrialReferralTransition
            {
                FromStatus = ReferralStatus.Screening, ToStatus = ReferralStatus.Ineligible, At = DateTime.UtcNow, ById = by, Reason = "ECOG 2 at screening", FailedCriteria = "2",
            });
            referral.Status = ReferralStatus.Ineligible;
            await db.SaveChangesAsync(Ct);
        }

        await SignInWithRoleAsync(Roles.GovernanceLead);
        var cut = Render<TrialReferralsSection>(p => p.Add(c => c.PatientId, patientId));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=referral]")));
        Assert.Equal("Ineligible", cut.Find("[data-testid=referral-status]").TextContent.Trim());
        Assert.Contains("ineligible", cut.Find("[data-testid=referral-fhir]").TextContent, StringComparison.Ordinal);
        var rows = cut.FindAll("[data-testid=referral-history] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Contains("Referred (referral made)", rows[0], StringComparison.Ordinal);
        Assert.Contains("Referred → Screening", rows[1], StringComparison.Ordinal);
        Assert.Contains("Screening → Ineligible", rows[2], StringComparison.Ordinal);
        Assert.Contains("ECOG 2 at screening", rows[2], StringComparison.Ordinal);
        Assert.Contains("ECOG performance status 0–1", rows[2], StringComparison.Ordinal);
        Assert.Contains(DateTime.UtcNow.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture), rows[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_referrals_panel_says_so_when_the_patient_has_none()
    {
        await SignInWithRoleAsync(Roles.GovernanceLead);
        var (patientId, _) = await AddPatientAsync();

        var cut = Render<TrialReferralsSection>(p => p.Add(c => c.PatientId, patientId));

        cut.WaitForAssertion(() => Assert.Equal("No trial referrals for this patient.", cut.Find("[data-testid=no-referrals]").TextContent.Trim()));
    }
}
