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

/// <summary>
/// Records a new immune-related adverse event with its first grade (CTCAE v5.0) from its onset. Oncologists only; all the
/// input is validated first and nothing is written when any of it is wrong.
/// </summary>
public sealed class RecordIrae(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, TimeProvider clock)
{
    public const int MaxTermLength = 200;
    public const int MaxDetailLength = 500;

    public async Task<EntryResult> HandleAsync(int patientId, NewIrae input, CancellationToken cancellationToken = default)
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

        var today = EntrySupport.Today(clock);
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

        IraeRules.ValidateGrade(input.Grade, nameof(NewIrae.Grade), errors);
        IraeRules.ValidatePastDate(input.OnsetDate, today, nameof(NewIrae.OnsetDate), "onset", errors);
        if (input.OnsetDate < patient.DateOfBirth)
        {
            errors.Add(nameof(NewIrae.OnsetDate), "The onset date is before the patient's date of birth.");
        }

        if (!Enum.IsDefined(input.Attribution))
        {
            errors.Add(nameof(NewIrae.Attribution), "Choose the attribution to immunotherapy.");
        }

        ValidateManagement(input.Management, input.ManagementDetail, errors);
        IraeRules.ValidateNote(input.Note, nameof(NewIrae.Note), errors);
        if (errors.Any)
        {
            return EntryResult.Invalid(errors.ToDictionary());
        }

        var ae = new AdverseEvent
        {
            PatientId = patientId,
            Category = input.Category,
            CtcaeTerm = term,
            CurrentGrade = input.Grade,
            OnsetDate = input.OnsetDate,
            Attribution = input.Attribution,
            Management = input.Management,
            ManagementDetail = EntrySupport.Clean(input.ManagementDetail),
            GradeHistory =
            [
                new AdverseEventGrade
                {
                    Grade = input.Grade, EffectiveDate = input.OnsetDate, RecordedAt = clock.GetUtcNow().UtcDateTime, RecordedById = user.Id,
                    Note = EntrySupport.Clean(input.Note),
                },
            ],
        };
        db.AdverseEvents.Add(ae);
        await ClinicalWrites.CommitAsync(db, [patientId], today, cancellationToken);
        return EntryResult.Saved(ae.Id);
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
}
