using MdtReview.Web.Features.Referrals.Services;

namespace MdtReview.Web.Features.Referrals;

/// <summary>Registers referring patients to trials and the trial team's referral workspace.</summary>
public static class ReferralsServiceCollectionExtensions
{
    public static IServiceCollection AddReferrals(this IServiceCollection services)
    {
        services.AddScoped<ListRecruitingTrials>();
        services.AddScoped<ReferToTrial>();
        services.AddScoped<ListPatientReferrals>();
        services.AddScoped<ListReferrals>();
        services.AddScoped<CountNewReferrals>();
        services.AddScoped<INewReferralCount>(sp => sp.GetRequiredService<CountNewReferrals>());
        services.AddScoped<GetReferralDetail>();
        services.AddScoped<RecordReferralView>();
        services.AddScoped<TransitionReferral>();
        services.AddScoped<ExportScreeningLog>();
        services.AddScoped<ReferralChangeNotifier>();
        return services;
    }
}
