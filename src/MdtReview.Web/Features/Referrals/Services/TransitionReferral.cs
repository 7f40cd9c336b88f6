using System.Globalization;
using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Patients.Services;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Referrals.Services;

/// <summary>
/// Moves a referral one step of the screening workflow (<see cref="ReferralWorkflow.NextStatuses"/>) for a member of the
/// trial's team, writing the transition and the new status in one SaveChanges guarded by the referral's
/// <see cref="TrialReferral.Version"/>.
/// </summary>
public sealed class TransitionReferral(
    CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, TimeProvider clock, ILogger<TransitionReferral> logger)
{
    public const int MaxReasonLength = 2000;

    public async Task<ReferralCommandResult> HandleAsync(int referralId, ReferralTransitionRequest request, uint expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await ReferralAccess.ReadAsync(currentUser, db, cancellationToken);
        if (access is null)
        {
            return ReferralCommandResult.Forbidden();
        }

        var referral = await access.Visible(db).Include(r => r.Trial).ThenInclude(t => t!.Criteria).SingleOrDefaultAsync(r => r.Id == referralId, cancellationToken);
        if (referral is null)
        {
            return ReferralCommandResult.NotFound();
        }

        if (!access.CanScreen(referral.TrialId))
        {
            return ReferralCommandResult.Forbidden();
        }

        if (referral.Version != expectedVersion)
        {
            return ReferralCommandResult.Conflicted(await ConflictAsync(db, referral.Id, cancellationToken) ?? throw new InvalidOperationException("The referral vanished."));
        }

        var errors = Validate(referral, request);
        if (errors.Count > 0)
        {
            return ReferralCommandResult.Invalid(errors);
        }

        var failed = request.To == ReferralStatus.Ineligible
            ? string.Join(',', request.FailedCriteria!.Distinct().Order().Select(p => p.ToString(CultureInfo.InvariantCulture)))
            : null;
        referral.Transitions.Add(new TrialReferralTransition
        {
            FromStatus = referral.Status,
            ToStatus = request.To,
            At = clock.GetUtcNow().UtcDateTime,
            ById = access.User.Id,
            Reason = string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim(),
            FailedCriteria = failed,
        });
        referral.Status = request.To;
        db.Entry(referral).Property(r => r.Version).OriginalValue = expectedVersion;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return ReferralCommandResult.Saved();
        }
        catch (DbUpdateConcurrencyException e)
        {
            logger.LogWarning(e, "Moving referral {ReferralId} of trial {TrialId} to {Status} by user {UserId} conflicted with a concurrent change",
                referralId, referral.TrialId, request.To, access.User.Id);

            // Re-check access on the fresh read: the caller may have left the trial team while they were saving.
            await using var fresh = await contextFactory.CreateDbContextAsync(cancellationToken);
            var stillVisible = await ReferralAccess.ReadAsync(currentUser, fresh, cancellationToken) is { } now
                && await now.Visible(fresh).AnyAsync(r => r.Id == referralId, cancellationToken);
            return stillVisible && await ConflictAsync(fresh, referralId, cancellationToken) is { } conflict
                ? ReferralCommandResult.Conflicted(conflict)
                : ReferralCommandResult.NotFound();
        }
    }

    private static Dictionary<string, string> Validate(TrialReferral referral, ReferralTransitionRequest request)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!ReferralWorkflow.CanMove(referral.Status, request.To))
        {
            errors[nameof(ReferralTransitionRequest.To)] = ReferralWorkflow.NextStatuses(referral.Status) is { Count: > 0 } next
                ? $"A referral that is {ReferralText.Status(referral.Status)} cannot move to {request.To}; it can move to {string.Join(", ", next)}."
                : $"A referral that is {referral.Status} has ended; it cannot move to {request.To}.";
            return errors;
        }

        var reason = request.Reason?.Trim();
        if (ReferralWorkflow.EndsReferral(request.To) && string.IsNullOrEmpty(reason))
        {
            errors[nameof(ReferralTransitionRequest.Reason)] = request.To switch
            {
                ReferralStatus.Ineligible => "Give the reason the patient is not eligible.",
                ReferralStatus.Declined => "Record the patient's reason for declining.",
                _ => "Give the reason for withdrawing the referral.",
            };
        }
        else if (reason is { Length: > MaxReasonLength })
        {
            errors[nameof(ReferralTransitionRequest.Reason)] = $"Keep the reason to {MaxReasonLength} characters or fewer.";
        }

        var failed = request.FailedCriteria ?? [];
        if (request.To == ReferralStatus.Ineligible)
        {
            var positions = referral.Trial!.Criteria.Select(c => c.Position).ToHashSet();
            if (failed.Count == 0)
            {
                errors[nameof(ReferralTransitionRequest.FailedCriteria)] = "Tick at least one checklist criterion the patient does not meet.";
            }
            else if (failed.Any(p => !positions.Contains(p)))
            {
                errors[nameof(ReferralTransitionRequest.FailedCriteria)] = "Only this trial's checklist criteria can be ticked.";
            }
        }
        else if (failed.Count > 0)
        {
            errors[nameof(ReferralTransitionRequest.FailedCriteria)] = "Failed criteria are recorded only when the patient is not eligible.";
        }

        return errors;
    }

    private static async Task<ReferralConflict?> ConflictAsync(MdtReviewDbContext db, int referralId, CancellationToken cancellationToken)
    {
        var current = await db.TrialReferrals.AsNoTracking().Where(r => r.Id == referralId)
            .Select(r => new
            {
                r.Status, r.Version,
                Last = r.Transitions.OrderByDescending(t => t.At).ThenByDescending(t => t.Id).Select(t => new { t.ById, t.At }).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (current is null)
        {
            return null;
        }

        var by = current.Last is null ? null
            : await db.Users.AsNoTracking().Where(u => u.Id == current.Last.ById).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken);
        var when = current.Last is null ? "" : $" on {HospitalTime.Show(current.Last.At)}";
        var who = by is null ? "Someone else" : by;
        return new ReferralConflict(
            $"{who} changed this referral{when} while you were looking at it: it is now {ReferralText.Status(current.Status)}. Nothing was saved; review the current state and try again if your change still applies.",
            current.Status, current.Version, by, current.Last?.At);
    }
}
