using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Patients.Entry.Services;

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
    uint Version)
{
    internal static InfusionCourse Of(TreatmentCourse course)
    {
        var last = course.Infusions.OrderByDescending(i => i.Date).ThenByDescending(i => i.CycleNumber).FirstOrDefault();
        var lastGiven = course.Infusions.Where(i => i.Status == InfusionStatus.Given).Select(i => (int?)i.CycleNumber).Max();

        // A deferred cycle is still due: it keeps its number until it is given (the demo cohort and the ward's charts count
        // cycles given), so the next number follows the last cycle given.
        var next = (lastGiven ?? 0) + 1;
        return new InfusionCourse(course.Id, course.Regimen, course.Status, course.StartDate, course.IntervalDays,
            last?.CycleNumber, last?.Status, last?.Date, next, course.Version);
    }
}

/// <summary>Lists the patient's treatment courses for the infusion form, newest first; empty for a caller who may not enter data.</summary>
public sealed class GetInfusionCourses(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory)
{
    public async Task<IReadOnlyList<InfusionCourse>> HandleAsync(int patientId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.EditClinicalData, cancellationToken) is null)
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var courses = await db.TreatmentCourses.AsNoTracking().Include(c => c.Infusions)
            .Where(c => c.PatientId == patientId).ToListAsync(cancellationToken);
        return [.. courses.OrderByDescending(c => c.StartDate).ThenByDescending(c => c.Id).Select(InfusionCourse.Of)];
    }
}
