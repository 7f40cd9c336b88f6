using MdtReview.Data;
using MdtReview.Data.Auditing;
using MdtReview.Data.Identity;
using MdtReview.Web.Components.Account;
using MdtReview.Web.Components.Input;
using MdtReview.Web.Features.Admin.Services;
using MdtReview.Web.Features.Decisions;
using MdtReview.Web.Features.Governance.Dashboards;
using MdtReview.Web.Features.Governance.Services;
using MdtReview.Web.Features.Home.Services;
using MdtReview.Web.Features.Meetings;
using MdtReview.Web.Features.Patients;
using MdtReview.Web.Features.Patients.Entry;
using MdtReview.Web.Features.Referrals;
using MdtReview.Web.Features.Trials;
using MdtReview.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using MudBlazor.Services;

namespace MdtReview.Web;

/// <summary>The web app's composition; Program.cs only calls this and maps endpoints.</summary>
public static class WebServiceCollectionExtensions
{
    public static IServiceCollection AddMdtReviewWeb(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddScoped<InputSettler>();

        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.AddAuthorizationBuilder().AddMdtReviewPolicies();

        // Check the security stamp on every request: a disabled account or changed roles apply at the user's next request.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);

        services.AddMdtReviewData(configuration)
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<DisplayNameClaimsFactory>();
        services.Configure<IdentityOptions>(o => o.SignIn.RequireConfirmedAccount = true);
        services.AddScoped<IUserConfirmation<ApplicationUser>, ActiveUserConfirmation>();

        // Keys in the database so cookies and antiforgery tokens stay valid across restarts and on every instance.
        services.AddDataProtection().SetApplicationName("MdtReview").PersistKeysToDbContext<MdtReviewDbContext>();
        services.AddHealthChecks().AddDbContextCheck<MdtReviewDbContext>();
        if (environment.IsDevelopment())
        {
            services.AddDatabaseDeveloperPageExceptionFilter();
        }

        services.AddScoped<CurrentUserService>();
        services.AddScoped<HomeService>();
        services.AddScoped<UserAdminService>();
        services.AddPatients();
        services.AddDecisions();

        services.AddMeetings();

        // The audit interceptor records the signed-in user of the circuit or request as the actor of every write.
        services.AddHttpContextAccessor();
        services.AddScoped<IAuditActorAccessor, WebAuditActorAccessor>();
        services.AddScoped<PatientViewAuditService>();
        services.AddScoped<AuditTrailService>();
        services.AddPatientEntry();
        services.AddReferrals();
        services.AddTrials();

        // Governance dashboards: the page shows every registered IDashboard in its Order, and the CSV export serves each by key.
        services.AddScoped<DashboardFactsService>();
        services.AddScoped<IDashboard, OutcomeDashboard>();
        services.AddScoped<IDashboard, DeviationDashboard>();
        services.AddScoped<IDashboard, TimelinessDashboard>();
        services.AddScoped<IDashboard, IraeDashboard>();
        services.AddScoped<IDashboard, ReferralFunnelDashboard>();
        services.AddScoped<IDashboard, ReferralReasonsDashboard>();
        services.AddScoped<IDashboard, MeetingsDashboard>();
        services.AddScoped<IDashboard, DataCompletenessDashboard>();
        return services;
    }
}
