using System.Globalization;
using MdtReview.Data;
using MdtReview.Data.Auditing;
using MdtReview.Data.Evidence;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Patients.Services;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Referrals.Services;

/// <summary>
/// The trial investigator's workspace (issue 6): the referrals to the trials the caller is on (PI or any team role), the
/// minimum patient summary, the screening workflow and the screening log. Oncologists see the referrals they made, read-only.
/// <para>
/// Every operation re-reads the caller and their trial memberships, so removing someone from a trial takes effect at their
/// next action. A referral of a trial the caller is not on goes through exactly the same path as a missing one: the same
/// filtered query, the same null or <see cref="ReferralCommandResult.NotFound"/>, the same message.
/// </para>
/// </summary>
public sealed class ReferralWorkspaceService(
    CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, TimeProvider clock, AuditChain chain) : INewReferralCount
{
    public const int MaxReasonLength = 2000;


    /// <summary>What the caller may see and do, read afresh for this one operation.</summary>
    private sealed record Access(CurrentUser User, IReadOnlyList<int> TeamTrialIds)
    {
        public bool IsReferrer => User.Can(Capability.ReferToTrials);

        public bool OnTeam(int trialId) => TeamTrialIds.Contains(trialId);
    }

    /// <summary>The referrals the caller may see, newest first, filtered by trial and open/all.</summary>
    public async Task<ReferralList> ListAsync(ReferralListFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await AccessAsync(db, cancellationToken);
        if (access is null)
        {
            return ReferralList.Refused;
        }

        var visible = Visible(db, access);
        var trialIds = access.TeamTrialIds.Concat(await visible.Select(r => r.TrialId).Distinct().ToListAsync(cancellationToken)).Distinct().ToList();
        var trials = (await db.Trials.AsNoTracking().Where(t => trialIds.Contains(t.Id))
                .Select(t => new { t.Id, t.Title, t.RegistryId }).ToListAsync(cancellationToken))
            .Select(t => new ReferralTrialOption(t.Id, ReferralText.ShortName(t.Title), t.RegistryId, access.OnTeam(t.Id)))
            .OrderBy(t => t.ShortName, StringComparer.OrdinalIgnoreCase)
            .ToList();

        var query = visible;
        if (filter.TrialId is int trialId)
        {
            query = query.Where(r => r.TrialId == trialId);
        }

        if (filter.OpenOnly)
        {
            query = query.Where(r => ReferralWorkflow.OpenStatuses.Contains(r.Status));
        }

        var raw = await query
            .Select(r => new
            {
                r.Id, r.TrialId, r.Trial!.Title, r.Patient!.GivenName, r.Patient.FamilyName, r.Patient.DateOfBirth, r.Patient.Sex,
                r.Patient.TumourSite, r.ReferredAt, r.Status,
                LastChange = r.Transitions.Max(t => (DateTime?)t.At),
            })
            .ToListAsync(cancellationToken);
        var today = Today();
        var rows = raw
            .Select(r => new ReferralRow(r.Id, r.TrialId, ReferralText.ShortName(r.Title), Initials(r.GivenName, r.FamilyName), AgeOn(r.DateOfBirth, today),
                r.Sex, r.TumourSite, r.ReferredAt, r.Status, r.LastChange ?? r.ReferredAt))
            .OrderByDescending(r => r.IsNew).ThenByDescending(r => r.LastChangeAt).ThenByDescending(r => r.Id)
            .ToList();
        return new ReferralList(true, rows, trials);
    }

    /// <summary>How many referrals to the caller's trials nobody has started screening; 0 for anyone not on a trial team.</summary>
    public async Task<int> CountNewAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await AccessAsync(db, cancellationToken);
        if (access is null || access.TeamTrialIds.Count == 0)
        {
            return 0;
        }

        var teamTrials = access.TeamTrialIds;
        return await db.TrialReferrals.CountAsync(r => teamTrials.Contains(r.TrialId) && r.Status == ReferralStatus.Referred, cancellationToken);
    }

    /// <summary>One referral with the minimum patient summary, or null when it does not exist or the caller may not see it.</summary>
    public async Task<ReferralDetail?> GetAsync(int referralId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await AccessAsync(db, cancellationToken);
        if (access is null)
        {
            return null;
        }

        var referral = await Visible(db, access)
            .Include(r => r.Trial).ThenInclude(t => t!.Criteria)
            .Include(r => r.Transitions)
            .AsSplitQuery()
            .SingleOrDefaultAsync(r => r.Id == referralId, cancellationToken);
        if (referral is null)
        {
            return null;
        }

        var trial = referral.Trial!;
        var criteria = trial.Criteria.OrderBy(c => c.Position).Select(c => new ReferralCriterionView(c.Position, c.Text, c.IsExclusion)).ToList();
        var userIds = referral.Transitions.Select(t => t.ById).Append(referral.ReferredById).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        var history = referral.Transitions.OrderBy(t => t.At).ThenBy(t => t.Id)
            .Select(t => new ReferralTransitionView(t.At, names.GetValueOrDefault(t.ById, "Unknown user"), t.FromStatus, t.ToStatus, t.ToStatus.ToFhirCode(),
                t.Reason, CriteriaTexts(t.FailedCriteria, criteria)))
            .ToList();

        var summary = await SummaryAsync(db, referral.PatientId, cancellationToken);
        var canScreen = access.OnTeam(referral.TrialId) && access.User.Can(Capability.ScreenReferrals);
        var trialView = new ReferralTrialView(trial.Id, ReferralText.ShortName(trial.Title), trial.Title, trial.RegistryId, trial.Phase, trial.Status,
            trial.EligibilitySummary, criteria);
        return new ReferralDetail(referral.Id, referral.Version, referral.Status, referral.Question, referral.Reason,
            names.GetValueOrDefault(referral.ReferredById, "Unknown user"), referral.ReferredAt, trialView, summary, history,
            canScreen, canScreen ? ReferralWorkflow.NextStatuses(referral.Status) : []);
    }

    /// <summary>
    /// Records that the caller viewed the referral's patient summary (a read of clinical data is an audit event, ISO 27789);
    /// false, writing nothing, when the caller may not see the referral. The page calls it once per referral it shows.
    /// </summary>
    public async Task<bool> RecordViewAsync(int referralId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await AccessAsync(db, cancellationToken);
        if (access is null)
        {
            return false;
        }

        var patientId = await Visible(db, access).Where(r => r.Id == referralId).Select(r => (int?)r.PatientId).SingleOrDefaultAsync(cancellationToken);
        if (patientId is null)
        {
            return false;
        }

        var record = new AuditRecord(new AuditActor(access.User.Id, access.User.Email), nameof(TrialReferral),
            referralId.ToString(CultureInfo.InvariantCulture), AuditAction.View, patientId, null);
        await chain.AppendOwnTransactionAsync(db, record, cancellationToken);
        return true;
    }

    /// <summary>
    /// Moves a referral one step of the screening workflow (<see cref="ReferralWorkflow.NextStatuses"/>), writing the transition
    /// and the new status in one SaveChanges guarded by the referral's <see cref="TrialReferral.Version"/>.
    /// </summary>
    public async Task<ReferralCommandResult> TransitionAsync(int referralId, ReferralTransitionRequest request, uint expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await AccessAsync(db, cancellationToken);
        if (access is null)
        {
            return ReferralCommandResult.Forbidden();
        }

        var referral = await Visible(db, access).Include(r => r.Trial).ThenInclude(t => t!.Criteria).SingleOrDefaultAsync(r => r.Id == referralId, cancellationToken);
        if (referral is null)
        {
            return ReferralCommandResult.NotFound();
        }

        // An oncologist sees the referral they made but does not screen it.
        if (!access.OnTeam(referral.TrialId) || !access.User.Can(Capability.ScreenReferrals))
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
        catch (DbUpdateConcurrencyException)
        {
            // Re-check access on the fresh read: the caller may have left the trial team while they were saving.
            await using var fresh = await contextFactory.CreateDbContextAsync(cancellationToken);
            var stillVisible = await AccessAsync(fresh, cancellationToken) is { } now
                && await Visible(fresh, now).AnyAsync(r => r.Id == referralId, cancellationToken);
            return stillVisible && await ConflictAsync(fresh, referralId, cancellationToken) is { } conflict
                ? ReferralCommandResult.Conflicted(conflict)
                : ReferralCommandResult.NotFound();
        }
    }

    /// <summary>
    /// The screening log of one trial as CSV (see docs/screening-log.md): one row per referral, no patient identifiers.
    /// Null when the trial does not exist or the caller is not on its team, alike.
    /// </summary>
    public async Task<ScreeningLogFile?> ExportScreeningLogAsync(int trialId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await AccessAsync(db, cancellationToken);
        if (access is null || !access.OnTeam(trialId) || !access.User.Can(Capability.ScreenReferrals))
        {
            return null;
        }

        var trial = await db.Trials.AsNoTracking().Include(t => t.Criteria).SingleOrDefaultAsync(t => t.Id == trialId, cancellationToken);
        if (trial is null)
        {
            return null;
        }

        var referrals = await db.TrialReferrals.AsNoTracking().AsSplitQuery()
            .Where(r => r.TrialId == trialId)
            .Include(r => r.Transitions)
            .Select(r => new { Referral = r, r.Patient!.DateOfBirth, r.Patient.Sex, r.Patient.TumourSite })
            .ToListAsync(cancellationToken);
        var criteria = trial.Criteria.OrderBy(c => c.Position).Select(c => new ReferralCriterionView(c.Position, c.Text, c.IsExclusion)).ToList();
        var today = Today();
        var rows = referrals
            .OrderBy(r => r.Referral.ReferredAt).ThenBy(r => r.Referral.Id)
            .Select(r => ScreeningLog.Row(r.Referral, AgeOn(r.DateOfBirth, today), r.Sex, r.TumourSite, criteria))
            .ToList();
        return new ScreeningLogFile(ScreeningLog.FileName(trial.RegistryId, today), ScreeningLog.ToCsv(rows));
    }

    private async Task<Access?> AccessAsync(MdtReviewDbContext db, CancellationToken cancellationToken)
    {
        var user = await currentUser.RequireAsync(Capability.ViewReferrals, cancellationToken);
        if (user is null)
        {
            return null;
        }

        var trialIds = user.Can(Capability.ScreenReferrals)
            ? await db.TrialTeamMembers.AsNoTracking().Where(m => m.UserId == user.Id).Select(m => m.TrialId).Distinct().ToListAsync(cancellationToken)
            : [];
        return new Access(user, trialIds);
    }

    /// <summary>The one filter every query and command starts from: the caller's trials, and for an oncologist their own referrals.</summary>
    private static IQueryable<TrialReferral> Visible(MdtReviewDbContext db, Access access)
    {
        var trialIds = access.TeamTrialIds;
        var referrerId = access.IsReferrer ? access.User.Id : null;
        return db.TrialReferrals.Where(r => trialIds.Contains(r.TrialId) || (referrerId != null && r.ReferredById == referrerId));
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

    /// <summary>The minimum summary, built from the referral's own patient only.</summary>
    private async Task<ReferralPatientSummary> SummaryAsync(MdtReviewDbContext db, int patientId, CancellationToken cancellationToken)
    {
        var today = Today();
        var patient = await db.Patients.AsNoTracking().Where(p => p.Id == patientId)
            .Select(p => new { p.DateOfBirth, p.Sex, p.TumourSite, p.Histology, p.Stage, p.DiagnosisDate })
            .SingleAsync(cancellationToken);
        var biomarkers = await db.Biomarkers.AsNoTracking().Where(b => b.PatientId == patientId)
            .OrderBy(b => b.Name).Select(b => new BiomarkerView(b.Name, b.Result, b.TestedOn)).ToListAsync(cancellationToken);
        var lines = await db.TreatmentCourses.AsNoTracking().Where(c => c.PatientId == patientId)
            .OrderBy(c => c.StartDate).ThenBy(c => c.Id)
            .Select(c => new TreatmentLineView(c.Regimen, c.LineOfTherapy, c.StartDate, c.EndDate, c.Status)).ToListAsync(cancellationToken);

        // Grades, responses and the active irAEs as the clinical library computes them, never here.
        var evidence = await CaseEvidenceLoader.LoadAsync(db, patientId, today, cancellationToken)
            ?? throw new InvalidOperationException("The referral's patient has no record.");
        var iraes = evidence.Iraes.Select(i => new IraeSummaryView(i.Category, i.Term, i.Grade, i.Onset)).ToList();
        return new ReferralPatientSummary(AgeOn(patient.DateOfBirth, today), patient.Sex, patient.TumourSite, patient.Histology, patient.Stage,
            patient.DiagnosisDate, biomarkers, evidence.Ecog, lines, evidence.LatestResponse, evidence.ResponseErrors, iraes, evidence.Labs);
    }

    private DateOnly Today() => DateOnly.FromDateTime(HospitalTime.ToLocal(clock.GetUtcNow().UtcDateTime));

    /// <summary>Completed years on <paramref name="today"/>; a 29 February birthday counts from 1 March in other years.</summary>
    internal static int AgeOn(DateOnly dateOfBirth, DateOnly today)
    {
        var age = today.Year - dateOfBirth.Year;
        return dateOfBirth > today.AddYears(-age) ? age - 1 : age;
    }

    private static string Initials(string given, string family) =>
        $"{(given.Length > 0 ? char.ToUpperInvariant(given[0]) : '?')}{(family.Length > 0 ? char.ToUpperInvariant(family[0]) : '?')}";

    internal static IReadOnlyList<string> CriteriaTexts(string? positions, IReadOnlyList<ReferralCriterionView> criteria)
    {
        if (string.IsNullOrWhiteSpace(positions))
        {
            return [];
        }

        return positions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out var position)
                ? criteria.FirstOrDefault(c => c.Position == position)?.Text ?? $"Criterion {position}"
                : p)
            .ToList();
    }
}
