using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Decisions.Services;

/// <summary>
/// Starts an amendment of a final decision: a new draft version (VersionNumber + 1) that supersedes it, with the reason.
/// The final decision itself is untouched. When an amendment draft already exists it is returned. Oncologists only.
/// </summary>
public sealed class AmendDecision(
    CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, TimeProvider clock, ILogger<AmendDecision> logger)
{
    public async Task<DecisionResult> AmendAsync(int decisionId, string? reason, CancellationToken cancellationToken = default)
    {
        var user = await currentUser.RequireAsync(Capability.RecordDecisions, cancellationToken);
        if (user is null)
        {
            return new(DecisionResultKind.Forbidden, Message: "Only oncologists may amend decisions.");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return new(DecisionResultKind.Invalid, Errors: new Dictionary<string, string> { [nameof(DecisionDraft.AmendmentReason)] = "Give the reason for the amendment." });
        }

        if (reason.Trim().Length > DecisionRules.TextMaxLength)
        {
            return new(DecisionResultKind.Invalid, Errors: new Dictionary<string, string> { [nameof(DecisionDraft.AmendmentReason)] = $"Keep the reason under {DecisionRules.TextMaxLength} characters." });
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var original = await db.Decisions.AsNoTracking().SingleOrDefaultAsync(d => d.Id == decisionId, cancellationToken);
        if (original is null)
        {
            return new(DecisionResultKind.NotFound, Message: "This decision no longer exists.");
        }

        if (original.Status != DecisionStatus.Final)
        {
            return new(DecisionResultKind.Invalid, Message: "Only a final decision can be amended; a draft can simply be edited.");
        }

        var existing = await db.Decisions.AsNoTracking().SingleOrDefaultAsync(d => d.SupersedesId == decisionId, cancellationToken);
        if (existing is not null)
        {
            return existing.Status == DecisionStatus.Draft
                ? new(DecisionResultKind.Saved, await DecisionStore.DraftOfAsync(db, existing, cancellationToken), Message: "An amendment of this decision is already in progress.")
                : new(DecisionResultKind.Invalid, Message: $"This version has already been amended (version {existing.VersionNumber}); amend the latest version.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var amendment = new Decision
        {
            PatientId = original.PatientId,
            MeetingCaseId = original.MeetingCaseId,
            Outcome = original.Outcome,
            Rationale = original.Rationale,
            Conditions = original.Conditions,
            NextReviewDate = original.NextReviewDate,
            NextScanDue = original.NextScanDue,
            PlannedNextTreatment = original.PlannedNextTreatment,
            InformPatientById = original.InformPatientById,
            InformPatientBy = original.InformPatientBy,
            TrialId = original.TrialId,
            ReferralQuestion = original.ReferralQuestion,
            DeviationReason = original.DeviationReason,
            DeviationText = original.DeviationText,
            Status = DecisionStatus.Draft,
            VersionNumber = original.VersionNumber + 1,
            SupersedesId = original.Id,
            AmendmentReason = reason.Trim(),
            CreatedById = user.Id,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Decisions.Add(amendment);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e)
        {
            // The unique index on SupersedesId: someone else started the amendment at the same moment.
            await using var again = await contextFactory.CreateDbContextAsync(cancellationToken);
            var theirs = await again.Decisions.AsNoTracking().SingleOrDefaultAsync(d => d.SupersedesId == decisionId, cancellationToken);
            if (theirs is null)
            {
                logger.LogWarning(e, "Amending decision {DecisionId} of meeting case {MeetingCaseId} by user {UserId} failed",
                    decisionId, original.MeetingCaseId, user.Id);
                return new(DecisionResultKind.Invalid, Message: "The amendment could not be started; try again.");
            }

            logger.LogInformation("Amending decision {DecisionId} of meeting case {MeetingCaseId} by user {UserId} met the amendment {TheirDecisionId} started at the same moment",
                decisionId, original.MeetingCaseId, user.Id, theirs.Id);
            return new(DecisionResultKind.Saved, await DecisionStore.DraftOfAsync(again, theirs, cancellationToken), Message: "An amendment of this decision is already in progress.");
        }

        return new(DecisionResultKind.Saved, await DecisionStore.DraftOfAsync(db, amendment, cancellationToken));
    }
}
