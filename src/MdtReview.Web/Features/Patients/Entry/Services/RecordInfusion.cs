using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Patients.Entry.Services;

/// <summary>An infusion as entered. The cycle number is not typed: it follows the course's last cycle.</summary>
public sealed record NewInfusion(int TreatmentCourseId, uint ExpectedCourseVersion, DateOnly Date, InfusionStatus Status, string? DeferralReason);

/// <summary>
/// Records an infusion given or deferred on a treatment course. Oncologists only. Two users recording the next cycle of the
/// same course at once would both number it N+1; recording therefore also checks the course's version, and the second save
/// is a conflict showing both, never a duplicate cycle.
/// </summary>
public sealed class RecordInfusion(
    CurrentUserService currentUser,
    IDbContextFactory<MdtReviewDbContext> contextFactory,
    TimeProvider clock,
    ILogger<RecordInfusion> logger)
{
    public const int MaxReasonLength = 500;

    public async Task<EntryResult> HandleAsync(int patientId, NewInfusion input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var user = await currentUser.RequireAsync(Capability.EditClinicalData, cancellationToken);
        if (user is null)
        {
            return EntryResult.Forbidden();
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var course = await db.TreatmentCourses.Include(c => c.Infusions)
            .SingleOrDefaultAsync(c => c.Id == input.TreatmentCourseId && c.PatientId == patientId, cancellationToken);
        if (course is null)
        {
            return EntryResult.NotFound("This treatment course no longer exists.");
        }

        var state = InfusionCourse.Of(course);
        if (course.Version != input.ExpectedCourseVersion)
        {
            return EntryResult.Conflicted(Conflict(state, input));
        }

        var today = EntrySupport.Today(clock);
        var errors = new FieldErrors();
        if (course.Status is TreatmentStatus.Stopped or TreatmentStatus.Completed)
        {
            errors.Add(nameof(NewInfusion.TreatmentCourseId), $"This course is {course.Status.ToString().ToLowerInvariant()}; infusions cannot be added to it.");
        }

        if (input.Date == default)
        {
            errors.Add(nameof(NewInfusion.Date), "Enter the date.");
        }
        else if (input.Date > today)
        {
            errors.Add(nameof(NewInfusion.Date), "The date cannot be in the future; record an infusion when it has been given or deferred.");
        }
        else if (input.Date < course.StartDate)
        {
            errors.Add(nameof(NewInfusion.Date), $"The course started on {EntrySupport.Show(course.StartDate)}; an infusion cannot be before it.");
        }
        else if (state.LastDate is { } last && input.Date <= last)
        {
            errors.Add(nameof(NewInfusion.Date), $"The last infusion of this course is recorded on {EntrySupport.Show(last)}; a new one must be after it.");
        }

        if (!Enum.IsDefined(input.Status))
        {
            errors.Add(nameof(NewInfusion.Status), "Choose given or deferred.");
        }

        var reason = input.DeferralReason?.Trim();
        if (input.Status == InfusionStatus.Deferred && string.IsNullOrEmpty(reason))
        {
            errors.Add(nameof(NewInfusion.DeferralReason), "Enter why the infusion was deferred, e.g. \"grade 2 colitis: held until grade ≤1\".");
        }
        else if (reason?.Length > MaxReasonLength)
        {
            errors.Add(nameof(NewInfusion.DeferralReason), $"Use at most {MaxReasonLength} characters.");
        }

        if (errors.Any)
        {
            return EntryResult.Invalid(errors.ToDictionary());
        }

        var infusion = new Infusion
        {
            CycleNumber = state.NextCycleNumber,
            Date = input.Date,
            Status = input.Status,
            DeferralReason = input.Status == InfusionStatus.Deferred ? reason : null,
            RecordedAt = clock.GetUtcNow().UtcDateTime,
            RecordedById = user.Id,
        };
        course.Infusions.Add(infusion);

        // The course has no column that changes with a new infusion, so mark one unchanged column modified: the UPDATE
        // then carries the concurrency check (xmin on PostgreSQL, the application version on SQLite) and bumps the version.
        db.Entry(course).Property(c => c.Regimen).IsModified = true;
        try
        {
            await ClinicalWrites.CommitAsync(db, [patientId], today, cancellationToken);
            return EntryResult.Saved(infusion.Id);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            logger.LogWarning(ex, "Treatment course {TreatmentCourseId} of patient {PatientId} changed after user {UserId} opened it; their infusion was refused as a conflict",
                course.Id, patientId, user.Id);
            await using var fresh = await contextFactory.CreateDbContextAsync(cancellationToken);
            var theirs = await fresh.TreatmentCourses.AsNoTracking().Include(c => c.Infusions)
                .SingleOrDefaultAsync(c => c.Id == course.Id, cancellationToken);
            return theirs is null ? EntryResult.NotFound("This treatment course no longer exists.") : EntryResult.Conflicted(Conflict(InfusionCourse.Of(theirs), input));
        }
    }

    private static EntryConflict Conflict(InfusionCourse theirs, NewInfusion yours) => new(
        "Another user changed this treatment course after you opened the form. Your infusion has not been saved; check the course's latest infusion, then save yours again or discard it.",
        [
            new("Infusion", $"{yours.Status} on {EntrySupport.Show(yours.Date)}", theirs.LastDate is { } d ? $"Cycle {theirs.LastCycleNumber} {theirs.LastStatus?.ToString().ToLowerInvariant()} on {EntrySupport.Show(d)}" : "No infusion"),
            new("Deferral reason", yours.DeferralReason ?? "—", "—"),
            new("Next cycle", "—", $"Cycle {theirs.NextCycleNumber}"),
        ],
        theirs.Version);
}
