using MdtReview.Web.Features.Meetings.Run;
using MdtReview.Web.Features.Meetings.Services;

namespace MdtReview.Web.Features.Meetings;

/// <summary>The Meetings feature's composition: its options, clock, use cases and the services its pages read.</summary>
public static class MeetingsServiceCollectionExtensions
{
    public static IServiceCollection AddMeetings(this IServiceCollection services)
    {
        services.AddOptions<QuorumOptions>().BindConfiguration(QuorumOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MeetingsOptions>().BindConfiguration(MeetingsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<MeetingClock>();

        services.AddScoped<ListMeetings>();
        services.AddScoped<ListClinicians>();
        services.AddScoped<CreateMeeting>();
        services.AddScoped<GetMeetingDetail>();
        services.AddScoped<AddAttendee>();
        services.AddScoped<RemoveAttendee>();
        services.AddScoped<StartMeeting>();
        services.AddScoped<CloseMeeting>();
        services.AddScoped<ListDeferralTargets>();
        services.AddScoped<SearchPatients>();
        services.AddScoped<AddCaseToAgenda>();
        services.AddScoped<UpdateCaseQuestion>();
        services.AddScoped<MoveAgendaCase>();
        services.AddScoped<RemoveAgendaCase>();

        services.AddScoped<SuggestionService>();
        services.AddScoped<OutcomeListService>();
        services.AddScoped<IPatientAlertSource, PatientAlertStateSource>();
        services.AddScoped<MeetingRunService>();
        return services;
    }
}
