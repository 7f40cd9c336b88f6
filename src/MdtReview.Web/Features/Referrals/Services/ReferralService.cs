using System.Globalization;
using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Patients.Entry.Services;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Referrals.Services;

/// <summary>A key eligibility criterion as the referring oncologist reads it (the trial team checks it off at screening).</summary>
public sealed record TrialCriterionView(int Position, string Text, bool IsExclusion);

/// <summary>A trial the patient may be referred to now, with what the trial team will screen against.</summary>
public sealed record RecruitingTrialView(
    int Id,
    string Title,
    string ShortTitle,
    string RegistryId,
    string Phase,
    string TumourSites,
    bool MatchesTumourSite,
    string EligibilitySummary,
    IReadOnlyList<TrialCriterionView> Criteria);

/// <summary>One step of a referral's history: the first state (<see cref="From"/> null) or a transition.</summary>
public sealed record ReferralHistoryEntry(DateTime AtUtc, ReferralStatus? From, ReferralStatus To, string By, string? Reason, IReadOnlyList<string> FailedCriteria);

/// <summary>A referral of the patient as the MDT sees it on the patient page: where it stands and how it got there.</summary>
public sealed record PatientReferralView(
    int Id,
    string TrialTitle,
    string TrialShortTitle,
    string RegistryId,
    ReferralStatus Status,
    string FhirStatus,
    string Question,
    string? Reason,
    string ReferredBy,
    DateTime ReferredAtUtc,
    int? DecisionId,
    IReadOnlyList<ReferralHistoryEntry> History)
{
    public bool IsOpen => ReferralWorkflow.IsOpen(Status);
}

/// <summary>The field keys of a referral's messages.</summary>
public static class ReferralFields
{
    public const string Trial = "TrialId";
    public const string Question = "Question";
    public const string Reason = "Reason";
}

/// <summary>
/// Oncologists refer a patient to a trial; oncologists and governance leads follow the referral's outcome on the patient
/// page. Holds the one statement of when a referral may be made (the trial recruits; no open referral of the patient to the
/// same trial), which the decision service also uses when a <c>ReferToTrial</c> decision is finalised.
/// </summary>
public sealed class ReferralService(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, TimeProvider clock)
{
    public const int QuestionMaxLength = 1000;

    /// <summary>As long as a decision's rationale, which becomes the reason of a referral made by a decision.</summary>
    public const int ReasonMaxLength = 4000;

    public const string ForbiddenMessage = "Only oncologists may refer patients to trials.";

    private static readonly CultureInfo _en = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>
    /// The trials recruiting now, those whose tumour sites include the patient's first, each with its eligibility summary and
    /// key criteria. Empty when the patient does not exist or the caller may not refer.
    /// </summary>
    public async Task<IReadOnlyList<RecruitingTrialView>> ListRecruitingTrialsAsync(int patientId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.ReferToTrials, cancellationToken) is null)
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var site = await db.Patients.AsNoTracking().Where(p => p.Id == patientId).Select(p => (TumourSite?)p.TumourSite).SingleOrDefaultAsync(cancellationToken);
        if (site is null)
        {
            return [];
        }

        var trials = await db.Trials.AsNoTracking().Include(t => t.Criteria)
            .Where(t => t.Status == TrialStatus.Recruiting)
            .ToListAsync(cancellationToken);
        return [.. trials
            .Select(t => new RecruitingTrialView(t.Id, t.Title, ShortTitle(t.Title), t.RegistryId, t.Phase, t.TumourSites, Recruits(t.TumourSites, site.Value),
                t.EligibilitySummary, [.. t.Criteria.OrderBy(c => c.Position).Select(c => new TrialCriterionView(c.Position, c.Text, c.IsExclusion))]))
            .OrderByDescending(t => t.MatchesTumourSite).ThenBy(t => t.Title, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>
    /// Refers the patient to the trial: the referral starts as <c>Referred</c>, by the caller, now. Refused, with a field
    /// message and nothing written, when the question is missing or too long, the trial is not recruiting, or the patient
    /// already has an open referral to it (also when a colleague made that referral at the same instant).
    /// </summary>
    public async Task<EntryResult> CreateAsync(int patientId, int trialId, string? question, string? reason, int? decisionId = null, CancellationToken cancellationToken = default)
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

        if (await RefusalAsync(db, patientId, trialId, [], cancellationToken) is { } refusal)
        {
            errors[ReferralFields.Trial] = refusal;
        }

        if (errors.Count > 0)
        {
            return EntryResult.Invalid(errors);
        }

        var referral = NewReferral(patientId, trialId, cleanQuestion!, cleanReason, decisionId, user.Id, clock.GetUtcNow().UtcDateTime, "Referred from the patient page");
        db.TrialReferrals.Add(referral);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (IsOpenReferralViolation(e))
        {
            return EntryResult.Invalid(ReferralFields.Trial, await DuplicateMessageAsync(patientId, trialId, cancellationToken));
        }

        return EntryResult.Saved(referral.Id);
    }

    /// <summary>The patient's referrals, newest first, each with its whole history. Empty when the caller may not read clinical data.</summary>
    public async Task<IReadOnlyList<PatientReferralView>> ListForPatientAsync(int patientId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.ViewClinicalData, cancellationToken) is null)
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var referrals = await db.TrialReferrals.AsNoTracking()
            .Where(r => r.PatientId == patientId)
            .Include(r => r.Transitions)
            .Include(r => r.Trial!).ThenInclude(t => t.Criteria)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        var userIds = referrals.Select(r => r.ReferredById).Concat(referrals.SelectMany(r => r.Transitions.Select(t => t.ById))).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Email })
            .ToDictionaryAsync(u => u.Id, u => string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? "unknown user" : u.DisplayName, cancellationToken);
        string NameOf(string id) => names.GetValueOrDefault(id, "a former user");

        return [.. referrals
            .OrderByDescending(r => r.ReferredAt).ThenByDescending(r => r.Id)
            .Select(r => new PatientReferralView(r.Id, r.Trial!.Title, ShortTitle(r.Trial.Title), r.Trial.RegistryId, r.Status, r.Status.ToFhirCode(),
                r.Question, r.Reason, NameOf(r.ReferredById), r.ReferredAt, r.DecisionId, History(r, NameOf)))];
    }

    /// <summary>The part of a trial's title before the colon: its acronym, as clinicians say it.</summary>
    public static string ShortTitle(string title) => (title ?? "").Split(':', 2)[0].Trim();

    /// <summary>
    /// Why this patient cannot be referred to this trial now, as the message for the trial field, or null when they can: the
    /// trial must exist and be recruiting, and the patient must have no open referral to it. An open referral made by one
    /// of <paramref name="sameChainDecisionIds"/> (an earlier version of the decision being amended) is not a second one.
    /// </summary>
    internal static async Task<string?> RefusalAsync(
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
    internal static IQueryable<TrialReferral> OpenReferrals(MdtReviewDbContext db, int patientId, int trialId)
    {
        var open = ReferralWorkflow.OpenStatuses.ToList();
        return db.TrialReferrals.Where(r => r.PatientId == patientId && r.TrialId == trialId && open.Contains(r.Status));
    }

    /// <summary>A new referral in its first state, <c>Referred</c>, recorded as its first history entry with who and when.</summary>
    internal static TrialReferral NewReferral(int patientId, int trialId, string question, string? reason, int? decisionId, string byId, DateTime nowUtc, string how)
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
    internal static bool IsOpenReferralViolation(DbUpdateException exception) => DatabaseErrors.IsUniqueViolation(exception, UniqueIndex.OpenReferral);

    /// <summary>The duplicate message after a lost race, read in a fresh context (the failed one's transaction is gone).</summary>
    internal async Task<string> DuplicateMessageAsync(int patientId, int trialId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await DuplicateMessageAsync(db, patientId, trialId, cancellationToken);
    }

    internal static async Task<string> DuplicateMessageAsync(MdtReviewDbContext db, int patientId, int trialId, CancellationToken cancellationToken)
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

    private static List<ReferralHistoryEntry> History(TrialReferral referral, Func<string, string> nameOf)
    {
        // The first state is the referral itself; the transition that records it (Referred → Referred) adds how it was made.
        var first = referral.Transitions.Where(t => t.FromStatus == ReferralStatus.Referred && t.ToStatus == ReferralStatus.Referred)
            .OrderBy(t => t.At).ThenBy(t => t.Id).FirstOrDefault();
        var criteria = referral.Trial!.Criteria.ToDictionary(c => c.Position, c => c.Text);
        var history = new List<ReferralHistoryEntry>
        {
            new(referral.ReferredAt, null, ReferralStatus.Referred, nameOf(referral.ReferredById), first?.Reason, []),
        };
        history.AddRange(referral.Transitions
            .Where(t => t != first)
            .OrderBy(t => t.At).ThenBy(t => t.Id)
            .Select(t => new ReferralHistoryEntry(t.At, t.FromStatus, t.ToStatus, nameOf(t.ById), t.Reason, FailedCriteria(t.FailedCriteria, criteria))));
        return history;
    }

    /// <summary>Failed criteria are stored as checklist positions ("2,5"); the MDT reads them by their text.</summary>
    private static IReadOnlyList<string> FailedCriteria(string? positions, Dictionary<int, string> criteria) =>
        string.IsNullOrWhiteSpace(positions)
            ? []
            : [.. positions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(p => int.TryParse(p, NumberStyles.None, _en, out var position) && criteria.TryGetValue(position, out var text)
                    ? text
                    : $"Criterion {p} (no longer on the trial's checklist)")];

    /// <summary>
    /// Tumour sites are typed by administrators ("Lung, Bladder", "Head and neck"): compared without case or spaces to the
    /// patient's site.
    /// </summary>
    private static bool Recruits(string tumourSites, TumourSite site)
    {
        var wanted = site.ToString();
        return tumourSites.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(s => string.Equals(s.Replace(" ", "", StringComparison.Ordinal), wanted, StringComparison.OrdinalIgnoreCase));
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
