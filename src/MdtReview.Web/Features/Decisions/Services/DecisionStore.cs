using MdtReview.Data;
using MdtReview.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Decisions.Services;

/// <summary>The reads and the field copy that more than one decision use case needs.</summary>
internal static class DecisionStore
{
    public static async Task<Decision?> LatestVersionAsync(IQueryable<Decision> decisions, CancellationToken cancellationToken) =>
        await decisions.AsNoTracking().OrderByDescending(d => d.VersionNumber).ThenByDescending(d => d.Id).FirstOrDefaultAsync(cancellationToken);

    public static async Task<DecisionDraft> DraftOfAsync(MdtReviewDbContext db, Decision decision, CancellationToken cancellationToken)
    {
        var name = decision.FinalisedById is null ? null
            : await db.Users.Where(u => u.Id == decision.FinalisedById).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken);
        return DecisionDraft.From(decision, name);
    }

    /// <summary>
    /// Why no original decision may be recorded for this meeting case, or null when one may. A closed meeting's record is
    /// complete (what was not decided there was deferred or is decided elsewhere), and a deferred case is decided at the
    /// meeting it moved to; amendments of final decisions stay possible, because a correction must never be blocked.
    /// </summary>
    public static async Task<string?> NoNewDecisionReasonAsync(MdtReviewDbContext db, int? meetingCaseId, CancellationToken cancellationToken)
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

    /// <summary>The ids of the versions <paramref name="supersedesId"/> and those before it.</summary>
    public static async Task<HashSet<int>> ChainIdsAsync(MdtReviewDbContext db, int? supersedesId, CancellationToken cancellationToken)
    {
        var ids = new HashSet<int>();
        var next = supersedesId;
        while (next is { } id && ids.Add(id))
        {
            next = await db.Decisions.Where(d => d.Id == id).Select(d => d.SupersedesId).SingleOrDefaultAsync(cancellationToken);
        }

        return ids;
    }

    /// <summary>
    /// What the caller is shown after a save lost to a concurrent one, read on a new context: the stored version as a
    /// conflict, or the final record when the other save finalised it.
    /// </summary>
    public static async Task<DecisionResult> ConflictAsync(
        IDbContextFactory<MdtReviewDbContext> contextFactory, DecisionDraft mine, CancellationToken cancellationToken)
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

    public static void Apply(DecisionDraft draft, Decision decision)
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
}
