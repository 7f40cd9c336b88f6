using MdtReview.Clinical.GuidelineCheck;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;

namespace MdtReview.Web.Tests.Features.Meetings;

public sealed class OutcomeListServiceTests : IAsyncLifetime
{
    private ServiceTestHost _host = default!;
    private MeetingTestData _data = default!;
    private string _oncologistId = "";

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceTestHost.StartAsync();
        _data = new MeetingTestData(_host);
        _oncologistId = await _host.CreateUserAsync("onc@test.local", Roles.Oncologist);
        _host.SignInAs(_oncologistId);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task The_outcome_list_shows_the_latest_final_version_of_each_decision_and_no_decision_otherwise()
    {
        var meeting = await _data.MeetingAsync(new DateTime(2026, 6, 11, 12, 0, 0, DateTimeKind.Utc), status: MeetingStatus.Closed, chairId: _oncologistId);
        var amended = await _data.PatientAsync("Amended");
        var drafted = await _data.PatientAsync("Drafted");
        var none = await _data.PatientAsync("Undecided");
        var amendedCase = await _data.CaseAsync(meeting, amended, MeetingCaseStatus.Discussed, "Continue with grade 2 colitis?");
        var draftedCase = await _data.CaseAsync(meeting, drafted, MeetingCaseStatus.Discussed);
        await _data.CaseAsync(meeting, none, MeetingCaseStatus.Deferred);
        var v1 = await _data.DecisionAsync(amended, amendedCase, _oncologistId, DecisionOutcome.Continue, rationale: "First version");
        var v2 = await _data.DecisionAsync(amended, amendedCase, _oncologistId, DecisionOutcome.Pause, supersedes: v1, version: 2, rationale: "Amended: hold until colitis grade ≤1");
        await _data.DecisionAsync(amended, amendedCase, _oncologistId, DecisionOutcome.Stop, DecisionStatus.Draft, supersedes: v2, version: 3, rationale: "Unsigned draft");
        await _data.DecisionAsync(drafted, draftedCase, _oncologistId, DecisionOutcome.Stop, DecisionStatus.Draft, rationale: "Unsigned draft");

        var list = (await _data.Outcomes(s => s.GetAsync(meeting)))!;

        Assert.Equal(3, list.Rows.Count);
        var first = list.Rows[0];
        Assert.Equal((DecisionOutcome.Pause, 2, "Amended: hold until colitis grade ≤1", "Continue with grade 2 colitis?"), (first.Outcome!.Value, first.DecisionVersion!.Value, first.Rationale, first.Question));
        Assert.Equal(("onc", MeetingTestData.Today.AddDays(2)), (first.InformedBy, first.InformBy!.Value));
        Assert.Null(list.Rows[1].Outcome);
        Assert.Null(list.Rows[2].Outcome);
        Assert.Equal(MeetingCaseStatus.Deferred, list.Rows[2].Status);
    }
}
