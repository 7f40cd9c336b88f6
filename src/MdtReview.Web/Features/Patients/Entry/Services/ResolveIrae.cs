using MdtReview.Data;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Patients.Entry.Services;

public sealed record IraeResolution(int AdverseEventId, uint ExpectedVersion, DateOnly ResolvedDate, string? Note);

/// <summary>
/// Records that an irAE resolved, on a date not before its onset or its last grade. Oncologists only; a resolution based on
/// an older version of the irAE is a conflict showing both versions, never a silent overwrite.
/// </summary>
public sealed class ResolveIrae(
    CurrentUserService currentUser,
    IDbContextFactory<MdtReviewDbContext> contextFactory,
    TimeProvider clock,
    ILogger<ResolveIrae> logger)
{
    public async Task<EntryResult> HandleAsync(int patientId, IraeResolution input, CancellationToken cancellationToken = default)
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
        if (ae.ResolvedDate is { } already)
        {
            errors.Add(EntryResult.FormKey, $"This irAE is already recorded as resolved on {EntrySupport.Show(already)}.");
        }

        IraeRules.ValidatePastDate(input.ResolvedDate, today, nameof(IraeResolution.ResolvedDate), "resolution", errors);
        var latest = IraeRules.LatestGradeDate(ae);
        if (input.ResolvedDate < ae.OnsetDate)
        {
            errors.Add(nameof(IraeResolution.ResolvedDate), $"The resolution date cannot be before the onset ({EntrySupport.Show(ae.OnsetDate)}).");
        }
        else if (input.ResolvedDate < latest)
        {
            errors.Add(nameof(IraeResolution.ResolvedDate), $"A grade was recorded from {EntrySupport.Show(latest)}; the resolution cannot be before it.");
        }

        IraeRules.ValidateNote(input.Note, nameof(IraeResolution.Note), errors);
        if (errors.Any)
        {
            return EntryResult.Invalid(errors.ToDictionary());
        }

        ae.ResolvedDate = input.ResolvedDate;
        return await IraeRules.SaveVersionedAsync(contextFactory, db, ae, today, state => Conflict(state, input), logger, user.Id, cancellationToken);
    }

    private static EntryConflict Conflict(IraeState theirs, IraeResolution yours) => new(
        "Another user changed this irAE after you opened it. Your resolution has not been saved; compare both versions, then save yours again on top of theirs or discard it.",
        [
            new("Resolved", EntrySupport.Show(yours.ResolvedDate), theirs.ResolvedDate is { } r ? EntrySupport.Show(r) : "Not resolved"),
            new("Grade", "—", $"Grade {theirs.CurrentGrade} from {EntrySupport.Show(theirs.LatestGradeDate)}"),
            new("Note", yours.Note ?? "—", "—"),
        ],
        theirs.Version);
}
