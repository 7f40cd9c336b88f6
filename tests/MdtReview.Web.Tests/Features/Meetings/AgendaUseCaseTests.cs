using MdtReview.Clinical.GuidelineCheck;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Meetings.Services;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Tests.Features.Meetings;

public sealed class AgendaUseCaseTests : IAsyncLifetime
{
    private static readonly DateTime _thursday = new(2026, 6, 18, 12, 0, 0, DateTimeKind.Utc);

    private ServiceTestHost _host = default!;
    private MeetingTestData _data = default!;
    private string _oncologistId = "";
    private int _meetingId;

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceTestHost.StartAsync();
        _data = new MeetingTestData(_host);
        _oncologistId = await _host.CreateUserAsync("onc@test.local", Roles.Oncologist);
        _host.SignInAs(_oncologistId);
        _meetingId = await _data.MeetingAsync(_thursday, chairId: _oncologistId);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private async Task<MeetingDetail> Meeting() => (await _data.Run((GetMeetingDetail s) => s.HandleAsync(_meetingId)))!;

    private async Task<IReadOnlyList<string>> Order() => (await Meeting()).Cases.Select(c => c.PatientName).ToList();

    [Fact]
    public async Task A_suggested_patient_is_added_with_the_question_and_the_reason_it_was_suggested()
    {
        var patient = await _data.PatientAsync("Suggested");

        var result = await _data.Run((AddCaseToAgenda s) => s.HandleAsync(_meetingId, patient, "  Continue beyond iUPD?  ", "iUPD on 28 Apr 2026 awaiting confirmation"));

        Assert.True(result.Succeeded);
        var added = Assert.Single((await Meeting()).Cases);
        Assert.Equal((patient, "Continue beyond iUPD?", "iUPD on 28 Apr 2026 awaiting confirmation", 1), (added.PatientId, added.Question, added.SuggestionReason, added.Position));
    }

    [Fact]
    public async Task The_question_for_the_MDT_is_required_and_a_patient_is_listed_once()
    {
        var patient = await _data.PatientAsync("Asked");

        var blank = await _data.Run((AddCaseToAgenda s) => s.HandleAsync(_meetingId, patient, "   ", null));
        await _data.Run((AddCaseToAgenda s) => s.HandleAsync(_meetingId, patient, "Continue?", null));
        var again = await _data.Run((AddCaseToAgenda s) => s.HandleAsync(_meetingId, patient, "Continue?", null));

        Assert.Equal("Enter the question for the MDT.", blank.Error("Question"));
        Assert.Equal("This patient is already on the agenda.", again.Error("Patient"));
        Assert.Single((await Meeting()).Cases);
    }

    [Fact]
    public async Task A_patient_is_found_by_name_mrn_or_nhs_number()
    {
        var patient = await _data.PatientAsync("Findable");
        var mrn = await _data.DbAsync(db => db.Patients.Where(p => p.Id == patient).Select(p => p.Mrn).SingleAsync());

        var byName = await _data.Run((SearchPatients s) => s.HandleAsync("findab"));
        var byMrn = await _data.Run((SearchPatients s) => s.HandleAsync(mrn.ToLowerInvariant()));

        Assert.Equal(patient, Assert.Single(byName).Id);
        Assert.Equal(patient, Assert.Single(byMrn).Id);
    }

    [Fact]
    public async Task Cases_move_up_and_down_one_place_at_a_time()
    {
        foreach (var name in new[] { "Alpha", "Bravo", "Charlie" })
        {
            var id = await _data.PatientAsync(name);
            await _data.Run((AddCaseToAgenda s) => s.HandleAsync(_meetingId, id, "Continue?", null));
        }

        var charlie = (await Meeting()).Cases.Single(c => c.PatientName.StartsWith("CHARLIE", StringComparison.Ordinal));
        await _data.Run(async (MoveAgendaCase s) => await s.HandleAsync(_meetingId, charlie.Id, -1, (await Meeting()).Version));
        await _data.Run(async (MoveAgendaCase s) => await s.HandleAsync(_meetingId, charlie.Id, -1, (await Meeting()).Version));
        var top = await _data.Run(async (MoveAgendaCase s) => await s.HandleAsync(_meetingId, charlie.Id, -1, (await Meeting()).Version));

        Assert.True(top.Succeeded);
        Assert.Equal(["CHARLIE, Test", "ALPHA, Test", "BRAVO, Test"], await Order());
        Assert.Equal([1, 2, 3], (await Meeting()).Cases.Select(c => c.Position));
    }

    [Fact]
    public async Task A_move_based_on_an_older_agenda_is_a_conflict_and_changes_nothing()
    {
        foreach (var name in new[] { "Alpha", "Bravo" })
        {
            var id = await _data.PatientAsync(name);
            await _data.Run((AddCaseToAgenda s) => s.HandleAsync(_meetingId, id, "Continue?", null));
        }

        var stale = await Meeting();
        var third = await _data.PatientAsync("Charlie");
        await _data.Run((AddCaseToAgenda s) => s.HandleAsync(_meetingId, third, "Added by a colleague meanwhile", null));

        var result = await _data.Run((MoveAgendaCase s) => s.HandleAsync(_meetingId, stale.Cases[1].Id, -1, stale.Version));

        Assert.True(result.Conflict);
        Assert.Equal(MeetingResult.ConflictMessage, result.Error(""));
        Assert.Equal(["ALPHA, Test", "BRAVO, Test", "CHARLIE, Test"], await Order());
    }

    [Fact]
    public async Task Editing_a_question_someone_else_changed_returns_their_text_instead_of_overwriting_it()
    {
        var patient = await _data.PatientAsync("Edited");
        await _data.Run((AddCaseToAgenda s) => s.HandleAsync(_meetingId, patient, "Original question?", null));
        var seen = (await Meeting()).Cases.Single();
        await _data.Run((UpdateCaseQuestion s) => s.HandleAsync(seen.Id, "Colleague's question?", seen.Version));

        var mine = await _data.Run((UpdateCaseQuestion s) => s.HandleAsync(seen.Id, "My question?", seen.Version));
        var overwrite = await _data.Run((UpdateCaseQuestion s) => s.HandleAsync(seen.Id, "My question?", mine.TheirVersion!.Value));

        Assert.True(mine.Conflict);
        Assert.Equal("Colleague's question?", mine.TheirValue);
        Assert.True(overwrite.Succeeded);
        Assert.Equal("My question?", (await Meeting()).Cases.Single().Question);
    }

    [Fact]
    public async Task A_case_is_removed_from_a_planned_meeting_and_the_rest_close_up()
    {
        foreach (var name in new[] { "Alpha", "Bravo", "Charlie" })
        {
            var id = await _data.PatientAsync(name);
            await _data.Run((AddCaseToAgenda s) => s.HandleAsync(_meetingId, id, "Continue?", null));
        }

        var before = await Meeting();
        var result = await _data.Run((RemoveAgendaCase s) => s.HandleAsync(_meetingId, before.Cases[0].Id, before.Version));

        Assert.True(result.Succeeded);
        Assert.Equal(["BRAVO, Test", "CHARLIE, Test"], await Order());
        Assert.Equal([1, 2], (await Meeting()).Cases.Select(c => c.Position));
    }

    [Fact]
    public async Task A_case_cannot_be_removed_once_the_meeting_has_started_or_a_decision_exists()
    {
        var patient = await _data.PatientAsync("Kept");
        var caseId = await _data.CaseAsync(_meetingId, patient);
        await _data.DecisionAsync(patient, caseId, _oncologistId, DecisionOutcome.Continue, DecisionStatus.Draft);
        var planned = await Meeting();
        var withDecision = await _data.Run((RemoveAgendaCase s) => s.HandleAsync(_meetingId, caseId, planned.Version));
        await _data.Run((StartMeeting s) => s.HandleAsync(_meetingId, planned.Version));

        var started = await _data.Run(async (RemoveAgendaCase s) => await s.HandleAsync(_meetingId, caseId, (await Meeting()).Version));

        Assert.Equal("A decision has been recorded for this case, so it stays on the agenda.", withDecision.Error(""));
        Assert.Equal("Cases can be removed only before the meeting starts.", started.Error(""));
        Assert.Single((await Meeting()).Cases);
    }
}
