using MdtReview.Clinical.GuidelineCheck;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Meetings.Services;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Tests.Features.Meetings;

public sealed class MeetingUseCaseTests : IAsyncLifetime
{
    private static readonly DateTime _thursday = new(2026, 6, 18, 12, 0, 0, DateTimeKind.Utc);

    private ServiceTestHost _host = default!;
    private MeetingTestData _data = default!;
    private string _chairId = "";
    private string _otherOncologistId = "";

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceTestHost.StartAsync();
        _data = new MeetingTestData(_host);
        _chairId = await _host.CreateUserAsync("chair@test.local", Roles.Oncologist);
        _otherOncologistId = await _host.CreateUserAsync("onc2@test.local", Roles.Oncologist);
        _host.SignInAs(_chairId);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task An_oncologist_creates_a_meeting_that_takes_the_configured_quorum()
    {
        var quorum = new QuorumOptions { Oncologists = 3, Radiologists = 1, OtherSpecialties = 2 };

        var result = await _data.Run((CreateMeeting s) => s.HandleAsync(new NewMeeting(new DateOnly(2026, 6, 25), new TimeOnly(13, 0), "Lung", _chairId)), quorum);

        Assert.True(result.Succeeded);
        var meeting = await _data.DbAsync(db => db.Meetings.SingleAsync(m => m.Id == result.Id));
        Assert.Equal(("Lung", MeetingStatus.Planned, _chairId), (meeting.TumourGroup, meeting.Status, meeting.ChairId));
        Assert.Equal((3, 1, 2), (meeting.QuorumOncologists, meeting.QuorumRadiologists, meeting.QuorumOtherSpecialties));
        // 13:00 in London in June is 12:00 UTC (British Summer Time).
        Assert.Equal(new DateTime(2026, 6, 25, 12, 0, 0, DateTimeKind.Utc), meeting.StartsAt);
    }

    [Fact]
    public async Task A_meeting_in_the_past_or_without_a_tumour_group_or_oncologist_chair_is_refused_and_nothing_is_written()
    {
        var governance = await _host.CreateUserAsync("gov@test.local", Roles.GovernanceLead);

        var past = await _data.Run((CreateMeeting s) => s.HandleAsync(new NewMeeting(new DateOnly(2026, 6, 15), new TimeOnly(9, 0), "Lung", _chairId)));
        var noGroup = await _data.Run((CreateMeeting s) => s.HandleAsync(new NewMeeting(new DateOnly(2026, 6, 25), new TimeOnly(13, 0), " ", _chairId)));
        var badChair = await _data.Run((CreateMeeting s) => s.HandleAsync(new NewMeeting(new DateOnly(2026, 6, 25), new TimeOnly(13, 0), "Lung", governance)));

        Assert.Equal("The meeting cannot be in the past.", past.Error(nameof(NewMeeting.Date)));
        Assert.Equal("Choose the tumour group.", noGroup.Error(nameof(NewMeeting.TumourGroup)));
        Assert.Equal("The chair must be an active oncologist.", badChair.Error(nameof(NewMeeting.ChairId)));
        Assert.Equal(0, await _data.DbAsync(db => db.Meetings.CountAsync()));
    }

    [Fact]
    public async Task Attendance_decides_the_quorum_shown_on_the_agenda()
    {
        var id = await _data.MeetingAsync(_thursday, chairId: _chairId);

        await _data.Run((AddAttendee s) => s.HandleAsync(id, new NewAttendee(_chairId, null, "Medical oncologist")));
        await _data.Run((AddAttendee s) => s.HandleAsync(id, new NewAttendee(_otherOncologistId, null, "Clinical oncologist")));
        var before = await _data.Run((GetMeetingDetail s) => s.HandleAsync(id));
        var guest = await _data.Run((AddAttendee s) => s.HandleAsync(id, new NewAttendee(null, "Dr Priya Shah", "Radiologist")));
        var after = await _data.Run((GetMeetingDetail s) => s.HandleAsync(id));

        Assert.Equal("Quorum not met (missing: 1 radiologist)", before!.QuorumStatus.Text);
        Assert.True(guest.Succeeded);
        Assert.Equal("Quorum met", after!.QuorumStatus.Text);
        Assert.Contains(after.Attendees, a => a is { Name: "Dr Priya Shah", IsGuest: true });
    }

    [Fact]
    public async Task The_same_person_cannot_be_recorded_twice_and_a_specialty_is_required()
    {
        var id = await _data.MeetingAsync(_thursday, chairId: _chairId);
        await _data.Run((AddAttendee s) => s.HandleAsync(id, new NewAttendee(_chairId, null, "Medical oncologist")));

        var twice = await _data.Run((AddAttendee s) => s.HandleAsync(id, new NewAttendee(_chairId, null, "Medical oncologist")));
        var noSpecialty = await _data.Run((AddAttendee s) => s.HandleAsync(id, new NewAttendee(null, "Claire Dunn", " ")));

        Assert.False(twice.Succeeded);
        Assert.Equal("Choose the attendee's specialty.", noSpecialty.Error(nameof(NewAttendee.Specialty)));
        Assert.Single((await _data.Run((GetMeetingDetail s) => s.HandleAsync(id)))!.Attendees);
    }

    [Fact]
    public async Task Closing_without_quorum_is_refused_without_the_chairs_reason_and_recorded_with_it()
    {
        var id = await _data.MeetingAsync(_thursday, status: MeetingStatus.InProgress, chairId: _chairId);
        var version = (await _data.Run((GetMeetingDetail s) => s.HandleAsync(id)))!.Version;

        var refused = await _data.Run((CloseMeeting s) => s.HandleAsync(id, new MeetingClosure("  ", null, []), version));
        var stillOpen = (await _data.Run((GetMeetingDetail s) => s.HandleAsync(id)))!;
        var closed = await _data.Run((CloseMeeting s) => s.HandleAsync(id, new MeetingClosure("Radiologist called to an emergency; images reviewed beforehand.", null, []), version));

        Assert.StartsWith("Quorum not met (missing: 2 oncologists, 1 radiologist). Give the chair's reason", refused.Error(nameof(MeetingClosure.QuorumReason)), StringComparison.Ordinal);
        Assert.Equal(MeetingStatus.InProgress, stillOpen.Status);
        Assert.True(closed.Succeeded);
        var meeting = (await _data.Run((GetMeetingDetail s) => s.HandleAsync(id)))!;
        Assert.Equal(MeetingStatus.Closed, meeting.Status);
        Assert.Equal("Radiologist called to an emergency; images reviewed beforehand.", meeting.QuorumOverrideReason);
        Assert.Equal(MeetingTestData.Now, meeting.ClosedAt);
    }

    [Fact]
    public async Task Only_the_chair_can_close_a_meeting_without_quorum()
    {
        var id = await _data.MeetingAsync(_thursday, status: MeetingStatus.InProgress, chairId: _chairId);
        var version = (await _data.Run((GetMeetingDetail s) => s.HandleAsync(id)))!.Version;
        _host.SignInAs(_otherOncologistId);

        var result = await _data.Run((CloseMeeting s) => s.HandleAsync(id, new MeetingClosure("We were short.", null, []), version));

        Assert.Contains("Only the chair can close a meeting without quorum", result.Error(nameof(MeetingClosure.QuorumReason)), StringComparison.Ordinal);
        Assert.Equal(MeetingStatus.InProgress, (await _data.Run((GetMeetingDetail s) => s.HandleAsync(id)))!.Status);
    }

    [Fact]
    public async Task Any_oncologist_can_close_a_quorate_meeting_and_cases_with_a_final_decision_become_discussed()
    {
        var id = await _data.MeetingAsync(_thursday, status: MeetingStatus.InProgress, chairId: _chairId, oncologists: 1, radiologists: 0);
        var patient = await _data.PatientAsync("Decided");
        var caseId = await _data.CaseAsync(id, patient);
        await _data.DecisionAsync(patient, caseId, _chairId, DecisionOutcome.Continue);
        await _data.Run((AddAttendee s) => s.HandleAsync(id, new NewAttendee(_otherOncologistId, null, "Medical oncologist")));
        var version = (await _data.Run((GetMeetingDetail s) => s.HandleAsync(id)))!.Version;
        _host.SignInAs(_otherOncologistId);

        var result = await _data.Run((CloseMeeting s) => s.HandleAsync(id, new MeetingClosure(null, null, []), version));

        Assert.True(result.Succeeded);
        var meeting = (await _data.Run((GetMeetingDetail s) => s.HandleAsync(id)))!;
        Assert.Null(meeting.QuorumOverrideReason);
        Assert.Equal(MeetingCaseStatus.Discussed, Assert.Single(meeting.Cases).Status);
    }

    [Fact]
    public async Task Undiscussed_cases_are_deferred_to_the_next_meeting_and_a_case_deferred_twice_is_flagged()
    {
        var first = await _data.MeetingAsync(_thursday, status: MeetingStatus.InProgress, chairId: _chairId, oncologists: 0, radiologists: 0);
        var second = await _data.MeetingAsync(_thursday.AddDays(7), chairId: _chairId, oncologists: 0, radiologists: 0);
        var third = await _data.MeetingAsync(_thursday.AddDays(14), chairId: _chairId);
        var patient = await _data.PatientAsync("Rolled");
        var original = await _data.CaseAsync(first, patient, question: "Restaging CT: response?");

        var once = await Close(first, new MeetingClosure(null, second, [original]));
        await Start(second);
        var secondCase = (await _data.Run((GetMeetingDetail s) => s.HandleAsync(second)))!.Cases.Single();
        var twice = await Close(second, new MeetingClosure(null, third, [secondCase.Id]));

        Assert.True(once.Succeeded && twice.Succeeded);
        var firstMeeting = (await _data.Run((GetMeetingDetail s) => s.HandleAsync(first)))!;
        Assert.Equal(MeetingCaseStatus.Deferred, firstMeeting.Cases.Single().Status);
        Assert.Equal(_thursday.AddDays(7), firstMeeting.Cases.Single().DeferredToMeetingStartsAt);
        Assert.Equal((1, false, "Restaging CT: response?"), (secondCase.TimesDeferred, secondCase.DeferredTwice, secondCase.Question));
        var thirdCase = (await _data.Run((GetMeetingDetail s) => s.HandleAsync(third)))!.Cases.Single();
        Assert.Equal((patient, 2, true), (thirdCase.PatientId, thirdCase.TimesDeferred, thirdCase.DeferredTwice));
    }

    [Fact]
    public async Task Cases_can_only_be_deferred_to_a_later_planned_meeting_of_the_same_tumour_group()
    {
        var meeting = await _data.MeetingAsync(_thursday, status: MeetingStatus.InProgress, chairId: _chairId, oncologists: 0, radiologists: 0);
        var melanoma = await _data.MeetingAsync(_thursday.AddDays(7), group: "Melanoma");
        var caseId = await _data.CaseAsync(meeting, await _data.PatientAsync("Waiting"));

        var result = await Close(meeting, new MeetingClosure(null, melanoma, [caseId]));

        Assert.Equal("Choose a later planned Lung meeting to defer the cases to.", result.Error(nameof(MeetingClosure.DeferToMeetingId)));
        Assert.Equal(MeetingStatus.InProgress, (await _data.Run((GetMeetingDetail s) => s.HandleAsync(meeting)))!.Status);
        Assert.Equal(0, await _data.DbAsync(db => db.MeetingCases.CountAsync(c => c.MeetingId == melanoma)));
    }

    [Fact]
    public async Task A_closed_meeting_is_read_only()
    {
        var id = await _data.MeetingAsync(_thursday, status: MeetingStatus.Closed, chairId: _chairId);
        var patient = await _data.PatientAsync("Late");
        var caseId = await _data.CaseAsync(id, patient);
        var version = (await _data.Run((GetMeetingDetail s) => s.HandleAsync(id)))!.Version;

        var later = await _data.PatientAsync("Later");
        var add = await _data.Run((AddCaseToAgenda s) => s.HandleAsync(id, later, "Continue?", null));
        var question = await _data.Run((UpdateCaseQuestion s) => s.HandleAsync(caseId, "Changed?", 0));
        var attendee = await _data.Run((AddAttendee s) => s.HandleAsync(id, new NewAttendee(null, "Dr Late", "Radiologist")));
        var move = await _data.Run((MoveAgendaCase s) => s.HandleAsync(id, caseId, 1, version));

        Assert.All(new[] { add, question, attendee, move }, r => Assert.False(r.Succeeded));
        var meeting = (await _data.Run((GetMeetingDetail s) => s.HandleAsync(id)))!;
        Assert.False(meeting.Editable);
        Assert.Equal(("Continue?", 1, 0), (meeting.Cases.Single().Question, meeting.Cases.Count, meeting.Attendees.Count));
    }

    [Fact]
    public async Task A_governance_lead_reads_meetings_but_cannot_change_them()
    {
        var id = await _data.MeetingAsync(_thursday, chairId: _chairId);
        var patient = await _data.PatientAsync("Read");
        _host.SignInAs(await _host.CreateUserAsync("gov@test.local", Roles.GovernanceLead));

        var detail = await _data.Run((GetMeetingDetail s) => s.HandleAsync(id));
        var create = await _data.Run((CreateMeeting s) => s.HandleAsync(new NewMeeting(new DateOnly(2026, 6, 25), new TimeOnly(13, 0), "Lung", _chairId)));
        var add = await _data.Run((AddCaseToAgenda s) => s.HandleAsync(id, patient, "Continue?", null));
        var attend = await _data.Run((AddAttendee s) => s.HandleAsync(id, new NewAttendee(null, "Guest", "Radiologist")));
        var start = await _data.Run((StartMeeting s) => s.HandleAsync(id, detail!.Version));

        Assert.NotNull(detail);
        Assert.False(detail.CanEdit);
        Assert.All(new[] { create, add, attend, start }, r => Assert.Equal(MeetingResult.Forbidden, r.Error("")));
        Assert.Equal(MeetingStatus.Planned, (await _data.Run((GetMeetingDetail s) => s.HandleAsync(id)))!.Status);
        Assert.Empty((await _data.Run((GetMeetingDetail s) => s.HandleAsync(id)))!.Cases);
    }

    [Theory]
    [InlineData(Roles.TrialInvestigator)]
    [InlineData(Roles.Administrator)]
    public async Task Trial_investigators_and_administrators_cannot_see_meetings(string role)
    {
        var id = await _data.MeetingAsync(_thursday, chairId: _chairId);
        await _data.CaseAsync(id, await _data.PatientAsync("Hidden"));
        _host.SignInAs(await _host.CreateUserAsync($"{role.ToLowerInvariant()}@test.local", role));

        Assert.Null(await _data.Run((ListMeetings s) => s.HandleAsync()));
        Assert.Null(await _data.Run((GetMeetingDetail s) => s.HandleAsync(id)));
        Assert.Null(await _data.Outcomes(s => s.GetAsync(id)));
        Assert.Empty(await _data.Suggestions(s => s.SuggestAsync(id)));
        Assert.Empty(await _data.Run((SearchPatients s) => s.HandleAsync("Hidden")));
    }

    private async Task<MeetingResult> Close(int id, MeetingClosure input)
    {
        var version = (await _data.Run((GetMeetingDetail s) => s.HandleAsync(id)))!.Version;
        return await _data.Run((CloseMeeting s) => s.HandleAsync(id, input, version));
    }

    private async Task Start(int id)
    {
        var version = (await _data.Run((GetMeetingDetail s) => s.HandleAsync(id)))!.Version;
        Assert.True((await _data.Run((StartMeeting s) => s.HandleAsync(id, version))).Succeeded);
    }
}
