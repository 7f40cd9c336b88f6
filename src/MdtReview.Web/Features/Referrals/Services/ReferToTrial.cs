using MdtReview.Data;
using MdtReview.Web.Features.Patients.Entry.Services;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Referrals.Services;

/// <summary>The field keys of a referral's messages.</summary>
public static class ReferralFields
{
    public const string Trial = "TrialId";
    public const string Question = "Question";
    public const string Reason = "Reason";
}

/// <summary>
/// Refers a patient to a trial from the patient page. Oncologists only. When a referral may be made is stated once, in
/// <see cref="ReferralRules"/>, which a finalised <c>ReferToTrial</c> decision also goes through.
/// </summary>
public sealed class ReferToTrial(
    CurrentUserService currentUser,
    IDbContextFactory<MdtReviewDbContext> contextFactory,
    TimeProvider clock,
    ILogger<ReferToTrial> logger)
{
    public const int QuestionMaxLength = 1000;

    /// <summary>As long as a decision's rationale, which becomes the reason of a referral made by a decision.</summary>
    public const int ReasonMaxLength = 4000;

    public const string ForbiddenMessage = "Only oncologists may refer patients to trials.";

    /// <summary>
    /// Refers the patient to the trial: the referral starts as <c>Referred</c>, by the caller, now. Refused, with a field
    /// message and nothing written, when the question is missing or too long, the trial is not recruiting, or the patient
    /// already has an open referral to it (also when a colleague made that referral at the same instant).
    /// </summary>
    public async Task<EntryResult> HandleAsync(int patientId, int trialId, string? question, string? reason, int? decisionId = null, CancellationToken cancellationToken = default)
    {
        var user = await currentUser.RequireAsync(Capability.ReferToTrials, cancellationToken);
        if (user is null)
        {
            return new EntryResult(EntryOutcome.Forbidden, new Dictionary<string, string> { [EntryResult.FormKey] = ForbiddenMessage });
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            return EntryResult.NotFound("This patient no longer exists.");
        }

        var errors = new Dictionary<string, string>();
        var cleanQuestion = Clean(question);
        if (cleanQuestion is null)
        {
            errors[ReferralFields.Question] = "Give the question for the trial team.";
        }
        else if (cleanQuestion.Length > QuestionMaxLength)
        {
            errors[ReferralFields.Question] = $"Keep the question under {QuestionMaxLength} characters.";
        }

        var cleanReason = Clean(reason);
        if (cleanReason?.Length > ReasonMaxLength)
        {
            errors[ReferralFields.Reason] = $"Keep the reason under {ReasonMaxLength} characters.";
        }

        if (decisionId is { } id && !await db.Decisions.AnyAsync(d => d.Id == id && d.PatientId == patientId, cancellationToken))
        {
            errors[EntryResult.FormKey] = "The decision this referral comes from is not one of this patient's.";
        }

        if (await ReferralRules.RefusalAsync(db, patientId, trialId, [], cancellationToken) is { } refusal)
        {
            errors[ReferralFields.Trial] = refusal;
        }

        if (errors.Count > 0)
        {
            return EntryResult.Invalid(errors);
        }

        var referral = ReferralRules.NewReferral(patientId, trialId, cleanQuestion!, cleanReason, decisionId, user.Id, clock.GetUtcNow().UtcDateTime, "Referred from the patient page");
        db.TrialReferrals.Add(referral);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (ReferralRules.IsOpenReferralViolation(e))
        {
            logger.LogInformation(e, "Referral of patient {PatientId} to trial {TrialId} by user {UserId} met a colleague's open referral made at the same time",
                patientId, trialId, user.Id);
            await using var again = await contextFactory.CreateDbContextAsync(cancellationToken);
            return EntryResult.Invalid(ReferralFields.Trial, await ReferralRules.DuplicateMessageAsync(again, patientId, trialId, cancellationToken));
        }

        return EntryResult.Saved(referral.Id);
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
