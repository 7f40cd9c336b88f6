using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Patients.Services;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Decisions.Services;

/// <summary>
/// Records when the patient was told of a final decision: once, not in the future and not before the decision was
/// finalised (compared to the minute, as the form takes minutes). It is the one clinical field a final decision still
/// accepts (the database's immutability guard lets PatientInformedAt through); governance reads it for timeliness.
/// Oncologists only.
/// </summary>
public sealed class RecordPatientInformed(
    CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, TimeProvider clock, ILogger<RecordPatientInformed> logger)
{
    public async Task<PatientInformedResult> RecordAsync(int decisionId, DateTime informedAtUtc, CancellationToken cancellationToken = default)
    {
        var user = await currentUser.RequireAsync(Capability.RecordDecisions, cancellationToken);
        if (user is null)
        {
            return new(PatientInformedOutcome.Forbidden, Message: "Only oncologists may record that the patient was informed.");
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var decision = await db.Decisions.SingleOrDefaultAsync(d => d.Id == decisionId, cancellationToken);
        if (decision is null)
        {
            return new(PatientInformedOutcome.NotFound, Message: "This decision no longer exists.");
        }

        if (decision.PatientInformedAt is { } already)
        {
            return new(PatientInformedOutcome.AlreadyRecorded, already, $"The patient was already recorded as informed on {HospitalTime.Show(already)}.");
        }

        if (decision.Status != DecisionStatus.Final || decision.FinalisedAt is not { } finalisedAt)
        {
            return new(PatientInformedOutcome.Invalid, Message: "Only a final decision can be recorded as told to the patient.");
        }

        if (await db.Decisions.AnyAsync(d => d.SupersedesId == decisionId && d.Status == DecisionStatus.Final, cancellationToken))
        {
            return new(PatientInformedOutcome.Invalid, Message: "This version has been amended: record it on the latest version.");
        }

        var informedAt = DateTime.SpecifyKind(informedAtUtc, DateTimeKind.Utc);
        var now = clock.GetUtcNow().UtcDateTime;
        if (informedAt > now)
        {
            return new(PatientInformedOutcome.Invalid, Message: "This time is in the future.");
        }

        if (informedAt < finalisedAt.AddTicks(-(finalisedAt.Ticks % TimeSpan.TicksPerMinute)))
        {
            return new(PatientInformedOutcome.Invalid, Message: $"The decision was finalised on {HospitalTime.Show(finalisedAt)}; the patient cannot have been told of it before then.");
        }

        decision.PatientInformedAt = informedAt;
        decision.UpdatedAt = now;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A colleague recorded it at the same moment: theirs stands (it is recorded once).
            logger.LogInformation("Recording that the patient was informed of decision {DecisionId} of meeting case {MeetingCaseId} by user {UserId} lost to a concurrent save",
                decisionId, decision.MeetingCaseId, user.Id);
            await using var again = await contextFactory.CreateDbContextAsync(cancellationToken);
            var theirs = await again.Decisions.Where(d => d.Id == decisionId).Select(d => d.PatientInformedAt).SingleOrDefaultAsync(cancellationToken);
            return theirs is { } at
                ? new(PatientInformedOutcome.AlreadyRecorded, at, $"A colleague has just recorded the patient as informed on {HospitalTime.Show(at)}.")
                : new(PatientInformedOutcome.Invalid, Message: "This could not be recorded just now; try again.");
        }

        return new(PatientInformedOutcome.Recorded, informedAt);
    }
}
