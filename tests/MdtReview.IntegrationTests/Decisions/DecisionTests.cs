using MdtReview.Clinical.GuidelineCheck;
using MdtReview.Data.Evidence;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Decisions.Services;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.IntegrationTests.Decisions;

/// <summary>
/// Decision integrity on a real database: autosaved drafts, immutability of final decisions, amendments, concurrent edits,
/// double finalise, the effect on the treatment course and the trial referral. Run on SQLite and PostgreSQL.
/// </summary>
public abstract class DecisionTests(DecisionDatabase database)
{
    private const string Oncologist = "oncologist@demo.mdtreview.local";
    private const string Oncologist2 = "oncologist2@demo.mdtreview.local";
    private const string Governance = "governance@demo.mdtreview.local";
    private const string Pi = "pi@demo.mdtreview.local";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The planned demo meeting's case at this agenda position (each test uses its own).</summary>
    private async Task<int> PlannedCaseAsync(int position)
    {
        await using var db = await database.ContextAsync();
        return await db.MeetingCases.Where(c => c.Position == position && db.Meetings.Any(m => m.Id == c.MeetingId && m.Status == MeetingStatus.Planned))
            .Select(c => c.Id).SingleAsync(Ct);
    }

    private async Task<DecisionEditor> OpenCaseAsOncologistAsync(int position)
    {
        await database.SignInAsync(Oncologist);
        var editor = await database.New<OpenDecisionEditor>().ForCaseAsync(await PlannedCaseAsync(position), Ct);
        Assert.NotNull(editor);
        return editor;
    }

    private static DecisionDraft Ready(DecisionEditor editor, DecisionOutcome outcome, string rationale) => Ready(editor.Draft, outcome, rationale);

    private static DecisionDraft Ready(DecisionDraft opened, DecisionOutcome outcome, string rationale)
    {
        var draft = opened.Copy();
        draft.Outcome = outcome;
        draft.Rationale = rationale;
        return draft;
    }

    [Fact]
    public async Task An_autosaved_draft_is_restored_when_the_case_is_opened_again()
    {
        var editor = await OpenCaseAsOncologistAsync(1);
        var draft = Ready(editor, DecisionOutcome.Continue, "Pseudo-progression confirmed; continue pembrolizumab.");

        var saved = await database.New<SaveDecisionDraft>().SaveAsync(draft, Ct);
        Assert.Equal(DecisionResultKind.Saved, saved.Kind);
        var typedMore = saved.Draft!.Copy();
        typedMore.Rationale += " Next CT in 12 weeks.";
        Assert.Equal(DecisionResultKind.Saved, (await database.New<SaveDecisionDraft>().SaveAsync(typedMore, Ct)).Kind);

        // A reload or a new circuit after a restart: a new use case over the same database.
        var reopened = await database.New<OpenDecisionEditor>().ForCaseAsync(editor.MeetingCaseId!.Value, Ct);
        Assert.NotNull(reopened);
        Assert.Equal(DecisionStatus.Draft, reopened.Draft.Status);
        Assert.Equal(saved.Draft.Id, reopened.Draft.Id);
        Assert.Equal(DecisionOutcome.Continue, reopened.Draft.Outcome);
        Assert.Equal("Pseudo-progression confirmed; continue pembrolizumab. Next CT in 12 weeks.", reopened.Draft.Rationale);
    }

    [Fact]
    public async Task A_final_decision_is_refused_any_change_and_keeps_its_snapshot()
    {
        var editor = await OpenCaseAsOncologistAsync(2);
        var final = await database.New<FinaliseDecision>().FinaliseAsync(Ready(editor, DecisionOutcome.Continue, "Continue beyond iUPD; confirmation CT in 6 weeks."), Ct);
        Assert.Equal(DecisionResultKind.Finalised, final.Kind);

        string? snapshotBefore;
        await using (var db = await database.ContextAsync())
        {
            var stored = await db.Decisions.AsNoTracking().SingleAsync(d => d.Id == final.Draft!.Id, Ct);
            Assert.Equal(DecisionStatus.Final, stored.Status);
            Assert.Equal(MdtReview.Clinical.RulesVersion.Current, stored.RulesVersion);
            Assert.NotNull(stored.FinalisedAt);
            Assert.NotNull(CaseEvidence.FromSnapshotJson(stored.EvidenceSnapshotJson));
            snapshotBefore = stored.EvidenceSnapshotJson;
            Assert.Equal(MeetingCaseStatus.Discussed, await db.MeetingCases.Where(c => c.Id == stored.MeetingCaseId).Select(c => c.Status).SingleAsync(Ct));
        }

        var edit = final.Draft!.Copy();
        edit.Rationale = "Changed after signing";
        edit.Outcome = DecisionOutcome.Stop;
        var refused = await database.New<SaveDecisionDraft>().SaveAsync(edit, Ct);
        var refinalised = await database.New<FinaliseDecision>().FinaliseAsync(edit, Ct);

        Assert.Equal(DecisionResultKind.AlreadyFinal, refused.Kind);
        Assert.Equal(DecisionResultKind.AlreadyFinal, refinalised.Kind);
        await using var check = await database.ContextAsync();
        var after = await check.Decisions.AsNoTracking().SingleAsync(d => d.Id == final.Draft.Id, Ct);
        Assert.Equal(DecisionOutcome.Continue, after.Outcome);
        Assert.Equal("Continue beyond iUPD; confirmation CT in 6 weeks.", after.Rationale);
        Assert.Equal(snapshotBefore, after.EvidenceSnapshotJson);
    }

    [Fact]
    public async Task The_database_refuses_an_edit_of_a_final_decision_that_bypasses_the_service()
    {
        await using var db = await database.ContextAsync();
        var seeded = await db.Decisions.Where(d => d.Status == DecisionStatus.Final).OrderBy(d => d.Id).FirstAsync(Ct);
        seeded.Rationale = "Tampered";

        await Assert.ThrowsAnyAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));
    }

    [Fact]
    public async Task An_amendment_is_a_new_version_that_supersedes_the_final_one_and_both_are_in_the_history()
    {
        var editor = await OpenCaseAsOncologistAsync(7);
        var v1 = await database.New<FinaliseDecision>().FinaliseAsync(Ready(editor, DecisionOutcome.Continue, "Ongoing partial response; continue."), Ct);
        Assert.Equal(DecisionResultKind.Finalised, v1.Kind);

        var noReason = await database.New<AmendDecision>().AmendAsync(v1.Draft!.Id!.Value, " ", Ct);
        Assert.Equal(DecisionResultKind.Invalid, noReason.Kind);
        Assert.Contains(nameof(DecisionDraft.AmendmentReason), noReason.FieldErrors.Keys);

        var amendment = await database.New<AmendDecision>().AmendAsync(v1.Draft.Id.Value, "Patient asked to stop after two years of treatment", Ct);
        Assert.Equal(DecisionResultKind.Saved, amendment.Kind);
        var v2Draft = amendment.Draft!.Copy();
        Assert.Equal(2, v2Draft.VersionNumber);
        Assert.Equal(v1.Draft.Id, v2Draft.SupersedesId);
        v2Draft.Outcome = DecisionOutcome.Stop;
        v2Draft.Rationale = "Stop at the patient's request; CT surveillance.";
        var v2 = await database.New<FinaliseDecision>().FinaliseAsync(v2Draft, Ct);
        Assert.Equal(DecisionResultKind.Finalised, v2.Kind);

        var history = (await database.New<OpenDecisionEditor>().ForDecisionAsync(v2.Draft!.Id!.Value, Ct))!.History;
        Assert.Equal([1, 2], history.Select(h => h.VersionNumber));
        Assert.All(history, h => Assert.Equal(DecisionStatus.Final, h.Status));
        Assert.Equal([DecisionOutcome.Continue, DecisionOutcome.Stop], history.Select(h => h.Outcome));
        await using var db = await database.ContextAsync();
        var original = await db.Decisions.AsNoTracking().SingleAsync(d => d.Id == v1.Draft.Id, Ct);
        Assert.Equal(DecisionOutcome.Continue, original.Outcome);
        Assert.Equal(DecisionStatus.Final, original.Status);
    }

    [Fact]
    public async Task Two_people_editing_the_same_draft_get_a_conflict_with_both_versions_not_a_silent_overwrite()
    {
        var editor = await OpenCaseAsOncologistAsync(4);
        var created = await database.New<SaveDecisionDraft>().SaveAsync(Ready(editor, DecisionOutcome.Continue, "Start"), Ct);
        var mine = created.Draft!.Copy();
        var theirs = created.Draft.Copy();

        theirs.Rationale = "Surveillance only: do not rechallenge after grade 4 hepatitis.";
        theirs.Outcome = DecisionOutcome.Stop;
        await database.SignInAsync(Oncologist2);
        Assert.Equal(DecisionResultKind.Saved, (await database.New<SaveDecisionDraft>().SaveAsync(theirs, Ct)).Kind);
        mine.Rationale = "Rechallenge with nivolumab monotherapy.";
        await database.SignInAsync(Oncologist);
        var conflict = await database.New<SaveDecisionDraft>().SaveAsync(mine, Ct);

        Assert.Equal(DecisionResultKind.Conflict, conflict.Kind);
        Assert.Equal("Rechallenge with nivolumab monotherapy.", conflict.Draft!.Rationale);
        Assert.Equal("Surveillance only: do not rechallenge after grade 4 hepatitis.", conflict.Theirs!.Rationale);
        await using var db = await database.ContextAsync();
        Assert.Equal("Surveillance only: do not rechallenge after grade 4 hepatitis.",
            await db.Decisions.Where(d => d.Id == created.Draft.Id).Select(d => d.Rationale).SingleAsync(Ct));
    }

    [Fact]
    public async Task Finalising_the_same_draft_twice_at_once_creates_one_final_decision()
    {
        var editor = await OpenCaseAsOncologistAsync(5);
        var created = await database.New<SaveDecisionDraft>().SaveAsync(
            Ready(editor, DecisionOutcome.Stop, "Immunotherapy stays stopped after grade 3 pneumonitis; CT every 12 weeks."), Ct);
        var draft = created.Draft!;

        var results = await Task.WhenAll(
            database.New<FinaliseDecision>().FinaliseAsync(draft.Copy(), Ct),
            database.New<FinaliseDecision>().FinaliseAsync(draft.Copy(), Ct));
        var again = await database.New<FinaliseDecision>().FinaliseAsync(draft.Copy(), Ct);

        Assert.All(results.Append(again), r => Assert.True(r.Succeeded, $"{r.Kind}: {r.Message}"));
        Assert.Single(results, r => r.Kind == DecisionResultKind.Finalised);
        Assert.Equal(DecisionResultKind.AlreadyFinal, again.Kind);
        await using var db = await database.ContextAsync();
        var forCase = await db.Decisions.AsNoTracking().Where(d => d.MeetingCaseId == editor.MeetingCaseId).ToListAsync(Ct);
        var only = Assert.Single(forCase);
        Assert.Equal(DecisionStatus.Final, only.Status);
    }

    [Fact]
    public async Task Continuing_against_a_must_finding_is_refused_until_a_deviation_reason_and_text_are_given()
    {
        var editor = await OpenCaseAsOncologistAsync(3);
        Assert.Contains(editor.Evidence.Iraes, i => i.Grade >= 2);
        var draft = Ready(editor, DecisionOutcome.Continue, "Hepatitis improving on steroids; continue pembrolizumab.");
        Assert.Contains(DecisionRules.Check(editor.Evidence, DecisionOutcome.Continue), f => f.Severity == FindingSeverity.Must);

        var refused = await database.New<FinaliseDecision>().FinaliseAsync(draft, Ct);
        Assert.Equal(DecisionResultKind.Invalid, refused.Kind);
        Assert.Contains(nameof(DecisionDraft.DeviationReason), refused.FieldErrors.Keys);
        Assert.Contains(nameof(DecisionDraft.DeviationText), refused.FieldErrors.Keys);
        await using (var db = await database.ContextAsync())
        {
            Assert.False(await db.Decisions.AnyAsync(d => d.MeetingCaseId == editor.MeetingCaseId, Ct));
        }

        draft.DeviationReason = DeviationReason.ClinicalJudgement;
        draft.DeviationText = "ALT back within 3×ULN and falling; the patient is in response and asymptomatic.";
        var final = await database.New<FinaliseDecision>().FinaliseAsync(draft, Ct);

        Assert.Equal(DecisionResultKind.Finalised, final.Kind);
        await using var check = await database.ContextAsync();
        var stored = await check.Decisions.AsNoTracking().SingleAsync(d => d.Id == final.Draft!.Id, Ct);
        Assert.True(stored.DeviatesFromGuideline);
        Assert.Equal(DeviationReason.ClinicalJudgement, stored.DeviationReason);
        Assert.Contains(FindingsJson.Deserialize(stored.GuidelineFindingsJson), f => f.Severity == FindingSeverity.Must && f.Code == "irae-continue-not-allowed");
    }

    [Fact]
    public async Task Finalising_a_pause_pauses_the_course_with_the_condition()
    {
        var editor = await OpenCaseAsOncologistAsync(6);
        var draft = Ready(editor, DecisionOutcome.Pause, "Diabetes not yet controlled on insulin.");
        var missingCondition = await database.New<FinaliseDecision>().FinaliseAsync(draft, Ct);
        Assert.Equal(DecisionResultKind.Invalid, missingCondition.Kind);
        Assert.Contains(nameof(DecisionDraft.Conditions), missingCondition.FieldErrors.Keys);

        draft.Conditions = "until glucose controlled on a stable insulin regimen";
        var final = await database.New<FinaliseDecision>().FinaliseAsync(draft, Ct);

        Assert.Equal(DecisionResultKind.Finalised, final.Kind);
        await using var db = await database.ContextAsync();
        var course = await db.TreatmentCourses.AsNoTracking().Where(c => c.PatientId == editor.PatientId).OrderByDescending(c => c.StartDate).FirstAsync(Ct);
        Assert.Equal(TreatmentStatus.Paused, course.Status);
        Assert.Contains("until glucose controlled on a stable insulin regimen", course.StatusReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Finalising_a_switch_to_chemotherapy_closes_the_course_with_the_planned_next_treatment()
    {
        await database.SignInAsync(Oncologist);
        var patientId = await PatientWithActiveCourseAndNoDecisionAsync(0);
        var draft = Ready(await OutOfMeetingDraftAsync(patientId), DecisionOutcome.SwitchToChemotherapy, "Progression; switch to platinum doublet.");
        draft.PlannedNextTreatment = "Carboplatin AUC5 + pemetrexed 500 mg/m² q3w";

        var final = await database.New<FinaliseDecision>().FinaliseAsync(draft, Ct);

        Assert.Equal(DecisionResultKind.Finalised, final.Kind);
        await using var db = await database.ContextAsync();
        var course = await db.TreatmentCourses.AsNoTracking().Where(c => c.PatientId == patientId).OrderByDescending(c => c.StartDate).FirstAsync(Ct);
        Assert.Equal(TreatmentStatus.Stopped, course.Status);
        Assert.NotNull(course.EndDate);
        Assert.Equal("Carboplatin AUC5 + pemetrexed 500 mg/m² q3w", course.PlannedNextTreatment);
    }

    [Fact]
    public async Task A_trial_referral_is_created_with_the_decision_and_refused_for_a_closed_trial_or_a_second_open_referral()
    {
        await database.SignInAsync(Oncologist);
        var patientId = await PatientWithActiveCourseAndNoDecisionAsync(1);
        int recruitingId;
        int closedId;
        await using (var db = await database.ContextAsync())
        {
            var open = await db.TrialReferrals.Select(r => new { r.PatientId, r.TrialId }).ToListAsync(Ct);
            recruitingId = (await db.Trials.Where(t => t.Status == TrialStatus.Recruiting).Select(t => t.Id).ToListAsync(Ct))
                .First(t => !open.Any(o => o.PatientId == patientId && o.TrialId == t));
            var closed = new Trial { Title = "CLOSED-TEST", RegistryId = $"NCT9{Random.Shared.Next(1000000, 9999999)}", Phase = "II", TumourSites = "Lung", Status = TrialStatus.Closed, EligibilitySummary = "Closed to recruitment" };
            db.Trials.Add(closed);
            await db.SaveChangesAsync(Ct);
            closedId = closed.Id;
        }

        var toClosed = Ready(await OutOfMeetingDraftAsync(patientId), DecisionOutcome.ReferToTrial, "Fit for a trial after progression.");
        toClosed.TrialId = closedId;
        toClosed.ReferralQuestion = "Eligible?";
        var refused = await database.New<FinaliseDecision>().FinaliseAsync(toClosed, Ct);
        Assert.Equal(DecisionResultKind.Invalid, refused.Kind);
        Assert.Equal("CLOSED-TEST is closed to recruitment.", refused.FieldErrors[nameof(DecisionDraft.TrialId)]);

        var toRecruiting = toClosed.Copy();
        toRecruiting.TrialId = recruitingId;
        var final = await database.New<FinaliseDecision>().FinaliseAsync(toRecruiting, Ct);
        Assert.Equal(DecisionResultKind.Finalised, final.Kind);

        await using (var db = await database.ContextAsync())
        {
            var referral = await db.TrialReferrals.AsNoTracking().Include(r => r.Transitions).SingleAsync(r => r.DecisionId == final.Draft!.Id, Ct);
            Assert.Equal(ReferralStatus.Referred, referral.Status);
            Assert.Equal(recruitingId, referral.TrialId);
            Assert.Equal("Eligible?", referral.Question);
            Assert.Single(referral.Transitions);
        }

        var second = await database.New<FinaliseDecision>().FinaliseAsync(toRecruiting.Copy(), Ct);
        Assert.Equal(DecisionResultKind.Invalid, second.Kind);
        Assert.Contains("already has an open referral", second.FieldErrors[nameof(DecisionDraft.TrialId)], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_saved_refer_to_trial_draft_against_a_closed_trial_is_refused_at_finalise_on_the_trial_field_and_nothing_is_written()
    {
        await database.SignInAsync(Oncologist);
        var patientId = await PatientWithActiveCourseAndNoDecisionAsync(2);
        int closedId;
        await using (var db = await database.ContextAsync())
        {
            var closed = new Trial { Title = "SHUT-TEST", RegistryId = $"NCT9{Random.Shared.Next(1000000, 9999999)}", Phase = "II", TumourSites = "Lung, Melanoma, Renal, Bladder", Status = TrialStatus.Closed, EligibilitySummary = "Closed" };
            db.Trials.Add(closed);
            await db.SaveChangesAsync(Ct);
            closedId = closed.Id;
        }

        var draft = Ready(await OutOfMeetingDraftAsync(patientId), DecisionOutcome.ReferToTrial, "Progression on immunotherapy; fit for a trial.");
        draft.TrialId = closedId;
        draft.ReferralQuestion = "Eligible?";
        var saved = await database.New<SaveDecisionDraft>().SaveAsync(draft, Ct);
        Assert.Equal(DecisionResultKind.Saved, saved.Kind);

        var refused = await database.New<FinaliseDecision>().FinaliseAsync(saved.Draft!.Copy(), Ct);

        Assert.Equal(DecisionResultKind.Invalid, refused.Kind);
        Assert.Equal("SHUT-TEST is closed to recruitment.", refused.FieldErrors[nameof(DecisionDraft.TrialId)]);
        await using var check = await database.ContextAsync();
        var stored = await check.Decisions.AsNoTracking().SingleAsync(d => d.Id == saved.Draft.Id, Ct);
        Assert.Equal(DecisionStatus.Draft, stored.Status);
        Assert.Null(stored.FinalisedAt);
        // The patient is picked as "no decision yet", which another test's patient-page referral does not change: look at this trial only.
        Assert.False(await check.TrialReferrals.AnyAsync(r => r.TrialId == closedId, Ct));
        Assert.Equal(1, await check.Decisions.CountAsync(d => d.PatientId == patientId, Ct));
    }

    [Fact]
    public async Task A_refer_to_trial_decision_while_the_patient_has_an_open_referral_from_the_patient_page_is_refused_with_the_same_message()
    {
        await database.SignInAsync(Oncologist);
        var patientId = await PatientWithActiveCourseAndNoDecisionAsync(3);
        int trialId;
        string patientName;
        await using (var db = await database.ContextAsync())
        {
            var trial = new Trial { Title = "DUP-TEST", RegistryId = $"NCT9{Random.Shared.Next(1000000, 9999999)}", Phase = "II", TumourSites = "Lung, Melanoma, Renal, Bladder", Status = TrialStatus.Recruiting, EligibilitySummary = "Any" };
            db.Trials.Add(trial);
            await db.SaveChangesAsync(Ct);
            trialId = trial.Id;
            var by = await db.Users.Where(u => u.Email == Oncologist2).Select(u => u.Id).SingleAsync(Ct);
            db.TrialReferrals.Add(MdtReview.Web.Features.Referrals.Services.ReferralRules.NewReferral(patientId, trialId, "Eligible?", null, null, by, DateTime.UtcNow, "Referred from the patient page"));
            await db.SaveChangesAsync(Ct);
            var patient = await db.Patients.Where(p => p.Id == patientId).Select(p => new { p.FamilyName, p.GivenName }).SingleAsync(Ct);
            patientName = $"{patient.FamilyName.ToUpperInvariant()}, {patient.GivenName}";
        }

        var draft = Ready(await OutOfMeetingDraftAsync(patientId), DecisionOutcome.ReferToTrial, "Progression on immunotherapy; fit for a trial.");
        draft.TrialId = trialId;
        draft.ReferralQuestion = "Eligible?";

        var refused = await database.New<FinaliseDecision>().FinaliseAsync(draft, Ct);

        Assert.Equal(DecisionResultKind.Invalid, refused.Kind);
        Assert.Equal($"{patientName} already has an open referral to DUP-TEST (status Referred).", refused.FieldErrors[nameof(DecisionDraft.TrialId)]);
        await using var check = await database.ContextAsync();
        Assert.False(await check.Decisions.AnyAsync(d => d.PatientId == patientId, Ct));
        Assert.Equal(1, await check.TrialReferrals.CountAsync(r => r.PatientId == patientId && r.TrialId == trialId, Ct));
    }

    [Fact]
    public async Task Starting_a_second_decision_for_a_case_that_has_one_shows_the_existing_one_instead_of_forking_it()
    {
        await database.SignInAsync(Oncologist2);
        int caseId;
        await using (var db = await database.ContextAsync())
        {
            caseId = await db.MeetingCases.Where(c => c.Status == MeetingCaseStatus.Discussed && db.Decisions.Any(d => d.MeetingCaseId == c.Id))
                .OrderBy(c => c.Id).Select(c => c.Id).FirstAsync(Ct);
        }

        var editor = await database.New<OpenDecisionEditor>().ForCaseAsync(caseId, Ct);
        Assert.Equal(DecisionStatus.Final, editor!.Draft.Status);
        var fork = new DecisionDraft { PatientId = editor.PatientId, MeetingCaseId = caseId, Outcome = DecisionOutcome.Stop, Rationale = "A second opinion typed in another tab" };

        var result = await database.New<SaveDecisionDraft>().SaveAsync(fork, Ct);

        Assert.Equal(DecisionResultKind.Conflict, result.Kind);
        Assert.Equal(editor.Draft.Id, result.Theirs!.Id);
        await using var check = await database.ContextAsync();
        Assert.Equal(1, await check.Decisions.CountAsync(d => d.MeetingCaseId == caseId, Ct));
    }

    [Fact]
    public async Task Governance_leads_read_but_cannot_write_and_trial_investigators_see_nothing()
    {
        var caseId = await PlannedCaseAsync(1);
        await database.SignInAsync(Governance);
        var governance = await database.New<OpenDecisionEditor>().ForCaseAsync(caseId, Ct);
        Assert.NotNull(governance);
        Assert.False(governance.CanEdit);
        var draft = Ready(governance, DecisionOutcome.Continue, "Should not be written");
        Assert.Equal(DecisionResultKind.Forbidden, (await database.New<SaveDecisionDraft>().SaveAsync(draft, Ct)).Kind);
        Assert.Equal(DecisionResultKind.Forbidden, (await database.New<FinaliseDecision>().FinaliseAsync(draft, Ct)).Kind);

        await database.SignInAsync(Pi);
        Assert.Null(await database.New<OpenDecisionEditor>().ForCaseAsync(caseId, Ct));
        Assert.Equal(DecisionResultKind.Forbidden, (await database.New<SaveDecisionDraft>().SaveAsync(draft, Ct)).Kind);
    }

    [Fact]
    public async Task No_new_decision_is_started_or_finalised_for_a_case_of_a_closed_meeting_or_a_deferred_case()
    {
        await database.SignInAsync(Oncologist);
        var closedCase = await NewCaseAsync(MeetingStatus.Closed, MeetingCaseStatus.Listed, 0);
        var deferredCase = await NewCaseAsync(MeetingStatus.InProgress, MeetingCaseStatus.Deferred, 1);

        foreach (var (caseId, why) in new[] { (closedCase, "meeting is closed"), (deferredCase, "deferred") })
        {
            var editor = await database.New<OpenDecisionEditor>().ForCaseAsync(caseId, Ct);
            Assert.Contains(why, editor!.NoNewDecisionReason, StringComparison.Ordinal);
            var draft = Complete(Ready(editor, DecisionOutcome.Stop, "Stop immunotherapy; CT surveillance."));

            var saved = await database.New<SaveDecisionDraft>().SaveAsync(draft, Ct);
            var finalised = await database.New<FinaliseDecision>().FinaliseAsync(draft, Ct);

            Assert.Equal(DecisionResultKind.Invalid, saved.Kind);
            Assert.Contains(why, saved.Message, StringComparison.Ordinal);
            Assert.Equal(DecisionResultKind.Invalid, finalised.Kind);
            Assert.Contains(why, finalised.Message, StringComparison.Ordinal);
            await using var db = await database.ContextAsync();
            Assert.False(await db.Decisions.AnyAsync(d => d.MeetingCaseId == caseId, Ct));
        }
    }

    [Fact]
    public async Task A_draft_left_open_when_the_meeting_closed_cannot_be_finalised_but_a_final_decision_can_still_be_amended()
    {
        await database.SignInAsync(Oncologist);
        var caseId = await NewCaseAsync(MeetingStatus.InProgress, MeetingCaseStatus.Listed, 2);
        var editor = await database.New<OpenDecisionEditor>().ForCaseAsync(caseId, Ct);
        Assert.Null(editor!.NoNewDecisionReason);
        var final = await database.New<FinaliseDecision>().FinaliseAsync(Complete(Ready(editor, DecisionOutcome.Stop, "Stop immunotherapy; CT surveillance.")), Ct);
        Assert.Equal(DecisionResultKind.Finalised, final.Kind);
        var leftOpenCase = await NewCaseAsync(MeetingStatus.InProgress, MeetingCaseStatus.Listed, 3, meetingOfCaseId: caseId);
        var leftOpen = await database.New<SaveDecisionDraft>().SaveAsync(
            Complete(Ready((await database.New<OpenDecisionEditor>().ForCaseAsync(leftOpenCase, Ct))!, DecisionOutcome.Stop, "Typed before the meeting closed.")), Ct);
        Assert.Equal(DecisionResultKind.Saved, leftOpen.Kind);

        await CloseMeetingOfCaseAsync(caseId);

        Assert.Equal(DecisionResultKind.Invalid, (await database.New<FinaliseDecision>().FinaliseAsync(leftOpen.Draft!, Ct)).Kind);
        Assert.NotNull((await database.New<OpenDecisionEditor>().ForCaseAsync(leftOpenCase, Ct))!.NoNewDecisionReason);
        var amendment = await database.New<AmendDecision>().AmendAsync(final.Draft!.Id!.Value, "Patient asked to continue after discussion in clinic", Ct);
        Assert.Equal(DecisionResultKind.Saved, amendment.Kind);
        var v2 = Complete(amendment.Draft!.Copy());
        v2.Rationale = "Stop, confirmed after the clinic discussion; CT surveillance every 12 weeks.";
        Assert.Equal(DecisionResultKind.Saved, (await database.New<SaveDecisionDraft>().SaveAsync(v2, Ct)).Kind);
        var reopened = await database.New<OpenDecisionEditor>().ForCaseAsync(caseId, Ct);
        Assert.Null(reopened!.NoNewDecisionReason);
        var finalV2 = await database.New<FinaliseDecision>().FinaliseAsync(reopened.Draft, Ct);
        Assert.Equal(DecisionResultKind.Finalised, finalV2.Kind);
        Assert.Equal(2, finalV2.Draft!.VersionNumber);
    }

    [Fact]
    public async Task Two_first_drafts_of_one_case_at_the_same_instant_give_one_draft_and_a_conflict_not_an_exception()
    {
        await database.SignInAsync(Oncologist);
        var caseId = await NewCaseAsync(MeetingStatus.InProgress, MeetingCaseStatus.Listed, 4);
        var editor = (await database.New<OpenDecisionEditor>().ForCaseAsync(caseId, Ct))!;

        var results = await Task.WhenAll(
            Task.Run(() => database.New<SaveDecisionDraft>().SaveAsync(Ready(editor, DecisionOutcome.Continue, "Mine: continue"), Ct), Ct),
            Task.Run(() => database.New<SaveDecisionDraft>().SaveAsync(Ready(editor, DecisionOutcome.Pause, "Theirs: hold"), Ct), Ct));

        var saved = Assert.Single(results, r => r.Kind == DecisionResultKind.Saved);
        var conflict = Assert.Single(results, r => r.Kind == DecisionResultKind.Conflict);
        Assert.Equal(saved.Draft!.Id, conflict.Theirs!.Id);
        Assert.NotEqual(saved.Draft.Rationale, conflict.Draft!.Rationale);
        await using var db = await database.ContextAsync();
        Assert.Equal(1, await db.Decisions.CountAsync(d => d.MeetingCaseId == caseId, Ct));
    }

    [Fact]
    public async Task A_first_draft_that_loses_the_insert_to_an_uncommitted_one_gets_the_winner_as_a_conflict()
    {
        // The winner's row is inserted but not committed when the loser checks for an existing draft, so the loser's
        // check passes and only the unique index IX_Decisions_MeetingCaseId_Original stops its insert.
        await database.SignInAsync(Oncologist);
        var caseId = await NewCaseAsync(MeetingStatus.InProgress, MeetingCaseStatus.Listed, 5);
        var editor = (await database.New<OpenDecisionEditor>().ForCaseAsync(caseId, Ct))!;
        await using var winner = await database.ContextAsync();
        var colleague = await winner.Users.Where(u => u.Email == Oncologist2).Select(u => u.Id).SingleAsync(Ct);
        await using var transaction = await winner.Database.BeginTransactionAsync(Ct);
        var now = DateTime.UtcNow;
        winner.Decisions.Add(new Decision
        {
            PatientId = editor.PatientId, MeetingCaseId = caseId, Outcome = DecisionOutcome.Pause, Rationale = "Theirs: hold",
            Status = DecisionStatus.Draft, CreatedById = colleague, CreatedAt = now, UpdatedAt = now,
        });
        await winner.SaveChangesAsync(Ct);

        var loserSaving = database.Saves.NextSave();
        var loser = Task.Run(() => database.New<SaveDecisionDraft>().SaveAsync(Ready(editor, DecisionOutcome.Continue, "Mine: continue"), Ct), Ct);
        // The winner commits only once the loser has passed its check and begun to save; a loser that returns without
        // saving fails the assertions below instead of hanging the test.
        await Task.WhenAny(loserSaving, loser);
        await transaction.CommitAsync(Ct);
        var result = await loser;

        Assert.Equal(DecisionResultKind.Conflict, result.Kind);
        Assert.Equal("Theirs: hold", result.Theirs!.Rationale);
        Assert.Equal("Mine: continue", result.Draft!.Rationale);
        await using var db = await database.ContextAsync();
        Assert.Equal(1, await db.Decisions.CountAsync(d => d.MeetingCaseId == caseId, Ct));
    }

    /// <summary>Fills the fields finalising needs that <see cref="Ready"/> leaves to the schedule defaults, and a deviation in case one is needed.</summary>
    private static DecisionDraft Complete(DecisionDraft draft)
    {
        draft.DeviationReason = DeviationReason.ClinicalJudgement;
        draft.DeviationText = "Discussed in full by the MDT; see the rationale.";
        return draft;
    }

    /// <summary>
    /// A new meeting case for a patient already discussed at a demo meeting (so no test that picks undiscussed patients is
    /// affected); <paramref name="skip"/> picks a different patient per test. With <paramref name="meetingOfCaseId"/> the case
    /// joins that case's meeting instead of a new one.
    /// </summary>
    private async Task<int> NewCaseAsync(MeetingStatus meetingStatus, MeetingCaseStatus caseStatus, int skip, int? meetingOfCaseId = null)
    {
        await using var db = await database.ContextAsync();
        var patientId = (await db.MeetingCases.Where(c => db.Decisions.Any(d => d.MeetingCaseId == c.Id && d.Status == DecisionStatus.Final))
            .Select(c => c.PatientId).Distinct().ToListAsync(Ct)).Order().Skip(skip).First();
        Meeting meeting;
        if (meetingOfCaseId is { } other)
        {
            meeting = await db.Meetings.Include(m => m.Cases).SingleAsync(m => m.Cases.Any(c => c.Id == other), Ct);
        }
        else
        {
            var startsAt = DateTime.UtcNow.AddHours(-1);
            meeting = new Meeting
            {
                StartsAt = startsAt, TumourGroup = "Decision tests", Status = meetingStatus,
                ClosedAt = meetingStatus == MeetingStatus.Closed ? startsAt.AddHours(1) : null,
            };
            db.Meetings.Add(meeting);
        }

        var meetingCase = new MeetingCase { PatientId = patientId, Position = meeting.Cases.Count + 1, Question = "Decision test question?", Status = caseStatus };
        meeting.Cases.Add(meetingCase);
        await db.SaveChangesAsync(Ct);
        return meetingCase.Id;
    }

    private async Task CloseMeetingOfCaseAsync(int caseId)
    {
        await using var db = await database.ContextAsync();
        var meeting = await db.Meetings.SingleAsync(m => m.Cases.Any(c => c.Id == caseId), Ct);
        meeting.Status = MeetingStatus.Closed;
        meeting.ClosedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(Ct);
    }

    /// <summary>A new out-of-meeting draft, filled in as the editor fills one: review and inform-by dates, the signed-in oncologist to inform the patient.</summary>
    private async Task<DecisionDraft> OutOfMeetingDraftAsync(int patientId)
    {
        await using var db = await database.ContextAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return new DecisionDraft
        {
            PatientId = patientId,
            NextReviewDate = today.AddDays(28),
            InformPatientById = await db.Users.Where(u => u.Email == Oncologist).Select(u => u.Id).SingleAsync(Ct),
            InformPatientBy = today.AddDays(7),
        };
    }

    private async Task<int> PatientWithActiveCourseAndNoDecisionAsync(int skip)
    {
        await using var db = await database.ContextAsync();
        var ids = await db.Patients
            .Where(p => !db.Decisions.Any(d => d.PatientId == p.Id) && !db.MeetingCases.Any(c => c.PatientId == p.Id)
                && p.TreatmentCourses.Any(c => c.Status == TreatmentStatus.Active) && p.TreatmentCourses.Count == 1)
            .OrderBy(p => p.Mrn).Select(p => p.Id).ToListAsync(Ct);
        return ids[skip];
    }
}

public sealed class SqliteDecisionTests(SqliteDecisionDatabase database) : DecisionTests(database), IClassFixture<SqliteDecisionDatabase>;

public sealed class PostgreSqlDecisionTests(PostgreSqlDecisionDatabase database) : DecisionTests(database), IClassFixture<PostgreSqlDecisionDatabase>;
