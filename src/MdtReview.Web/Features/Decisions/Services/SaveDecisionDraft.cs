using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Decisions.Services;

/// <summary>
/// Saves a decision draft (the form's autosave): creates the first draft of a case or an out-of-meeting decision, or
/// updates a draft with optimistic concurrency. A final decision is refused, and a save against a stale version or a
/// colleague's first draft of the same case is reported as a conflict with their version. Oncologists only.
/// </summary>
public sealed class SaveDecisionDraft(
    CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, TimeProvider clock, ILogger<SaveDecisionDraft> logger)
{
    /// <summary>
    /// Creates or updates a draft. Refuses a final decision, and reports a conflict with the stored version when
    /// <see cref="DecisionDraft.Version"/> is not the one in the database.
    /// </summary>
    public async Task<DecisionResult> SaveAsync(DecisionDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var user = await currentUser.RequireAsync(Capability.RecordDecisions, cancellationToken);
        if (user is null)
        {
            return new(DecisionResultKind.Forbidden, Message: "Only oncologists may record decisions.");
        }

        var errors = DecisionRules.ValidateDraftFields(draft);
        if (errors.Count > 0)
        {
            return new(DecisionResultKind.Invalid, Errors: errors, Message: "Check the highlighted fields.");
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        Decision decision;
        if (draft.Id is null)
        {
            var created = await NewDraftAsync(db, user, draft, cancellationToken);
            if (created.Result is not null)
            {
                return created.Result;
            }

            decision = created.Decision!;
        }
        else
        {
            var loaded = await db.Decisions.SingleOrDefaultAsync(d => d.Id == draft.Id, cancellationToken);
            if (loaded is null || loaded.PatientId != draft.PatientId)
            {
                return new(DecisionResultKind.NotFound, Message: "This decision no longer exists.");
            }

            if (loaded.Status == DecisionStatus.Final)
            {
                return new(DecisionResultKind.AlreadyFinal, await DecisionStore.DraftOfAsync(db, loaded, cancellationToken),
                    Message: "This decision is final and can no longer be changed; amend it to record a change.");
            }

            if (loaded.SupersedesId is null && await DecisionStore.NoNewDecisionReasonAsync(db, loaded.MeetingCaseId, cancellationToken) is { } refused)
            {
                return new(DecisionResultKind.Invalid, Message: refused);
            }

            if (loaded.Version != draft.Version)
            {
                return new(DecisionResultKind.Conflict, draft, await DecisionStore.DraftOfAsync(db, loaded, cancellationToken),
                    Message: "Someone else saved this draft after you opened it.");
            }

            decision = loaded;
            DecisionStore.Apply(draft, decision);
        }

        decision.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            logger.LogInformation("Saving draft decision {DecisionId} of meeting case {MeetingCaseId} by user {UserId} lost to a concurrent save",
                draft.Id, draft.MeetingCaseId, user.Id);
            return await DecisionStore.ConflictAsync(contextFactory, draft, cancellationToken);
        }
        catch (DbUpdateException e) when (draft.Id is null && draft.MeetingCaseId is not null)
        {
            // Two first drafts of one case at the same instant: both passed the check in NewDraftAsync, and the unique
            // index IX_Decisions_MeetingCaseId_Original let only one in. The loser is shown the winner's draft.
            var theirs = await FirstDraftOfCaseAsync(draft.MeetingCaseId.Value, cancellationToken);
            if (theirs is null)
            {
                throw;
            }

            logger.LogInformation(e, "The first draft decision of meeting case {MeetingCaseId} by user {UserId} lost to decision {TheirDecisionId}",
                draft.MeetingCaseId, user.Id, theirs.Id);
            return new(DecisionResultKind.Conflict, draft, theirs, Message: "A colleague has just started the decision for this case.");
        }

        return new(DecisionResultKind.Saved, await DecisionStore.DraftOfAsync(db, decision, cancellationToken));
    }

    private async Task<(Decision? Decision, DecisionResult? Result)> NewDraftAsync(MdtReviewDbContext db, CurrentUser user, DecisionDraft draft, CancellationToken cancellationToken)
    {
        if (!await db.Patients.AnyAsync(p => p.Id == draft.PatientId, cancellationToken))
        {
            return (null, new(DecisionResultKind.NotFound, Message: "This patient no longer exists."));
        }

        if (draft.MeetingCaseId is { } caseId)
        {
            var meetingCase = await db.MeetingCases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken);
            if (meetingCase is null || meetingCase.PatientId != draft.PatientId)
            {
                return (null, new(DecisionResultKind.NotFound, Message: "This meeting case no longer exists."));
            }

            // One decision chain per case: a colleague who started first owns the draft; show theirs rather than fork it.
            var theirs = await DecisionStore.LatestVersionAsync(db.Decisions.Where(d => d.MeetingCaseId == caseId), cancellationToken);
            if (theirs is not null)
            {
                return (null, new(DecisionResultKind.Conflict, draft, await DecisionStore.DraftOfAsync(db, theirs, cancellationToken),
                    Message: "A colleague has already started the decision for this case."));
            }

            // A new decision is always an original version (amendments start in AmendDecision).
            if (await DecisionStore.NoNewDecisionReasonAsync(db, caseId, cancellationToken) is { } refused)
            {
                return (null, new(DecisionResultKind.Invalid, Message: refused));
            }
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var decision = new Decision { PatientId = draft.PatientId, MeetingCaseId = draft.MeetingCaseId, Rationale = "", CreatedById = user.Id, CreatedAt = now, Status = DecisionStatus.Draft };
        DecisionStore.Apply(draft, decision);
        db.Decisions.Add(decision);
        return (decision, null);
    }

    /// <summary>The stored decision of a meeting case (latest version), read on a new context after a failed insert.</summary>
    private async Task<DecisionDraft?> FirstDraftOfCaseAsync(int meetingCaseId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stored = await DecisionStore.LatestVersionAsync(db.Decisions.Where(d => d.MeetingCaseId == meetingCaseId), cancellationToken);
        return stored is null ? null : await DecisionStore.DraftOfAsync(db, stored, cancellationToken);
    }
}
