using MdtReview.Web.Features.Decisions.Services;

namespace MdtReview.Web.Features.Decisions;

/// <summary>Registers the Decisions feature: its use cases, the decision view and the letter.</summary>
public static class DecisionsServiceCollectionExtensions
{
    public static IServiceCollection AddDecisions(this IServiceCollection services)
    {
        services.AddScoped<OpenDecisionEditor>();
        services.AddScoped<SaveDecisionDraft>();
        services.AddScoped<FinaliseDecision>();
        services.AddScoped<AmendDecision>();
        services.AddScoped<RecordPatientInformed>();
        services.AddScoped<DecisionViewService>();
        services.AddScoped<DecisionLetterService>();
        return services;
    }
}
