using MdtReview.Clinical;
using MdtReview.Clinical.GuidelineCheck;
using MdtReview.Clinical.Recist;
using MdtReview.Clinical.Schedules;
using MdtReview.Data;
using MdtReview.Data.Evidence;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

using MdtReview.Web.Features.Patients.Entry.Services;
using MdtReview.Web.Features.Referrals.Services;
using MdtReview.Web.Features.Patients.Services;

namespace MdtReview.Web.Features.Decisions.Services;

/// <summary>
/// Records MDT decisions: server-side drafts with optimistic concurrency, the live guideline check, finalisation that freezes
/// the evidence snapshot and findings and applies the decision's effect on the treatment course (and a trial referral) in
/// one save, and amendments as new versions. Oncologists may write; governance leads may read; everyone else is refused.
/// </summary>
public sealed class DecisionService(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, TimeProvider clock)
{
    public const int RationaleMaxLength = 4000;
    public const int TextMaxLength = 1000;
    public const int DeviationTextMinLength = 10;

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The guideline check of an outcome against the evidence (pure; runs on every outcome change).</summary>
    public static IReadOnlyList<GuidelineFinding> Check(CaseEvidence evidence, DecisionOutcome? outcome) =>
        outcome is { } o ? evidence.Check(o) : [];

    /// <summary>True when finalising <paramref name="outcome"/> overrides a <c>must</c> finding and so needs a deviation reason.</summary>
    public static bool RequiresDeviation(CaseEvidence evidence, DecisionOutcome? outcome) =>
        Check(evidence, outcome).Any(f => f.Severity == FindingSeverity.Must);

    /// <summary>
    /// The editor for a meeting case: its latest decision version (draft or final) or a new draft pre-filled from the
    /// schedules. Null when the case does not exist or the caller may not see it.
    /// </summary>
    public async Task<DecisionEditor?> OpenForCaseAsync(int meetingCaseId, CancellationToken cancellationToken = default)
    {
        var user = await ReaderAsync(cancellationToken);
        if (user is null)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var meetingCase = await db.MeetingCases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == meetingCaseId, cancellationToken);
        if (meetingCase is null)
        {
            return null;
        }

        var latest = await LatestVersionAsync(db, db.Decisions.Where(d => d.MeetingCaseId == meetingCaseId), cancellationToken);
        return await EditorAsync(db, user, meetingCase.PatientId, meetingCaseId, latest, cancellationToken);
    }

    /// <summary>The editor for a decision (any version) or null when it does not exist or the caller may not see it.</summary>
    public async Task<DecisionEditor?> OpenAsync(int decisionId, CancellationToken cancellationToken = default)
    {
        var user = await ReaderAsync(cancellationToken);
        if (user is null)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var decision = await db.Decisions.AsNoTracking().SingleOrDefaultAsync(d => d.Id == decisionId, cancellationToken);
        return decision is null ? null : await EditorAsync(db, user, decision.PatientId, decision.MeetingCaseId, decision, cancellationToken);
    }

    /// <summary>A new out-of-meeting decision for a patient (nothing is stored until the first autosave).</summary>
    public async Task<DecisionEditor?> OpenNewForPatientAsync(int patientId, CancellationToken cancellationToken = default)
    {
        var user = await ReaderAsync(cancellationToken);
        if (user is null)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken)
            ? await EditorAsync(db, user, patientId, null, null, cancellationToken)
            : null;
    }

    /// <summary>The versions of the decision chain <paramref name="decisionId"/> belongs to, oldest first.</summary>
    public async Task<IReadOnlyList<DecisionVersionRow>> HistoryAsync(int decisionId, CancellationToken cancellationToken = default)
    {
        if (await ReaderAsync(cancellationToken) is null)
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await HistoryAsync(db, decisionId, cancellationToken);
    }

    /// <summary>
    /// Creates or updates a draft (the autosave). Refuses a final decision, and reports a conflict with the stored version
    /// when <see cref="DecisionDraft.Version"/> is not the one in the database.
    /// </summary>
    public async Task<DecisionResult> SaveDraftAsync(DecisionDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var user = await WriterAsync(cancellationToken);
        if (user is null)
        {
            return new(DecisionResultKind.Forbidden, Message: "Only oncologists may record decisions.");
        }

        var errors = ValidateDraftFields(draft);
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
                return new(DecisionResultKind.AlreadyFinal, await DraftOfAsync(db, loaded, cancellationToken),
                    Message: "This decision is final and can no longer be changed; amend it to record a change.");
            }

            if (loaded.SupersedesId is null && await NoNewDecisionReasonAsync(db, loaded.MeetingCaseId, cancellationToken) is { } refused)
            {
                return new(DecisionResultKind.Invalid, Message: refused);
            }

            if (loaded.Version != draft.Version)
            {
                return new(DecisionResultKind.Conflict, draft, await DraftOfAsync(db, loaded, cancellationToken),
                    Message: "Someone else saved this draft after you opened it.");
            }

            decision = loaded;
            Apply(draft, decision);
        }

        decision.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await ConflictAsync(draft, cancellationToken);
        }
        catch (DbUpdateException) when (draft.Id is null && draft.MeetingCaseId is not null)
        {
            // Two first drafts of one case at the same instant: both passed the check in NewDraftAsync, and the unique
            // index IX_Decisions_MeetingCaseId_Original let only one in. The loser is shown the winner's draft.
            var theirs = await FirstDraftOfCaseAsync(draft.MeetingCaseId.Value, cancellationToken);
            if (theirs is null)
            {
                throw;
            }

            return new(DecisionResultKind.Conflict, draft, theirs, Message: "A colleague has just started the decision for this case.");
        }

        return new(DecisionResultKind.Saved, await DraftOfAsync(db, decision, cancellationToken));
    }

    /// <summary>
    /// Saves the draft's latest fields and finalises it in one save: validates (a deviation reason and text when a
    /// <c>must</c> finding is overridden), freezes the evidence snapshot and findings with the rules version, marks the
    /// meeting case discussed, applies the effect on the treatment course and creates the trial referral. Repeating it
    /// for a decision that is already final changes nothing and returns the final record.
    /// </summary>
    public async Task<DecisionResult> FinaliseAsync(DecisionDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var user = await WriterAsync(cancellationToken);
        if (user is null)
        {
            return new(DecisionResultKind.Forbidden, Message: "Only oncologists may finalise decisions.");
        }

        var today = Today;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var evidence = await CaseEvidenceLoader.LoadAsync(db, draft.PatientId, today, cancellationToken);
        if (evidence is null)
        {
            return new(DecisionResultKind.NotFound, Message: "This patient no longer exists.");
        }

        if (draft.Id is null)
        {
            // A case that already has a decision reports it (a conflict, from the save below) rather than its meeting's state.
            if (await NoNewDecisionReasonAsync(db, draft.MeetingCaseId, cancellationToken) is { } refused
                && !await db.Decisions.AnyAsync(d => d.MeetingCaseId == draft.MeetingCaseId, cancellationToken))
            {
                return new(DecisionResultKind.Invalid, Message: refused);
            }

            // Nothing is written when the decision is not ready; otherwise the draft is stored first so that the
            // referral below can point at its id.
            var errorsFirst = await ValidateForFinalAsync(db, draft, evidence, today, cancellationToken);
            if (errorsFirst.Count > 0)
            {
                return new(DecisionResultKind.Invalid, Errors: errorsFirst, Message: "The decision cannot be finalised yet: check the highlighted fields.");
            }

            var saved = await SaveDraftAsync(draft, cancellationToken);
            if (saved.Kind != DecisionResultKind.Saved)
            {
                return saved;
            }

            draft = saved.Draft!;
        }

        var loaded = await db.Decisions.SingleOrDefaultAsync(d => d.Id == draft.Id, cancellationToken);
        if (loaded is null || loaded.PatientId != draft.PatientId)
        {
            return new(DecisionResultKind.NotFound, Message: "This decision no longer exists.");
        }

        if (loaded.Status == DecisionStatus.Final)
        {
            return new(DecisionResultKind.AlreadyFinal, await DraftOfAsync(db, loaded, cancellationToken), Message: "This decision is already final.");
        }

        if (loaded.SupersedesId is null && await NoNewDecisionReasonAsync(db, loaded.MeetingCaseId, cancellationToken) is { } closed)
        {
            return new(DecisionResultKind.Invalid, Message: closed);
        }

        if (loaded.Version != draft.Version)
        {
            return new(DecisionResultKind.Conflict, draft, await DraftOfAsync(db, loaded, cancellationToken),
                Message: "Someone else saved this draft after you opened it; review both versions before finalising.");
        }

        var errors = await ValidateForFinalAsync(db, draft, evidence, today, cancellationToken);
        if (errors.Count > 0)
        {
            return new(DecisionResultKind.Invalid, Errors: errors, Message: "The decision cannot be finalised yet: check the highlighted fields.");
        }

        var decision = loaded;
        Apply(draft, decision);

        var now = clock.GetUtcNow().UtcDateTime;
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
        decision.FinalisedById = user.Id;
        decision.FinalisedAt = now;
        decision.UpdatedAt = now;

        if (decision.MeetingCaseId is { } caseId)
        {
            var meetingCase = await db.MeetingCases.SingleAsync(c => c.Id == caseId, cancellationToken);
            meetingCase.Status = MeetingCaseStatus.Discussed;
        }

        await ApplyCourseEffectAsync(db, decision, today, cancellationToken);
        await CreateReferralAsync(db, decision, user, now, cancellationToken);

        try
        {
            // The course may have been paused, stopped or closed: the patient's alert state changes with it.
            await ClinicalWrites.CommitAsync(db, [decision.PatientId], today, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A second finalise of the same draft (double click, two tabs) lands here: the first one won.
            return await ConflictAsync(draft, cancellationToken);
        }
        catch (DbUpdateException e) when (ReferralService.IsOpenReferralViolation(e) && decision.TrialId is { } trialId)
        {
            // A colleague referred the patient to the same trial between the check above and this save: nothing was written.
            await using var again = await contextFactory.CreateDbContextAsync(cancellationToken);
            return new(DecisionResultKind.Invalid,
                Errors: new Dictionary<string, string> { [nameof(DecisionDraft.TrialId)] = await ReferralService.DuplicateMessageAsync(again, decision.PatientId, trialId, cancellationToken) },
                Message: "The decision cannot be finalised yet: check the highlighted fields.");
        }

        return new(DecisionResultKind.Finalised, await DraftOfAsync(db, decision, cancellationToken));
    }

    /// <summary>
    /// Starts an amendment of a final decision: a new draft version (VersionNumber + 1) that supersedes it, with the reason.
    /// The final decision itself is untouched. When an amendment draft already exists it is returned.
    /// </summary>
    public async Task<DecisionResult> AmendAsync(int decisionId, string? reason, CancellationToken cancellationToken = default)
    {
        var user = await WriterAsync(cancellationToken);
        if (user is null)
        {
            return new(DecisionResultKind.Forbidden, Message: "Only oncologists may amend decisions.");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return new(DecisionResultKind.Invalid, Errors: new Dictionary<string, string> { [nameof(DecisionDraft.AmendmentReason)] = "Give the reason for the amendment." });
        }

        if (reason.Trim().Length > TextMaxLength)
        {
            return new(DecisionResultKind.Invalid, Errors: new Dictionary<string, string> { [nameof(DecisionDraft.AmendmentReason)] = $"Keep the reason under {TextMaxLength} characters." });
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
                ? new(DecisionResultKind.Saved, await DraftOfAsync(db, existing, cancellationToken), Message: "An amendment of this decision is already in progress.")
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
        catch (DbUpdateException)
        {
            // The unique index on SupersedesId: someone else started the amendment at the same moment.
            await using var again = await contextFactory.CreateDbContextAsync(cancellationToken);
            var theirs = await again.Decisions.AsNoTracking().SingleOrDefaultAsync(d => d.SupersedesId == decisionId, cancellationToken);
            return theirs is null
                ? new(DecisionResultKind.Invalid, Message: "The amendment could not be started; try again.")
                : new(DecisionResultKind.Saved, await DraftOfAsync(again, theirs, cancellationToken), Message: "An amendment of this decision is already in progress.");
        }

        return new(DecisionResultKind.Saved, await DraftOfAsync(db, amendment, cancellationToken));
    }

    /// <summary>
    /// Why no original decision may be recorded for this meeting case, or null when one may. A closed meeting's record is
    /// complete (what was not decided there was deferred or is decided elsewhere), and a deferred case is decided at the
    /// meeting it moved to; amendments of final decisions stay possible, because a correction must never be blocked.
    /// </summary>
    private static async Task<string?> NoNewDecisionReasonAsync(MdtReviewDbContext db, int? meetingCaseId, CancellationToken cancellationToken)
    {
        if (meetingCaseId is not { } caseId)
        {
            return null;
        }

        var state = await db.MeetingCases.AsNoTracking().Where(c => c.Id == caseId)
            .Select(c => new { c.Status, MeetingStatus = db.Meetings.Where(m => m.Id == c.MeetingId).Select(m => m.Status).First() })
            .SingleOrDefaultAsync(cancellationToken);
        return state switch
        {
            null => null,
            { Status: MeetingCaseStatus.Deferred } =>
                "This case was deferred to a later meeting: record the decision there, not here.",
            { MeetingStatus: MeetingStatus.Closed } =>
                "This meeting is closed, so no new decision can be recorded for its cases. List the patient at the next meeting or record an out-of-meeting decision; a final decision can still be amended.",
            _ => null,
        };
    }

    /// <summary>
    /// Records when the patient was told of a final decision: once, not in the future and not before the decision was
    /// finalised (compared to the minute, as the form takes minutes). It is the one clinical field a final decision still
    /// accepts (the database's immutability guard lets PatientInformedAt through); governance reads it for timeliness.
    /// </summary>
    public async Task<PatientInformedResult> RecordPatientInformedAsync(int decisionId, DateTime informedAtUtc, CancellationToken cancellationToken = default)
    {
        var user = await WriterAsync(cancellationToken);
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
            await using var again = await contextFactory.CreateDbContextAsync(cancellationToken);
            var theirs = await again.Decisions.Where(d => d.Id == decisionId).Select(d => d.PatientInformedAt).SingleOrDefaultAsync(cancellationToken);
            return theirs is { } at
                ? new(PatientInformedOutcome.AlreadyRecorded, at, $"A colleague has just recorded the patient as informed on {HospitalTime.Show(at)}.")
                : new(PatientInformedOutcome.Invalid, Message: "This could not be recorded just now; try again.");
        }

        return new(PatientInformedOutcome.Recorded, informedAt);
    }

    private async Task<CurrentUser?> ReaderAsync(CancellationToken cancellationToken) =>
        await currentUser.RequireAsync(Capability.ViewClinicalData, cancellationToken);

    private async Task<CurrentUser?> WriterAsync(CancellationToken cancellationToken) =>
        await currentUser.RequireAsync(Capability.RecordDecisions, cancellationToken);

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
            var theirs = await LatestVersionAsync(db, db.Decisions.Where(d => d.MeetingCaseId == caseId), cancellationToken);
            if (theirs is not null)
            {
                return (null, new(DecisionResultKind.Conflict, draft, await DraftOfAsync(db, theirs, cancellationToken),
                    Message: "A colleague has already started the decision for this case."));
            }

            // A new decision is always an original version (amendments start in AmendAsync).
            if (await NoNewDecisionReasonAsync(db, caseId, cancellationToken) is { } refused)
            {
                return (null, new(DecisionResultKind.Invalid, Message: refused));
            }
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var decision = new Decision { PatientId = draft.PatientId, MeetingCaseId = draft.MeetingCaseId, Rationale = "", CreatedById = user.Id, CreatedAt = now, Status = DecisionStatus.Draft };
        Apply(draft, decision);
        db.Decisions.Add(decision);
        return (decision, null);
    }

    private static void Apply(DecisionDraft draft, Decision decision)
    {
        decision.Outcome = draft.Outcome ?? decision.Outcome;
        decision.Rationale = draft.Rationale.Trim();
        decision.Conditions = Clean(draft.Conditions);
        decision.NextReviewDate = draft.NextReviewDate;
        decision.NextScanDue = draft.NextScanDue;
        decision.PlannedNextTreatment = Clean(draft.PlannedNextTreatment);
        decision.InformPatientById = Clean(draft.InformPatientById);
        decision.InformPatientBy = draft.InformPatientBy;
        decision.TrialId = draft.TrialId;
        decision.ReferralQuestion = Clean(draft.ReferralQuestion);
        decision.DeviationReason = draft.DeviationReason;
        decision.DeviationText = Clean(draft.DeviationText);
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static Dictionary<string, string> ValidateDraftFields(DecisionDraft draft)
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

    private static async Task<Dictionary<string, string>> ValidateForFinalAsync(
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
        var chain = await ChainIdsAsync(db, draft.SupersedesId, cancellationToken);
        if (await ReferralService.RefusalAsync(db, draft.PatientId, trialId, chain, cancellationToken) is { } refusal)
        {
            errors[nameof(DecisionDraft.TrialId)] = refusal;
        }
    }

    private static async Task<HashSet<int>> ChainIdsAsync(MdtReviewDbContext db, int? supersedesId, CancellationToken cancellationToken)
    {
        var ids = new HashSet<int>();
        var next = supersedesId;
        while (next is { } id && ids.Add(id))
        {
            next = await db.Decisions.Where(d => d.Id == id).Select(d => d.SupersedesId).SingleOrDefaultAsync(cancellationToken);
        }

        return ids;
    }

    private static async Task ApplyCourseEffectAsync(MdtReviewDbContext db, Decision decision, DateOnly today, CancellationToken cancellationToken)
    {
        var course = await db.TreatmentCourses.Where(c => c.PatientId == decision.PatientId)
            .OrderByDescending(c => c.StartDate).ThenByDescending(c => c.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (course is null || course.Status is TreatmentStatus.Stopped or TreatmentStatus.Completed)
        {
            return;
        }

        var reason = $"MDT decision {today:d MMM yyyy}";
        switch (decision.Outcome)
        {
            case DecisionOutcome.Pause:
                course.Status = TreatmentStatus.Paused;
                course.StatusReason = $"{reason}: paused — {decision.Conditions}";
                break;
            case DecisionOutcome.Continue when course.Status == TreatmentStatus.Paused:
                course.Status = TreatmentStatus.Active;
                course.StatusReason = $"{reason}: resumed";
                break;
            case DecisionOutcome.Stop:
                course.Status = TreatmentStatus.Stopped;
                course.EndDate = today;
                course.StatusReason = $"{reason}: stopped";
                break;
            case DecisionOutcome.SwitchToChemotherapy or DecisionOutcome.SwitchToTargetedTherapy:
                course.Status = TreatmentStatus.Stopped;
                course.EndDate = today;
                course.PlannedNextTreatment = decision.PlannedNextTreatment;
                course.StatusReason = decision.Outcome == DecisionOutcome.SwitchToChemotherapy
                    ? $"{reason}: switched to chemotherapy"
                    : $"{reason}: switched to targeted therapy";
                break;
            default:
                break;
        }
    }

    private static async Task CreateReferralAsync(MdtReviewDbContext db, Decision decision, CurrentUser user, DateTime now, CancellationToken cancellationToken)
    {
        if (decision.Outcome != DecisionOutcome.ReferToTrial || decision.TrialId is not { } trialId)
        {
            return;
        }

        // An amendment that keeps the referral of the version it supersedes does not refer the patient twice.
        var chain = await ChainIdsAsync(db, decision.SupersedesId, cancellationToken);
        if (await ReferralService.OpenReferrals(db, decision.PatientId, trialId)
                .AnyAsync(r => r.DecisionId != null && chain.Contains(r.DecisionId.Value), cancellationToken))
        {
            return;
        }

        db.TrialReferrals.Add(ReferralService.NewReferral(decision.PatientId, trialId, decision.ReferralQuestion!, decision.Rationale, decision.Id, user.Id, now,
            decision.MeetingCaseId is null ? "Referred by an MDT decision made outside a meeting" : "Referred by MDT decision"));
    }

    /// <summary>The stored decision of a meeting case (latest version), read on a new context after a failed insert.</summary>
    private async Task<DecisionDraft?> FirstDraftOfCaseAsync(int meetingCaseId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stored = await LatestVersionAsync(db, db.Decisions.Where(d => d.MeetingCaseId == meetingCaseId), cancellationToken);
        return stored is null ? null : await DraftOfAsync(db, stored, cancellationToken);
    }

    private async Task<DecisionResult> ConflictAsync(DecisionDraft mine, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stored = mine.Id is { } id ? await db.Decisions.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken) : null;
        if (stored is null)
        {
            return new(DecisionResultKind.NotFound, Message: "This decision no longer exists.");
        }

        var theirs = await DraftOfAsync(db, stored, cancellationToken);
        return stored.Status == DecisionStatus.Final
            ? new(DecisionResultKind.AlreadyFinal, theirs, Message: "This decision is already final.")
            : new(DecisionResultKind.Conflict, mine, theirs, Message: "Someone else saved this draft at the same moment.");
    }

    private static async Task<Decision?> LatestVersionAsync(MdtReviewDbContext db, IQueryable<Decision> decisions, CancellationToken cancellationToken) =>
        await decisions.AsNoTracking().OrderByDescending(d => d.VersionNumber).ThenByDescending(d => d.Id).FirstOrDefaultAsync(cancellationToken);

    private static async Task<DecisionDraft> DraftOfAsync(MdtReviewDbContext db, Decision decision, CancellationToken cancellationToken)
    {
        var name = decision.FinalisedById is null ? null
            : await db.Users.Where(u => u.Id == decision.FinalisedById).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken);
        return DecisionDraft.From(decision, name);
    }

    private static async Task<IReadOnlyList<DecisionVersionRow>> HistoryAsync(MdtReviewDbContext db, int decisionId, CancellationToken cancellationToken)
    {
        var chain = await DecisionChain.LoadAsync(db, decisionId, cancellationToken);
        var finaliserIds = chain.Select(c => c.FinalisedById).OfType<string>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => finaliserIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName })
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        return [.. chain.Select(c => new DecisionVersionRow(c.Id, c.VersionNumber, c.Status, c.Outcome, c.FinalisedAt,
            c.FinalisedById is null ? null : names.GetValueOrDefault(c.FinalisedById), c.AmendmentReason))];
    }

    private async Task<DecisionEditor?> EditorAsync(
        MdtReviewDbContext db, CurrentUser user, int patientId, int? meetingCaseId, Decision? decision, CancellationToken cancellationToken)
    {
        var today = Today;
        var patient = await db.Patients.AsNoTracking().Where(p => p.Id == patientId)
            .Select(p => new { p.FamilyName, p.GivenName, p.Mrn }).SingleOrDefaultAsync(cancellationToken);
        if (patient is null)
        {
            return null;
        }

        // A final decision shows the evidence the team saw, frozen at finalisation; a draft shows today's.
        var evidence = (decision?.Status == DecisionStatus.Final ? CaseEvidence.FromSnapshotJson(decision.EvidenceSnapshotJson) : null)
            ?? await CaseEvidenceLoader.LoadAsync(db, patientId, today, cancellationToken);
        if (evidence is null)
        {
            return null;
        }

        var lastScan = await db.Scans.Where(s => s.PatientId == patientId && s.ScanDate <= today).MaxAsync(s => (DateOnly?)s.ScanDate, cancellationToken);
        ScanStatus? nextScan = lastScan is { } scanDate
            ? Schedule.NextScan(scanDate, evidence.LatestResponse?.Irecist == ResponseText.Code(IrecistResponse.IUPD), today)
            : null;

        DecisionDraft draft;
        if (decision is not null)
        {
            draft = await DraftOfAsync(db, decision, cancellationToken);
        }
        else
        {
            // The next scan from the rules library's schedule (routine ~12 weeks, or the iUPD confirmation window); the
            // review follows a week after it so the report is back. A scan already overdue is booked from today.
            var scanDue = nextScan is null ? (DateOnly?)null : nextScan.Due < today ? today.AddDays(7) : nextScan.Due;
            draft = new DecisionDraft
            {
                PatientId = patientId,
                MeetingCaseId = meetingCaseId,
                NextScanDue = scanDue,
                NextReviewDate = scanDue?.AddDays(7) ?? today.AddDays(28),
                InformPatientById = user.Can(Capability.RecordDecisions) ? user.Id : null,
                InformPatientBy = today.AddDays(7),
            };
        }

        var trials = await db.Trials.AsNoTracking().Where(t => t.Status == TrialStatus.Recruiting || t.Id == draft.TrialId)
            .OrderBy(t => t.Title).Select(t => new TrialOption(t.Id, t.Title, t.RegistryId, t.Status)).ToListAsync(cancellationToken);
        var oncologistRoleId = await db.Roles.Where(r => r.Name == Roles.Oncologist).Select(r => r.Id).SingleOrDefaultAsync(cancellationToken);
        var clinicians = await db.Users.AsNoTracking()
            .Where(u => !u.IsDisabled && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == oncologistRoleId))
            .OrderBy(u => u.DisplayName).Select(u => new ClinicianOption(u.Id, u.DisplayName == "" ? u.Email! : u.DisplayName))
            .ToListAsync(cancellationToken);
        var history = decision is null ? [] : await HistoryAsync(db, decision.Id, cancellationToken);
        var noNewDecision = decision is null || (decision.Status == DecisionStatus.Draft && decision.SupersedesId is null)
            ? await NoNewDecisionReasonAsync(db, meetingCaseId, cancellationToken)
            : null;

        return new DecisionEditor(
            patientId, $"{patient.FamilyName.ToUpperInvariant()}, {patient.GivenName}", patient.Mrn, meetingCaseId,
            user.Can(Capability.RecordDecisions), evidence, draft, history, trials, clinicians, nextScan?.Basis, noNewDecision);
    }
}
