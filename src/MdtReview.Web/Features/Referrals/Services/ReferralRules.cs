using MdtReview.Data;
using MdtReview.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Referrals.Services;

/// <summary>
/// The one statement of when a referral may be made (the trial recruits; no open referral of the patient to the same trial),
/// how a new referral starts, and how a lost race on the open-referral index reads. Used by <see cref="ReferToTrial"/> and
/// by a <c>ReferToTrial</c> decision when it is checked and finalised.
/// </summary>
internal static class ReferralRules
{
    /// <summary>The part of a trial's title before the colon: its acronym, as clinicians say it.</summary>
    public static string ShortTitle(string title) => (title ?? "").Split(':', 2)[0].Trim();

    /// <summary>
    /// Why this patient cannot be referred to this trial now, as the message for the trial field, or null when they can: the
    /// trial must exist and be recruiting, and the patient must have no open referral to it. An open referral made by one
    /// of <paramref name="sameChainDecisionIds"/> (an earlier version of the decision being amended) is not a second one.
    /// </summary>
    public static async Task<string?> RefusalAsync(
        MdtReviewDbContext db, int patientId, int trialId, IReadOnlyCollection<int> sameChainDecisionIds, CancellationToken cancellationToken)
    {
        var trial = await db.Trials.AsNoTracking().Where(t => t.Id == trialId).Select(t => new { t.Title, t.Status }).SingleOrDefaultAsync(cancellationToken);
        if (trial is null)
        {
            return "This trial no longer exists; choose another.";
        }

        switch (trial.Status)
        {
            case TrialStatus.Closed:
                return $"{trial.Title} is closed to recruitment.";
            case TrialStatus.Paused:
                return $"{trial.Title} is paused: recruitment is on hold, so it cannot take a referral now.";
            case TrialStatus.Recruiting:
                break;
            default:
                return $"{trial.Title} is not recruiting.";
        }

        var chain = sameChainDecisionIds.ToList();
        var open = await OpenReferrals(db, patientId, trialId)
            .Where(r => r.DecisionId == null || !chain.Contains(r.DecisionId.Value))
            .Select(r => (ReferralStatus?)r.Status)
            .FirstOrDefaultAsync(cancellationToken);
        return open is { } status ? await DuplicateMessageAsync(db, patientId, trial.Title, status, cancellationToken) : null;
    }

    /// <summary>The patient's open referrals to the trial: those in one of <see cref="ReferralWorkflow.OpenStatuses"/>.</summary>
    public static IQueryable<TrialReferral> OpenReferrals(MdtReviewDbContext db, int patientId, int trialId)
    {
        var open = ReferralWorkflow.OpenStatuses.ToList();
        return db.TrialReferrals.Where(r => r.PatientId == patientId && r.TrialId == trialId && open.Contains(r.Status));
    }

    /// <summary>A new referral in its first state, <c>Referred</c>, recorded as its first history entry with who and when.</summary>
    public static TrialReferral NewReferral(int patientId, int trialId, string question, string? reason, int? decisionId, string byId, DateTime nowUtc, string how)
    {
        var referral = new TrialReferral
        {
            PatientId = patientId,
            TrialId = trialId,
            DecisionId = decisionId,
            Question = question,
            Reason = reason,
            Status = ReferralStatus.Referred,
            ReferredById = byId,
            ReferredAt = nowUtc,
        };
        referral.Transitions.Add(new TrialReferralTransition
        {
            FromStatus = ReferralStatus.Referred,
            ToStatus = ReferralStatus.Referred,
            At = nowUtc,
            ById = byId,
            Reason = how,
        });
        return referral;
    }

    /// <summary>
    /// True when a save failed on the open-referral unique index: a colleague's referral of the same patient to the same
    /// trial committed between this one's check and its write.
    /// </summary>
    public static bool IsOpenReferralViolation(DbUpdateException exception) => DatabaseErrors.IsUniqueViolation(exception, UniqueIndex.OpenReferral);

    /// <summary>
    /// The duplicate message after a lost race; the caller reads it in a fresh context, as the failed one's transaction is gone.
    /// </summary>
    public static async Task<string> DuplicateMessageAsync(MdtReviewDbContext db, int patientId, int trialId, CancellationToken cancellationToken)
    {
        var title = await db.Trials.AsNoTracking().Where(t => t.Id == trialId).Select(t => t.Title).SingleAsync(cancellationToken);
        var status = await OpenReferrals(db, patientId, trialId).AsNoTracking().Select(r => (ReferralStatus?)r.Status).FirstOrDefaultAsync(cancellationToken);
        return await DuplicateMessageAsync(db, patientId, title, status ?? ReferralStatus.Referred, cancellationToken);
    }

    private static async Task<string> DuplicateMessageAsync(MdtReviewDbContext db, int patientId, string trialTitle, ReferralStatus status, CancellationToken cancellationToken)
    {
        var patient = await db.Patients.AsNoTracking().Where(p => p.Id == patientId).Select(p => new { p.FamilyName, p.GivenName }).SingleAsync(cancellationToken);
        return $"{patient.FamilyName.ToUpperInvariant()}, {patient.GivenName} already has an open referral to {trialTitle} (status {status}).";
    }
}
