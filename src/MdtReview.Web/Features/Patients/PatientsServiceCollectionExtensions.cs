using MdtReview.Web.Features.Patients.Import.Services;
using MdtReview.Web.Features.Patients.Services;

namespace MdtReview.Web.Features.Patients;

/// <summary>The Patients feature's composition: the patient list, the review page's queries, lab entry and lab import.</summary>
public static class PatientsServiceCollectionExtensions
{
    public static IServiceCollection AddPatients(this IServiceCollection services)
    {
        services.AddScoped<PatientListService>();
        services.AddScoped<GetPatientHeader>();
        services.AddScoped<GetSideEffects>();
        services.AddScoped<GetScans>();
        services.AddScoped<GetTreatment>();
        services.AddScoped<GetLatestLabPanel>();
        services.AddScoped<GetLabHistory>();
        services.AddScoped<GetLabTrends>();
        services.AddScoped<AddLabPanel>();
        services.AddScoped<CorrectLabResult>();
        services.AddScoped<PreviewLabImport>();
        services.AddScoped<ImportLabResults>();
        return services;
    }
}
