using System.Globalization;
using MdtReview.Clinical.Irae;
using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Patients.Entry.Services;

public sealed record NewIrae(
    IraeCategory Category,
    string CtcaeTerm,
    int Grade,
    DateOnly OnsetDate,
    Attribution Attribution,
    IraeManagement Management,
    string? ManagementDetail,
    string? Note = null);

public sealed record IraeGradeChange(int AdverseEventId, uint ExpectedVersion, int Grade, DateOnly EffectiveDate, string? Note);

public sealed record IraeResolution(int AdverseEventId, uint ExpectedVersion, DateOnly ResolvedDate, string? Note);

/// <summary>An irAE as an entry dialog needs it: what it is, where its grade stands, and the version the user is editing.</summary>
public sealed record IraeState(
    int Id,
    int PatientId,
    IraeCategory Category,
    string CtcaeTerm,
    int CurrentGrade,
    DateOnly OnsetDate,
    DateOnly? ResolvedDate,
    DateOnly LatestGradeDate,
    IraeManagement Management,
    string? ManagementDetail,
    uint Version);

/// <summary>
/// Records immune-related adverse events, their grade changes and their resolution. Oncologists only; every command
/// validates all of its input first and writes nothing when any of it is wrong. Grades follow CTCAE v5.0 (1–5).
/// </summary>
public sealed class IraeEntryService(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, TimeProvider clock)
{
    // CTCAE v5.0 grades an adverse event 1 (mild) to 5 (death related to the AE); there is no grade 0 or 6.
    public const int MinGrade = 1;
    public const int MaxGrade = 5;
    public const int MaxTermLength = 200;
    public const int MaxDetailLength = 500;
    public const int MaxNoteLength = 1000;

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<IraeState?> GetAsync(int patientId, int adverseEventId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.EditClinicalData, cancellationToken) is null)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var ae = await db.AdverseEvents.AsNoTracking().Include(a => a.GradeHistory)
            .SingleOrDefaultAsync(a => a.Id == adverseEventId && a.PatientId == patientId, cancellationToken);
        return ae is null ? null : ToState(ae);
    }

    public async Task<EntryResult> RecordAsync(int patientId, NewIrae input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var user = await currentUser.RequireAsync(Capability.EditClinicalData, cancellationToken);
        if (user is null)
        {
            return EntryResult.Forbidden();
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var patient = await db.Patients.AsNoTracking().Where(p => p.Id == patientId)
            .Select(p => new { p.DateOfBirth }).SingleOrDefaultAsync(cancellationToken);
        if (patient is null)
        {
            return EntryResult.NotFound("This patient no longer exists.");
        }

        var errors = new FieldErrors();
        if (!Enum.IsDefined(input.Category))
        {
            errors.Add(nameof(NewIrae.Category), "Choose the irAE category.");
        }

        var term = input.CtcaeTerm?.Trim() ?? "";
        if (term.Length == 0)
        {
            errors.Add(nameof(NewIrae.CtcaeTerm), "Enter the CTCAE term, e.g. \"Colitis\" or \"Alanine aminotransferase increased\".");
        }
        else if (term.Length > MaxTermLength)
        {
            errors.Add(nameof(NewIrae.CtcaeTerm), $"Use at most {MaxTermLength} characters.");
        }

        ValidateGrade(input.Grade, nameof(NewIrae.Grade), errors);
        ValidatePastDate(input.OnsetDate, nameof(NewIrae.OnsetDate), "onset", errors);
        if (input.OnsetDate < patient.DateOfBirth)
        {
            errors.Add(nameof(NewIrae.OnsetDate), "The onset date is before the patient's date of birth.");
        }

        if (!Enum.IsDefined(input.Attribution))
        {
            errors.Add(nameof(NewIrae.Attribution), "Choose the attribution to immunotherapy.");
        }

        ValidateManagement(input.Management, input.ManagementDetail, errors);
        ValidateNote(input.Note, nameof(NewIrae.Note), errors);
        if (errors.Any)
        {
            return EntryResult.Invalid(errors.ToDictionary());
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var ae = new AdverseEvent
        {
            PatientId = patientId,
            Category = input.Category,
            CtcaeTerm = term,
            CurrentGrade = input.Grade,
            OnsetDate = input.OnsetDate,
            Attribution = input.Attribution,
            Management = input.Management,
            ManagementDetail = Clean(input.ManagementDetail),
            GradeHistory =
            [
                new AdverseEventGrade { Grade = input.Grade, EffectiveDate = input.OnsetDate, RecordedAt = now, RecordedById = user.Id, Note = Clean(input.Note) },
            ],
        };
        db.AdverseEvents.Add(ae);
        await ClinicalWrites.CommitAsync(db, [patientId], Today, cancellationToken);
        return EntryResult.Saved(ae.Id);
    }

    public async Task<EntryResult> ChangeGradeAsync(int patientId, IraeGradeChange input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var user = await currentUser.RequireAsync(Capability.EditClinicalData, cancellationToken);
        if (user is null)
        {
            return EntryResult.Forbidden();
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var ae = await db.AdverseEvents.Include(a => a.GradeHistory)
            .SingleOrDefaultAsync(a => a.Id == input.AdverseEventId && a.PatientId == patientId, cancellationToken);
        if (ae is null)
        {
            return EntryResult.NotFound("This irAE no longer exists.");
        }

        if (ae.Version != input.ExpectedVersion)
        {
            return EntryResult.Conflicted(GradeConflict(ToState(ae), input));
        }

        var errors = new FieldErrors();
        ValidateGrade(input.Grade, nameof(IraeGradeChange.Grade), errors);
        if (!errors.Has(nameof(IraeGradeChange.Grade)) && input.Grade == ae.CurrentGrade)
        {
            errors.Add(nameof(IraeGradeChange.Grade), $"The irAE is already grade {ae.CurrentGrade}; choose the new grade.");
        }

        ValidatePastDate(input.EffectiveDate, nameof(IraeGradeChange.EffectiveDate), "change", errors);
        var latest = LatestGradeDate(ae);
        if (input.EffectiveDate < latest)
        {
            errors.Add(nameof(IraeGradeChange.EffectiveDate),
                $"The last grade was recorded from {Show(latest)}; a new grade must take effect on or after that date.");
        }

        if (ae.ResolvedDate is { } resolved)
        {
            errors.Add(EntryResult.FormKey, $"This irAE resolved on {Show(resolved)}. Record a recurrence as a new irAE.");
        }

        ValidateNote(input.Note, nameof(IraeGradeChange.Note), errors);
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
            Note = Clean(input.Note),
        });
        ae.CurrentGrade = input.Grade;
        return await SaveVersionedAsync(db, ae, patientId, state => GradeConflict(state, input), cancellationToken);
    }

    public async Task<EntryResult> ResolveAsync(int patientId, IraeResolution input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (await currentUser.RequireAsync(Capability.EditClinicalData, cancellationToken) is null)
        {
            return EntryResult.Forbidden();
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var ae = await db.AdverseEvents.Include(a => a.GradeHistory)
            .SingleOrDefaultAsync(a => a.Id == input.AdverseEventId && a.PatientId == patientId, cancellationToken);
        if (ae is null)
        {
            return EntryResult.NotFound("This irAE no longer exists.");
        }

        if (ae.Version != input.ExpectedVersion)
        {
            return EntryResult.Conflicted(ResolveConflict(ToState(ae), input));
        }

        var errors = new FieldErrors();
        if (ae.ResolvedDate is { } already)
        {
            errors.Add(EntryResult.FormKey, $"This irAE is already recorded as resolved on {Show(already)}.");
        }

        ValidatePastDate(input.ResolvedDate, nameof(IraeResolution.ResolvedDate), "resolution", errors);
        if (input.ResolvedDate < ae.OnsetDate)
        {
            errors.Add(nameof(IraeResolution.ResolvedDate), $"The resolution date cannot be before the onset ({Show(ae.OnsetDate)}).");
        }
        else if (input.ResolvedDate < LatestGradeDate(ae))
        {
            errors.Add(nameof(IraeResolution.ResolvedDate),
                $"A grade was recorded from {Show(LatestGradeDate(ae))}; the resolution cannot be before it.");
        }

        ValidateNote(input.Note, nameof(IraeResolution.Note), errors);
        if (errors.Any)
        {
            return EntryResult.Invalid(errors.ToDictionary());
        }

        ae.ResolvedDate = input.ResolvedDate;
        return await SaveVersionedAsync(db, ae, patientId, state => ResolveConflict(state, input), cancellationToken);
    }

    private async Task<EntryResult> SaveVersionedAsync(
        MdtReviewDbContext db, AdverseEvent ae, int patientId, Func<IraeState, EntryConflict> conflict, CancellationToken cancellationToken)
    {
        try
        {
            await ClinicalWrites.CommitAsync(db, [patientId], Today, cancellationToken);
            return EntryResult.Saved(ae.Id);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another user saved between our read and our write: report theirs beside ours instead of overwriting.
            await using var fresh = await contextFactory.CreateDbContextAsync(cancellationToken);
            var theirs = await fresh.AdverseEvents.AsNoTracking().Include(a => a.GradeHistory)
                .SingleOrDefaultAsync(a => a.Id == ae.Id, cancellationToken);
            return theirs is null ? EntryResult.NotFound("This irAE no longer exists.") : EntryResult.Conflicted(conflict(ToState(theirs)));
        }
    }

    private static EntryConflict GradeConflict(IraeState theirs, IraeGradeChange yours) => new(
        "Another user changed this irAE after you opened it. Your change has not been saved; compare both versions, then save yours again on top of theirs or discard it.",
        [
            new("Grade", $"Grade {yours.Grade} from {Show(yours.EffectiveDate)}", $"Grade {theirs.CurrentGrade} from {Show(theirs.LatestGradeDate)}"),
            new("Resolved", "—", theirs.ResolvedDate is { } r ? Show(r) : "Not resolved"),
            new("Note", yours.Note ?? "—", "—"),
        ],
        theirs.Version);

    private static EntryConflict ResolveConflict(IraeState theirs, IraeResolution yours) => new(
        "Another user changed this irAE after you opened it. Your resolution has not been saved; compare both versions, then save yours again on top of theirs or discard it.",
        [
            new("Resolved", Show(yours.ResolvedDate), theirs.ResolvedDate is { } r ? Show(r) : "Not resolved"),
            new("Grade", "—", $"Grade {theirs.CurrentGrade} from {Show(theirs.LatestGradeDate)}"),
            new("Note", yours.Note ?? "—", "—"),
        ],
        theirs.Version);

    private void ValidatePastDate(DateOnly date, string field, string what, FieldErrors errors)
    {
        if (date == default)
        {
            errors.Add(field, $"Enter the {what} date.");
        }
        else if (date > Today)
        {
            errors.Add(field, $"The {what} date cannot be in the future.");
        }
    }

    private static void ValidateGrade(int grade, string field, FieldErrors errors)
    {
        if (grade is < MinGrade or > MaxGrade)
        {
            errors.Add(field, $"The CTCAE grade must be between {MinGrade} and {MaxGrade}.");
        }
    }

    private static void ValidateManagement(IraeManagement management, string? detail, FieldErrors errors)
    {
        if (!Enum.IsDefined(management))
        {
            errors.Add(nameof(NewIrae.Management), "Choose how the irAE is managed.");
            return;
        }

        var text = detail?.Trim() ?? "";
        if (text.Length > MaxDetailLength)
        {
            errors.Add(nameof(NewIrae.ManagementDetail), $"Use at most {MaxDetailLength} characters.");
        }
        else if (text.Length == 0 && management != IraeManagement.None)
        {
            // The dose decides the taper and the guideline check (ASCO 2021 grades steroid dose by irAE grade), so it is never implied.
            errors.Add(nameof(NewIrae.ManagementDetail), management switch
            {
                IraeManagement.Steroids => "Enter the steroid and dose, e.g. \"prednisolone 1 mg/kg/day\".",
                IraeManagement.HormoneReplacement => "Enter the hormone replacement and dose, e.g. \"levothyroxine 75 micrograms daily\".",
                _ => "Enter the immunosuppressant and dose, e.g. \"infliximab 5 mg/kg\".",
            });
        }
    }

    private static void ValidateNote(string? note, string field, FieldErrors errors)
    {
        if (note?.Trim().Length > MaxNoteLength)
        {
            errors.Add(field, $"Use at most {MaxNoteLength} characters.");
        }
    }

    private static DateOnly LatestGradeDate(AdverseEvent ae) =>
        ae.GradeHistory.Count == 0 ? ae.OnsetDate : ae.GradeHistory.Max(g => g.EffectiveDate);

    private static IraeState ToState(AdverseEvent ae) => new(
        ae.Id, ae.PatientId, ae.Category, ae.CtcaeTerm, ae.CurrentGrade, ae.OnsetDate, ae.ResolvedDate,
        LatestGradeDate(ae), ae.Management, ae.ManagementDetail, ae.Version);

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    internal static string Show(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}
