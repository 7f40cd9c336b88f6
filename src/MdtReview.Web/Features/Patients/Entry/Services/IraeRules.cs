using MdtReview.Data;
using MdtReview.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Patients.Entry.Services;

/// <summary>
/// The CTCAE limits, checks, state and versioned save that more than one irAE use case needs. Grades follow CTCAE v5.0:
/// 1 (mild) to 5 (death related to the AE); there is no grade 0 or 6.
/// </summary>
internal static class IraeRules
{
    public const int MinGrade = 1;
    public const int MaxGrade = 5;
    public const int MaxNoteLength = 1000;

    private const string Gone = "This irAE no longer exists.";

    public static void ValidateGrade(int grade, string field, FieldErrors errors)
    {
        if (grade is < MinGrade or > MaxGrade)
        {
            errors.Add(field, $"The CTCAE grade must be between {MinGrade} and {MaxGrade}.");
        }
    }

    public static void ValidatePastDate(DateOnly date, DateOnly today, string field, string what, FieldErrors errors)
    {
        if (date == default)
        {
            errors.Add(field, $"Enter the {what} date.");
        }
        else if (date > today)
        {
            errors.Add(field, $"The {what} date cannot be in the future.");
        }
    }

    public static void ValidateNote(string? note, string field, FieldErrors errors)
    {
        if (note?.Trim().Length > MaxNoteLength)
        {
            errors.Add(field, $"Use at most {MaxNoteLength} characters.");
        }
    }

    public static DateOnly LatestGradeDate(AdverseEvent ae) =>
        ae.GradeHistory.Count == 0 ? ae.OnsetDate : ae.GradeHistory.Max(g => g.EffectiveDate);

    public static IraeState StateOf(AdverseEvent ae) => new(
        ae.Id, ae.PatientId, ae.Category, ae.CtcaeTerm, ae.CurrentGrade, ae.OnsetDate, ae.ResolvedDate,
        LatestGradeDate(ae), ae.Management, ae.ManagementDetail, ae.Version);

    /// <summary>
    /// The irAE to change, tracked with its grade history, or the result that ends the command: it is gone or not this
    /// patient's (an id from another patient's page never reaches their record), or another user changed it since it was opened.
    /// </summary>
    public static async Task<(AdverseEvent? Irae, EntryResult? Refusal)> OpenForChangeAsync(
        MdtReviewDbContext db, int patientId, int adverseEventId, uint expectedVersion, Func<IraeState, EntryConflict> conflict, CancellationToken cancellationToken)
    {
        var ae = await db.AdverseEvents.Include(a => a.GradeHistory)
            .SingleOrDefaultAsync(a => a.Id == adverseEventId && a.PatientId == patientId, cancellationToken);
        return ae is null ? (null, EntryResult.NotFound(Gone))
            : ae.Version != expectedVersion ? (null, EntryResult.Conflicted(conflict(StateOf(ae))))
            : (ae, null);
    }

    /// <summary>
    /// Saves a change to an irAE the user opened at the version they saw. When another user saved in between, theirs is
    /// reported beside ours instead of being overwritten.
    /// </summary>
    public static async Task<EntryResult> SaveVersionedAsync(
        IDbContextFactory<MdtReviewDbContext> contextFactory, MdtReviewDbContext db, AdverseEvent ae, DateOnly today,
        Func<IraeState, EntryConflict> conflict, ILogger logger, string userId, CancellationToken cancellationToken)
    {
        try
        {
            await ClinicalWrites.CommitAsync(db, [ae.PatientId], today, cancellationToken);
            return EntryResult.Saved(ae.Id);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            logger.LogWarning(ex, "irAE {AdverseEventId} of patient {PatientId} changed after user {UserId} opened it; their change was refused as a conflict",
                ae.Id, ae.PatientId, userId);
            await using var fresh = await contextFactory.CreateDbContextAsync(cancellationToken);
            var theirs = await fresh.AdverseEvents.AsNoTracking().Include(a => a.GradeHistory)
                .SingleOrDefaultAsync(a => a.Id == ae.Id, cancellationToken);
            return theirs is null ? EntryResult.NotFound(Gone) : EntryResult.Conflicted(conflict(StateOf(theirs)));
        }
    }
}
