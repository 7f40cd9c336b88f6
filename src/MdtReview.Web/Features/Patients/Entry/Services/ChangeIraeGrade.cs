using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Patients.Entry.Services;

public sealed record IraeGradeChange(int AdverseEventId, uint ExpectedVersion, int Grade, DateOnly EffectiveDate, string? Note);

/// <summary>
/// Records a new CTCAE grade of an unresolved irAE from a date on or after its last grade. Oncologists only; a change based
/// on an older version of the irAE is a conflict showing both versions, never a silent overwrite.
/// </summary>
public sealed class ChangeIraeGrade(
    CurrentUserService currentUser,
    IDbContextFactory<MdtReviewDbContext> contextFactory,
    TimeProvider clock,
    ILogger<ChangeIraeGrade> logger)
{
    public async Task<EntryResult> HandleAsync(int patientId, IraeGradeChange input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var user = await currentUser.RequireAsync(Capability.EditClinicalData, cancellationToken);
        if (user is null)
        {
            return EntryResult.Forbidden();
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var (ae, refusal) = await IraeRules.OpenForChangeAsync(db, patientId, input.AdverseEventId, input.ExpectedVersion, theirs => Conflict(theirs, input), cancellationToken);
        if (ae is null)
        {
            return refusal!;
        }

        var today = EntrySupport.Today(clock);
        var errors = new FieldErrors();
        IraeRules.ValidateGrade(input.Grade, nameof(IraeGradeChange.Grade), errors);
        if (!errors.Has(nameof(IraeGradeChange.Grade)) && input.Grade == ae.CurrentGrade)
        {
            errors.Add(nameof(IraeGradeChange.Grade), $"The irAE is already grade {ae.CurrentGrade}; choose the new grade.");
        }

        IraeRules.ValidatePastDate(input.EffectiveDate, today, nameof(IraeGradeChange.EffectiveDate), "change", errors);
        var latest = IraeRules.LatestGradeDate(ae);
        if (input.EffectiveDate < latest)
        {
            errors.Add(nameof(IraeGradeChange.EffectiveDate),
                $"The last grade was recorded from {EntrySupport.Show(latest)}; a new grade must take effect on or after that date.");
        }

        if (ae.ResolvedDate is { } resolved)
        {
            errors.Add(EntryResult.FormKey, $"This irAE resolved on {EntrySupport.Show(resolved)}. Record a recurrence as a new irAE.");
        }

        IraeRules.ValidateNote(input.Note, nameof(IraeGradeChange.Note), errors);
        if (errors.Any)
        {
            return EntryResult.Invalid(errors.ToDictionary());
        }

        // CurrentGrade mirrors the newest entry of the history; both change in the same save.
        ae.GradeHistory.Add(new AdverseEventGrade
        {
            Grade = input.Grade,
            EffectiveDate = input.EffectiveDate,
            RecordedAt = clock.GetUtcNow().UtcDateTime,
            RecordedById = user.Id,
            Note = EntrySupport.Clean(input.Note),
        });
        ae.CurrentGrade = input.Grade;
        return await IraeRules.SaveVersionedAsync(contextFactory, db, ae, today, state => Conflict(state, input), logger, user.Id, cancellationToken);
    }

    private static EntryConflict Conflict(IraeState theirs, IraeGradeChange yours) => new(
        "Another user changed this irAE after you opened it. Your change has not been saved; compare both versions, then save yours again on top of theirs or discard it.",
        [
            new("Grade", $"Grade {yours.Grade} from {EntrySupport.Show(yours.EffectiveDate)}", $"Grade {theirs.CurrentGrade} from {EntrySupport.Show(theirs.LatestGradeDate)}"),
            new("Resolved", "—", theirs.ResolvedDate is { } r ? EntrySupport.Show(r) : "Not resolved"),
            new("Note", yours.Note ?? "—", "—"),
        ],
        theirs.Version);
}
