using MdtReview.Clinical.GuidelineCheck;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Meetings.Services;
using MdtReview.Web.Features.Patients.Entry.Services;
using MdtReview.Web.Features.Referrals.Services;
using MdtReview.Web.Tests.Features.Meetings;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Tests.Features.Referrals;

/// <summary>An oncologist refers a patient to a trial from the patient page, and the outcome comes back to the MDT.</summary>
public sealed class PatientPageReferralTests : IAsyncLifetime
{
    private ReferralTestData _data = default!;

    public async ValueTask InitializeAsync() => _data = await ReferralTestData.StartAsync();

    public ValueTask DisposeAsync() => _data.DisposeAsync();

    private Task<EntryResult> ReferAsync(int patientId, int trialId, string? question = "Eligible after progression on pembrolizumab?", string? reason = "iCPD, ECOG 1") =>
        _data.Refer(s => s.HandleAsync(patientId, trialId, question, reason));

    [Fact]
    public async Task A_referral_starts_as_referred_by_the_oncologist_now_with_its_question_and_reason()
    {
        var patient = await _data.PatientAsync("Hart");
        var trial = await _data.TrialAsync("ALPHA");

        var result = await ReferAsync(patient, trial);

        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Values));
        var referral = await _data.DbAsync(db => db.TrialReferrals.AsNoTracking().Include(r => r.Transitions).SingleAsync(r => r.Id == result.Id));
        Assert.Equal(ReferralStatus.Referred, referral.Status);
        Assert.Equal(_data.OncologistId, referral.ReferredById);
        Assert.Equal(MeetingTestData.Now, referral.ReferredAt);
        Assert.Equal("Eligible after progression on pembrolizumab?", referral.Question);
        Assert.Equal("iCPD, ECOG 1", referral.Reason);
        Assert.Null(referral.DecisionId);
        var first = Assert.Single(referral.Transitions);
        Assert.Equal((ReferralStatus.Referred, ReferralStatus.Referred, _data.OncologistId, MeetingTestData.Now), (first.FromStatus, first.ToStatus, first.ById, first.At));
    }

    [Fact]
    public async Task A_referral_without_a_question_or_with_one_too_long_is_refused_on_the_question_and_nothing_is_written()
    {
        var patient = await _data.PatientAsync("Hart");
        var trial = await _data.TrialAsync("ALPHA");

        var missing = await ReferAsync(patient, trial, question: "   ");
        var tooLong = await ReferAsync(patient, trial, question: new string('x', ReferToTrial.QuestionMaxLength + 1));

        Assert.Equal(EntryOutcome.Invalid, missing.Outcome);
        Assert.Equal("Give the question for the trial team.", missing.Errors[ReferralFields.Question]);
        Assert.Equal($"Keep the question under {ReferToTrial.QuestionMaxLength} characters.", tooLong.Errors[ReferralFields.Question]);
        Assert.Equal(0, await _data.ReferralCountAsync());
    }

    [Fact]
    public async Task A_referral_to_a_closed_trial_is_refused_with_the_trials_name_and_nothing_is_written()
    {
        var patient = await _data.PatientAsync("Hart");
        var trial = await _data.TrialAsync("CLOSEDONE", TrialStatus.Closed);

        var result = await ReferAsync(patient, trial);

        Assert.Equal(EntryOutcome.Invalid, result.Outcome);
        Assert.Equal($"{ReferralTestData.TitleOf("CLOSEDONE")} is closed to recruitment.", result.Errors[ReferralFields.Trial]);
        Assert.Equal(0, await _data.ReferralCountAsync());
    }

    [Fact]
    public async Task A_referral_to_a_paused_trial_is_refused_with_its_own_message_and_nothing_is_written()
    {
        var patient = await _data.PatientAsync("Hart");
        var trial = await _data.TrialAsync("PAUSEDONE", TrialStatus.Paused);

        var result = await ReferAsync(patient, trial);

        Assert.Equal(EntryOutcome.Invalid, result.Outcome);
        Assert.Equal($"{ReferralTestData.TitleOf("PAUSEDONE")} is paused: recruitment is on hold, so it cannot take a referral now.", result.Errors[ReferralFields.Trial]);
        Assert.Equal(0, await _data.ReferralCountAsync());
    }

    [Fact]
    public async Task A_second_referral_while_the_first_is_open_is_refused_naming_the_patient_the_trial_and_the_status()
    {
        var patient = await _data.PatientAsync("Hart");
        var trial = await _data.TrialAsync("ALPHA");
        var first = await ReferAsync(patient, trial);
        await _data.MoveAsync(first.Id!.Value, ReferralStatus.Screening, MeetingTestData.Now.AddDays(1));

        var second = await ReferAsync(patient, trial);

        Assert.Equal(EntryOutcome.Invalid, second.Outcome);
        Assert.Equal($"HART, Test already has an open referral to {ReferralTestData.TitleOf("ALPHA")} (status Screening).", second.Errors[ReferralFields.Trial]);
        Assert.Equal(1, await _data.ReferralCountAsync());
    }

    [Fact]
    public async Task A_referral_that_ended_does_not_stop_a_new_one_to_the_same_trial()
    {
        var patient = await _data.PatientAsync("Hart");
        var trial = await _data.TrialAsync("ALPHA");
        var first = await ReferAsync(patient, trial);
        await _data.MoveAsync(first.Id!.Value, ReferralStatus.Ineligible, MeetingTestData.Now.AddDays(3), "eGFR 26 below the minimum of 30", "1");

        var second = await ReferAsync(patient, trial, question: "Eligible now that eGFR has recovered to 45?");

        Assert.True(second.Succeeded, string.Join(" ", second.Errors.Values));
        Assert.Equal(2, await _data.ReferralCountAsync());
    }

    [Theory]
    [InlineData(Roles.GovernanceLead)]
    [InlineData(Roles.TrialInvestigator)]
    [InlineData(Roles.Administrator)]
    public async Task Only_oncologists_may_refer_and_a_refused_caller_writes_nothing(string role)
    {
        var patient = await _data.PatientAsync("Hart");
        var trial = await _data.TrialAsync("ALPHA");
        _data.SignInAs(role);

        var result = await ReferAsync(patient, trial);
        var trials = await _data.Run((ListRecruitingTrials s) => s.HandleAsync(patient));

        Assert.Equal(EntryOutcome.Forbidden, result.Outcome);
        Assert.Equal(ReferToTrial.ForbiddenMessage, result.Errors[EntryResult.FormKey]);
        Assert.Empty(trials);
        Assert.Equal(0, await _data.ReferralCountAsync());
    }

    [Fact]
    public async Task The_trials_offered_are_the_recruiting_ones_with_the_patients_tumour_site_first_and_their_criteria_in_order()
    {
        var patient = await _data.PatientAsync("Hart", TumourSite.Bladder);
        await _data.TrialAsync("ZETA", sites: "Lung, Bladder");
        await _data.TrialAsync("BETA", sites: "Melanoma");
        await _data.TrialAsync("CLOSEDTWO", TrialStatus.Closed, sites: "Bladder");
        await _data.TrialAsync("PAUSEDTWO", TrialStatus.Paused, sites: "Bladder");

        var trials = await _data.Run((ListRecruitingTrials s) => s.HandleAsync(patient));

        Assert.Equal(["ZETA", "BETA"], trials.Select(t => t.ShortTitle));
        Assert.Equal([true, false], trials.Select(t => t.MatchesTumourSite));
        Assert.Equal("ZETA: progression on anti-PD-1, ECOG 0–1.", trials[0].EligibilitySummary);
        Assert.Equal([1, 2, 3], trials[0].Criteria.Select(c => c.Position));
        Assert.True(trials[0].Criteria[2].IsExclusion);
    }

    [Fact]
    public async Task The_patient_page_shows_the_outcome_the_trial_team_recorded_with_every_step_its_fhir_status_and_failed_criteria_by_their_text()
    {
        var patient = await _data.PatientAsync("Hart");
        var trial = await _data.TrialAsync("ALPHA");
        var created = await ReferAsync(patient, trial);
        await _data.MoveAsync(created.Id!.Value, ReferralStatus.Screening, MeetingTestData.Now.AddDays(2));
        await _data.MoveAsync(created.Id.Value, ReferralStatus.Ineligible, MeetingTestData.Now.AddDays(9), "ECOG 2 at screening", "2");

        _data.SignInAs(Roles.GovernanceLead);
        var referral = Assert.Single(await _data.Run((ListPatientReferrals s) => s.HandleAsync(patient)));

        Assert.Equal(ReferralStatus.Ineligible, referral.Status);
        Assert.Equal("ineligible", referral.FhirStatus);
        Assert.Equal("ALPHA", referral.TrialShortTitle);
        Assert.Equal("oncologist", referral.ReferredBy);
        Assert.Equal(
            [(null, ReferralStatus.Referred), (ReferralStatus.Referred, ReferralStatus.Screening), (ReferralStatus.Screening, ReferralStatus.Ineligible)],
            referral.History.Select(h => (h.From, h.To)));
        Assert.Equal("Referred from the patient page", referral.History[0].Reason);
        var ended = referral.History[2];
        Assert.Equal(("pi", "ECOG 2 at screening", MeetingTestData.Now.AddDays(9)), (ended.By, ended.Reason, ended.AtUtc));
        Assert.Equal(["ECOG performance status 0–1"], ended.FailedCriteria);
    }

    [Fact]
    public async Task A_trial_investigator_or_administrator_gets_no_referral_through_the_patient_page_service()
    {
        var patient = await _data.PatientAsync("Hart");
        var trial = await _data.TrialAsync("ALPHA");
        await ReferAsync(patient, trial);

        _data.SignInAs(Roles.TrialInvestigator);
        Assert.Empty(await _data.Run((ListPatientReferrals s) => s.HandleAsync(patient)));
        _data.SignInAs(Roles.Administrator);
        Assert.Empty(await _data.Run((ListPatientReferrals s) => s.HandleAsync(patient)));
    }

    [Fact]
    public async Task A_referral_made_outside_a_meeting_and_then_screened_is_suggested_for_the_agenda_naming_the_trial_and_the_new_status()
    {
        // The lung MDT on Thursday 18 June 2026; the patients were discussed at the closed meeting on 1 May.
        var meetingId = await _data.Meetings.MeetingAsync(new DateTime(2026, 6, 18, 12, 0, 0, DateTimeKind.Utc));
        var past = await _data.Meetings.MeetingAsync(new DateTime(2026, 5, 1, 12, 0, 0, DateTimeKind.Utc), status: MeetingStatus.Closed);
        var referredOnly = await _data.PatientAsync("Newref");
        var screened = await _data.PatientAsync("Screened");
        var byMeeting = await _data.PatientAsync("Bymeeting");
        foreach (var id in new[] { referredOnly, screened, byMeeting })
        {
            await _data.Meetings.CaseAsync(past, id, MeetingCaseStatus.Discussed);
        }

        var trial = await _data.TrialAsync("ALPHA");
        var at = new DateTime(2026, 6, 3, 14, 0, 0, DateTimeKind.Utc);
        Assert.True((await _data.Refer(s => s.HandleAsync(referredOnly, trial, "Eligible?", null), at)).Succeeded);
        var screenedReferral = await _data.Refer(s => s.HandleAsync(screened, trial, "Eligible?", null), at);
        await _data.MoveAsync(screenedReferral.Id!.Value, ReferralStatus.Screening, new DateTime(2026, 6, 8, 10, 0, 0, DateTimeKind.Utc));
        // A referral the MDT itself made at its 1 May meeting is not news to it.
        var caseId = await _data.DbAsync(db => db.MeetingCases.Where(c => c.PatientId == byMeeting).Select(c => c.Id).SingleAsync());
        var decision = await _data.Meetings.DecisionAsync(byMeeting, caseId, _data.OncologistId, DecisionOutcome.ReferToTrial);
        Assert.True((await _data.Refer(s => s.HandleAsync(byMeeting, trial, "Eligible?", null, decision), new DateTime(2026, 5, 1, 12, 40, 0, DateTimeKind.Utc))).Succeeded);

        var suggestions = await _data.Meetings.Suggestions(s => s.SuggestAsync(meetingId));

        string ReasonFor(int patientId) => Assert.Single(Assert.Single(suggestions, s => s.PatientId == patientId).Reasons, r => r.Kind == SuggestionKind.TrialReferralStatusChange).Text;
        Assert.Equal("Trial referral to ALPHA: Referred on 3 Jun 2026 (new referral outside an MDT meeting)", ReasonFor(referredOnly));
        Assert.Equal("Trial referral to ALPHA: Referred → Screening on 8 Jun 2026", ReasonFor(screened));
        Assert.DoesNotContain(suggestions, s => s.PatientId == byMeeting && s.Reasons.Any(r => r.Kind == SuggestionKind.TrialReferralStatusChange));
    }
}
