using MdtReview.Web.Features.Patients.Entry.Services;

namespace MdtReview.Web.Features.Patients.Entry;

/// <summary>Registers the use cases that record a patient's irAEs, scans and infusions.</summary>
public static class EntryServiceCollectionExtensions
{
    public static IServiceCollection AddPatientEntry(this IServiceCollection services)
    {
        services.AddScoped<GetIrae>();
        services.AddScoped<RecordIrae>();
        services.AddScoped<ChangeIraeGrade>();
        services.AddScoped<ResolveIrae>();
        services.AddScoped<GetScanEntryContext>();
        services.AddScoped<RecordScan>();
        services.AddScoped<GetInfusionCourses>();
        services.AddScoped<RecordInfusion>();
        return services;
    }
}
