using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Patients.Entry.Services;

/// <summary>An infusion as entered. The cycle number is not typed: it follows the course's last cycle.</summary>
public sealed record NewInfusion(int TreatmentCourseId, uint ExpectedCourseVersion, DateOnly Date, InfusionStatus Status, string? DeferralReason);

/// <summary>A course as the infusion form needs it: when it started, its last infusion, and the cycle the next one is.</summary>
public sealed record InfusionCourse(
    int Id,
    string Regimen,
    TreatmentStatus Status,
    DateOnly StartDate,
    int IntervalDays,
    int? LastCycleNumber,
    InfusionStatus? LastStatus,
    DateOnly? LastDate,
    int NextCycleNumber,
    uint Version);

/// <summary>
/// Records an infusion given or deferred on a treatment course. Oncologists only. Two users recording the next cycle of the
/// same course at once would both number it N+1; recording therefore also checks the course's version, and the second save
/// is a conflict showing both, never a duplicate cycle.
/// </summary>
public sealed class InfusionEntryService(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, TimeProvider clock)
{
    public const int MaxReasonLength = 500;

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The patient's courses, newest first; empty for a caller who may not enter data.</summary>
    public async Task<IReadOnlyList<InfusionCourse>> GetCoursesAsync(int patientId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.EditClinicalData, cancellationToken) is null)
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var courses = await db.TreatmentCourses.AsNoTracking().Include(c => c.Infusions)
            .Where(c => c.PatientId == patientId).ToListAsync(cancellationToken);
        return [.. courses.OrderByDescending(c => c.StartDate).ThenByDescending(c => c.Id).Select(ToCourse)];
    }

    public async Task<EntryResult> RecordAsync(int patientId, NewInfusion input, CancellationToken cancellationToken = default)
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

        var state = ToCourse(course);
        if (course.Version != input.ExpectedCourseVersion)
        {
            return EntryResult.Conflicted(Conflict(state, input));
        }

        var errors = new FieldErrors();
        if (course.Status is TreatmentStatus.Stopped or TreatmentStatus.Completed)
        {
            errors.Add(nameof(NewInfusion.TreatmentCourseId), $"This course is {course.Status.ToString().ToLowerInvariant()}; infusions cannot be added to it.");
        }

        if (input.Date == default)
        {
            errors.Add(nameof(NewInfusion.Date), "Enter the date.");
        }
        else if (input.Date > Today)
        {
            errors.Add(nameof(NewInfusion.Date), "The date cannot be in the future; record an infusion when it has been given or deferred.");
        }
        else if (input.Date < course.StartDate)
        {
            errors.Add(nameof(NewInfusion.Date), $"The course started on {Show(course.StartDate)}; an infusion cannot be before it.");
        }
        else if (state.LastDate is { } last && input.Date <= last)
        {
            errors.Add(nameof(NewInfusion.Date), $"The last infusion of this course is recorded on {Show(last)}; a new one must be after it.");
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
            await ClinicalWrites.CommitAsync(db, [patientId], Today, cancellationToken);
            return EntryResult.Saved(infusion.Id);
        }
        catch (DbUpdateConcurrencyException)
        {
            await using var fresh = await contextFactory.CreateDbContextAsync(cancellationToken);
            var theirs = await fresh.TreatmentCourses.AsNoTracking().Include(c => c.Infusions)
                .SingleOrDefaultAsync(c => c.Id == course.Id, cancellationToken);
            return theirs is null ? EntryResult.NotFound("This treatment course no longer exists.") : EntryResult.Conflicted(Conflict(ToCourse(theirs), input));
        }
    }

    private static EntryConflict Conflict(InfusionCourse theirs, NewInfusion yours) => new(
        "Another user changed this treatment course after you opened the form. Your infusion has not been saved; check the course's latest infusion, then save yours again or discard it.",
        [
            new("Infusion", $"{yours.Status} on {Show(yours.Date)}", theirs.LastDate is { } d ? $"Cycle {theirs.LastCycleNumber} {theirs.LastStatus?.ToString().ToLowerInvariant()} on {Show(d)}" : "No infusion"),
            new("Deferral reason", yours.DeferralReason ?? "—", "—"),
            new("Next cycle", "—", $"Cycle {theirs.NextCycleNumber}"),
        ],
        theirs.Version);

    private static InfusionCourse ToCourse(TreatmentCourse course)
    {
        var last = course.Infusions.OrderByDescending(i => i.Date).ThenByDescending(i => i.CycleNumber).FirstOrDefault();
        var lastGiven = course.Infusions.Where(i => i.Status == InfusionStatus.Given).Select(i => (int?)i.CycleNumber).Max();

        // A deferred cycle is still due: it keeps its number until it is given (the demo cohort and the ward's charts count
        // cycles given), so the next number follows the last cycle given.
        var next = (lastGiven ?? 0) + 1;
        return new InfusionCourse(course.Id, course.Regimen, course.Status, course.StartDate, course.IntervalDays,
            last?.CycleNumber, last?.Status, last?.Date, next, course.Version);
    }

    private static string Show(DateOnly date) => IraeEntryService.Show(date);
}
