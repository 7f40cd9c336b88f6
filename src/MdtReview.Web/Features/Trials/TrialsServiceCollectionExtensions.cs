using MdtReview.Web.Features.Trials.Services;

namespace MdtReview.Web.Features.Trials;

/// <summary>Registers the trial administration use cases.</summary>
public static class TrialsServiceCollectionExtensions
{
    public static IServiceCollection AddTrials(this IServiceCollection services)
    {
        services.AddScoped<ListTrials>();
        services.AddScoped<ListInvestigators>();
        services.AddScoped<OpenTrialForEdit>();
        services.AddScoped<CreateTrial>();
        services.AddScoped<UpdateTrial>();
        return services;
    }
}
