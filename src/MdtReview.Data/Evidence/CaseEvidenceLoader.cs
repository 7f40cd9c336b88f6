using Microsoft.EntityFrameworkCore;

namespace MdtReview.Data.Evidence;

/// <summary>Loads what <see cref="CaseEvidence.Build"/> needs for one patient, read-only.</summary>
public static class CaseEvidenceLoader
{
    /// <summary>The patient's evidence on <paramref name="asOf"/>, or null when there is no such patient.</summary>
    public static async Task<CaseEvidence?> LoadAsync(MdtReviewDbContext db, int patientId, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var patient = await db.Patients.AsNoTracking().AsSplitQuery()
            .Include(p => p.LabResults)
            .Include(p => p.AdverseEvents).ThenInclude(a => a.GradeHistory)
            .Include(p => p.Scans).ThenInclude(s => s.Lesions)
            .Include(p => p.TreatmentCourses).ThenInclude(c => c.Infusions)
            .Include(p => p.EcogAssessments)
            .SingleOrDefaultAsync(p => p.Id == patientId, cancellationToken);
        if (patient is null)
        {
            return null;
        }

        var decisions = await db.Decisions.AsNoTracking().Where(d => d.PatientId == patientId).ToListAsync(cancellationToken);
        return CaseEvidence.Build(patient, asOf, decisions);
    }
}
