using MdtReview.Clinical.GuidelineCheck;
using MdtReview.Data;
using MdtReview.Data.Evidence;
using MdtReview.Web.Features.Referrals.Services;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Decisions.Services;

/// <summary>
/// What a decision must satisfy: the field limits every save checks, the live guideline check, and what finalising
/// further needs (rationale, dates, who informs the patient, the outcome's own fields, a deviation reason when a
/// <c>must</c> finding is overridden, a referable trial).
/// </summary>
public static class DecisionRules
{
    public const int RationaleMaxLength = 4000;
    public const int TextMaxLength = 1000;
    public const int DeviationTextMinLength = 10;

    /// <summary>The guideline check of an outcome against the evidence (pure; runs on every outcome change).</summary>
    public static IReadOnlyList<GuidelineFinding> Check(CaseEvidence evidence, DecisionOutcome? outcome) =>
        outcome is { } o ? evidence.Check(o) : [];

    /// <summary>True when finalising <paramref name="outcome"/> overrides a <c>must</c> finding and so needs a deviation reason.</summary>
    public static bool RequiresDeviation(CaseEvidence evidence, DecisionOutcome? outcome) =>
        Check(evidence, outcome).Any(f => f.Severity == FindingSeverity.Must);

    internal static Dictionary<string, string> ValidateDraftFields(DecisionDraft draft)
    {
        var errors = new Dictionary<string, string>();
        if (draft.Outcome is null)
        {
            errors[nameof(DecisionDraft.Outcome)] = "Choose the outcome.";
        }
        else if (!Enum.IsDefined(draft.Outcome.Value))
        {
            errors[nameof(DecisionDraft.Outcome)] = "Choose one of the six outcomes.";
        }

        if (draft.Rationale.Length > RationaleMaxLength)
        {
            errors[nameof(DecisionDraft.Rationale)] = $"Keep the rationale under {RationaleMaxLength} characters.";
        }

        foreach (var (field, value) in new[]
                 {
                     (nameof(DecisionDraft.Conditions), draft.Conditions), (nameof(DecisionDraft.PlannedNextTreatment), draft.PlannedNextTreatment),
                     (nameof(DecisionDraft.ReferralQuestion), draft.ReferralQuestion), (nameof(DecisionDraft.DeviationText), draft.DeviationText),
                 })
        {
            if (value?.Length > TextMaxLength)
            {
                errors[field] = $"Keep this under {TextMaxLength} characters.";
            }
        }

        if (draft.DeviationReason is { } reason && !Enum.IsDefined(reason))
        {
            errors[nameof(DecisionDraft.DeviationReason)] = "Choose one of the listed reasons.";
        }

        return errors;
    }

    internal static async Task<Dictionary<string, string>> ValidateForFinalAsync(
        MdtReviewDbContext db, DecisionDraft draft, CaseEvidence evidence, DateOnly today, CancellationToken cancellationToken)
    {
        var errors = ValidateDraftFields(draft);
        if (string.IsNullOrWhiteSpace(draft.Rationale))
        {
            errors[nameof(DecisionDraft.Rationale)] = "Give the rationale for the decision.";
        }

        if (draft.NextReviewDate is null)
        {
            errors[nameof(DecisionDraft.NextReviewDate)] = "Give the next review date.";
        }
        else if (draft.NextReviewDate < today)
        {
            errors[nameof(DecisionDraft.NextReviewDate)] = "The next review cannot be in the past.";
        }

        if (draft.NextScanDue < today)
        {
            errors[nameof(DecisionDraft.NextScanDue)] = "The next scan cannot be due in the past.";
        }

        if (string.IsNullOrWhiteSpace(draft.InformPatientById))
        {
            errors[nameof(DecisionDraft.InformPatientById)] = "Say who will inform the patient.";
        }
        else if (!await db.Users.AnyAsync(u => u.Id == draft.InformPatientById && !u.IsDisabled, cancellationToken))
        {
            errors[nameof(DecisionDraft.InformPatientById)] = "Choose an active clinician.";
        }

        if (draft.InformPatientBy is null)
        {
            errors[nameof(DecisionDraft.InformPatientBy)] = "Say by when the patient will be informed.";
        }
        else if (draft.InformPatientBy < today)
        {
            errors[nameof(DecisionDraft.InformPatientBy)] = "This date is in the past.";
        }

        switch (draft.Outcome)
        {
            case DecisionOutcome.Pause when string.IsNullOrWhiteSpace(draft.Conditions):
                errors[nameof(DecisionDraft.Conditions)] = "Give the condition for restarting, e.g. \"until hepatitis ≤ grade 1\".";
                break;
            case DecisionOutcome.SwitchToChemotherapy or DecisionOutcome.SwitchToTargetedTherapy when string.IsNullOrWhiteSpace(draft.PlannedNextTreatment):
                errors[nameof(DecisionDraft.PlannedNextTreatment)] = "Name the planned next treatment.";
                break;
            case DecisionOutcome.ReferToTrial:
                await ValidateReferralAsync(db, draft, errors, cancellationToken);
                break;
            default:
                break;
        }

        if (RequiresDeviation(evidence, draft.Outcome))
        {
            if (draft.DeviationReason is null)
            {
                errors[nameof(DecisionDraft.DeviationReason)] = "This outcome overrides a 'must' guideline finding: choose the reason for deviating.";
            }

            if (string.IsNullOrWhiteSpace(draft.DeviationText) || draft.DeviationText.Trim().Length < DeviationTextMinLength)
            {
                errors[nameof(DecisionDraft.DeviationText)] = "Explain the deviation from the guideline (at least a sentence).";
            }
        }

        if (draft.SupersedesId is not null && string.IsNullOrWhiteSpace(draft.AmendmentReason))
        {
            errors[nameof(DecisionDraft.AmendmentReason)] = "Give the reason for the amendment.";
        }

        return errors;
    }

    private static async Task ValidateReferralAsync(MdtReviewDbContext db, DecisionDraft draft, Dictionary<string, string> errors, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(draft.ReferralQuestion))
        {
            errors[nameof(DecisionDraft.ReferralQuestion)] = "Give the question for the trial team.";
        }

        if (draft.TrialId is not { } trialId)
        {
            errors[nameof(DecisionDraft.TrialId)] = "Choose the trial.";
            return;
        }

        // The same rules as a referral from the patient page: the trial recruits, and no other open referral to it.
        var chain = await DecisionStore.ChainIdsAsync(db, draft.SupersedesId, cancellationToken);
        if (await ReferralRules.RefusalAsync(db, draft.PatientId, trialId, chain, cancellationToken) is { } refusal)
        {
            errors[nameof(DecisionDraft.TrialId)] = refusal;
        }
    }
}
