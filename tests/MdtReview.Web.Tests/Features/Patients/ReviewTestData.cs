using MdtReview.Data;
using MdtReview.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.Web.Tests.Features.Patients;

/// <summary>Minimal synthetic patients for the review services' tests.</summary>
internal static class ReviewTestData
{
    public static Task<int> AddPatientAsync(ServiceTestHost host, DateOnly treatmentStart, Action<Patient>? configure = null) => host.WithScopeAsync(async sp =>
    {
        await using var db = await sp.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync();
        var serial = Random.Shared.Next(100_000, 999_999);
        var patient = new Patient
        {
            Mrn = $"T{serial}",
            FamilyName = "Testpatient",
            GivenName = "Alex",
            DateOfBirth = new DateOnly(1960, 5, 1),
            Sex = Sex.Female,
            TumourSite = TumourSite.Lung,
            Histology = "Adenocarcinoma of lung",
            Stage = "IVA",
            DiagnosisDate = treatmentStart.AddDays(-30),
            CreatedAt = DateTime.UtcNow,
        };
        patient.TreatmentCourses.Add(new TreatmentCourse
        {
            Regimen = "Pembrolizumab 200 mg q3w",
            Drugs = "pembrolizumab",
            IntervalDays = 21,
            StartDate = treatmentStart,
            Status = TreatmentStatus.Active,
            Intent = TreatmentIntent.Palliative,
            LineOfTherapy = 1,
        });
        configure?.Invoke(patient);
        db.Patients.Add(patient);
        await db.SaveChangesAsync();
        return patient.Id;
    });

    public static LabResult Lab(string code, decimal value, string unit, decimal? lln, decimal? uln, DateTime collectedAt) => new()
    {
        TestCode = code,
        Value = value,
        Unit = unit,
        Lln = lln,
        Uln = uln,
        CollectedAt = collectedAt,
        RecordedAt = collectedAt,
        Source = LabSource.Manual,
    };

    public static Task<int> CountLabsAsync(ServiceTestHost host, int patientId) => host.WithScopeAsync(async sp =>
    {
        await using var db = await sp.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync();
        return await db.LabResults.CountAsync(l => l.PatientId == patientId);
    });
}
