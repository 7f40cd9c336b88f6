using MdtReview.Clinical;
using MdtReview.Clinical.GuidelineCheck;
using MdtReview.Data;
using MdtReview.Data.Evidence;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Patients.Entry.Services;
using MdtReview.Web.Features.Referrals.Services;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Decisions.Services;

/// <summary>
/// Finalises a decision in one save: validates it, freezes the evidence snapshot and findings with the rules version,
/// marks the meeting case discussed, applies the decision's effect on the treatment course and creates the trial
/// referral. A repeated finalise changes nothing and returns the final record. Oncologists only.
/// </summary>
public sealed class FinaliseDecision(
    CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, TimeProvider clock,
    SaveDecisionDraft saveDraft, ILogger<FinaliseDecision> logger)
{
    private const string NotReady = "The decision cannot be finalised yet: check the highlighted fields.";

    /// <summary>
    /// Saves the draft's latest fields and finalises it (a deviation reason and text are needed when a <c>must</c> finding
    /// is overridden). A draft not stored yet is stored first, once it is ready, so that the referral can point at its id.
    /// </summary>
    public async Task<DecisionResult> FinaliseAsync(DecisionDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var user = await currentUser.RequireAsync(Capability.RecordDecisions, cancellationToken);
        if (user is null)
        {
            return new(DecisionResultKind.Forbidden, Message: "Only oncologists may finalise decisions.");
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var evidence = await CaseEvidenceLoader.LoadAsync(db, draft.PatientId, today, cancellationToken);
        if (evidence is null)
        {
            return new(DecisionResultKind.NotFound, Message: "This patient no longer exists.");
        }

        if (draft.Id is null)
        {
            // A case that already has a decision reports it (a conflict, from the save below) rather than its meeting's state.
            if (await DecisionStore.NoNewDecisionReasonAsync(db, draft.MeetingCaseId, cancellationToken) is { } refused
                && !await db.Decisions.AnyAsync(d => d.MeetingCaseId == draft.MeetingCaseId, cancellationToken))
            {
                return new(DecisionResultKind.Invalid, Message: refused);
            }

            var errorsFirst = await DecisionRules.ValidateForFinalAsync(db, draft, evidence, today, cancellationToken);
            if (errorsFirst.Count > 0)
            {
                return new(DecisionResultKind.Invalid, Errors: errorsFirst, Message: NotReady);
            }

            var saved = await saveDraft.SaveAsync(draft, cancellationToken);
            if (saved.Kind != DecisionResultKind.Saved)
            {
                return saved;
            }

            draft = saved.Draft!;
        }

        var decision = await db.Decisions.SingleOrDefaultAsync(d => d.Id == draft.Id, cancellationToken);
        if (decision is null || decision.PatientId != draft.PatientId)
        {
            return new(DecisionResultKind.NotFound, Message: "This decision no longer exists.");
        }

        if (decision.Status == DecisionStatus.Final)
        {
            return new(DecisionResultKind.AlreadyFinal, await DecisionStore.DraftOfAsync(db, decision, cancellationToken), Message: "This decision is already final.");
        }

        if (decision.SupersedesId is null && await DecisionStore.NoNewDecisionReasonAsync(db, decision.MeetingCaseId, cancellationToken) is { } closed)
        {
            return new(DecisionResultKind.Invalid, Message: closed);
        }

        if (decision.Version != draft.Version)
        {
            return new(DecisionResultKind.Conflict, draft, await DecisionStore.DraftOfAsync(db, decision, cancellationToken),
                Message: "Someone else saved this draft after you opened it; review both versions before finalising.");
        }

        var errors = await DecisionRules.ValidateForFinalAsync(db, draft, evidence, today, cancellationToken);
        if (errors.Count > 0)
        {
            return new(DecisionResultKind.Invalid, Errors: errors, Message: NotReady);
        }

        DecisionStore.Apply(draft, decision);
        var now = clock.GetUtcNow().UtcDateTime;
        Freeze(decision, evidence, user.Id, now);
        if (decision.MeetingCaseId is { } caseId)
        {
            var meetingCase = await db.MeetingCases.SingleAsync(c => c.Id == caseId, cancellationToken);
            meetingCase.Status = MeetingCaseStatus.Discussed;
        }

        var course = await db.TreatmentCourses.Where(c => c.PatientId == decision.PatientId)
            .OrderByDescending(c => c.StartDate).ThenByDescending(c => c.Id)
            .FirstOrDefaultAsync(cancellationToken);
        course?.ApplyFinalDecision(decision, today);
        await CreateReferralAsync(db, decision, user, now, cancellationToken);

        try
        {
            // The course may have been paused, stopped or closed: the patient's alert state changes with it.
            await ClinicalWrites.CommitAsync(db, [decision.PatientId], today, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A second finalise of the same draft (double click, two tabs) lands here: the first one won.
            logger.LogInformation("Finalising decision {DecisionId} of meeting case {MeetingCaseId} by user {UserId} lost to a concurrent save",
                decision.Id, decision.MeetingCaseId, user.Id);
            return await DecisionStore.ConflictAsync(contextFactory, draft, cancellationToken);
        }
        catch (DbUpdateException e) when (ReferralRules.IsOpenReferralViolation(e) && decision.TrialId is { } trialId)
        {
            // A colleague referred the patient to the same trial between the check above and this save: nothing was written.
            logger.LogInformation(e, "Finalising decision {DecisionId} of meeting case {MeetingCaseId} by user {UserId} met an open referral to trial {TrialId}",
                decision.Id, decision.MeetingCaseId, user.Id, trialId);
            await using var again = await contextFactory.CreateDbContextAsync(cancellationToken);
            return new(DecisionResultKind.Invalid,
                Errors: new Dictionary<string, string> { [nameof(DecisionDraft.TrialId)] = await ReferralRules.DuplicateMessageAsync(again, decision.PatientId, trialId, cancellationToken) },
                Message: NotReady);
        }

        return new(DecisionResultKind.Finalised, await DecisionStore.DraftOfAsync(db, decision, cancellationToken));
    }

    /// <summary>Records the findings and evidence the team decided on, and makes the decision final.</summary>
    private static void Freeze(Decision decision, CaseEvidence evidence, string userId, DateTime now)
    {
        var findings = evidence.Check(decision.Outcome);
        decision.DeviatesFromGuideline = findings.Any(f => f.Severity == FindingSeverity.Must);
        if (!decision.DeviatesFromGuideline)
        {
            decision.DeviationReason = null;
            decision.DeviationText = null;
        }

        decision.EvidenceSnapshotJson = evidence.ToSnapshotJson();
        decision.GuidelineFindingsJson = FindingsJson.Serialize(findings);
        decision.RulesVersion = RulesVersion.Current;
        decision.Status = DecisionStatus.Final;
        decision.FinalisedById = userId;
        decision.FinalisedAt = now;
        decision.UpdatedAt = now;
    }

    private static async Task CreateReferralAsync(MdtReviewDbContext db, Decision decision, CurrentUser user, DateTime now, CancellationToken cancellationToken)
    {
        if (decision.Outcome != DecisionOutcome.ReferToTrial || decision.TrialId is not { } trialId)
        {
            return;
        }

        // An amendment that keeps the referral of the version it supersedes does not refer the patient twice.
        var chain = await DecisionStore.ChainIdsAsync(db, decision.SupersedesId, cancellationToken);
        if (await ReferralRules.OpenReferrals(db, decision.PatientId, trialId)
                .AnyAsync(r => r.DecisionId != null && chain.Contains(r.DecisionId.Value), cancellationToken))
        {
            return;
        }

        db.TrialReferrals.Add(ReferralRules.NewReferral(decision.PatientId, trialId, decision.ReferralQuestion!, decision.Rationale, decision.Id, user.Id, now,
            decision.MeetingCaseId is null ? "Referred by an MDT decision made outside a meeting" : "Referred by MDT decision"));
    }
}
