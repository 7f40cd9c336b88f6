using Bunit;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Meetings.Components;
using MdtReview.Web.Features.Meetings.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.Web.Tests.Features.Meetings;

public sealed class MeetingComponentTests : ComponentTestBase
{
    private static readonly AgendaCase _case = new(7, 1, 3, "HART, Amelia", "RH123456", "9990000018", new DateOnly(1958, 3, 2),
        "Continue beyond iUPD?", "iUPD on 28 Apr 2026 awaiting confirmation", MeetingCaseStatus.Listed, 0, false, null, 1);

    public MeetingComponentTests() => Services.AddSingleton(MeetingTestData.Clock);

    [Fact]
    public void A_suggestion_shows_each_reason_it_was_suggested_for()
    {
        SignInAs("onc@test.local", Roles.Oncologist);
        var suggestion = new PatientSuggestion(3, "HART, Amelia", "RH123456", "9990000018",
        [
            new AgendaReason(SuggestionKind.ActiveIraeGrade2OrMore, "Active grade 3 irAE: Colitis (onset 2 Jun 2026)"),
            new AgendaReason(SuggestionKind.ScanOverdue, "Scan overdue (due 14 Apr 2026, 12-weekly assessment)"),
        ]);

        var list = RenderInAuth<SuggestionList>(p => p.Add(c => c.Suggestions, [suggestion]).Add(c => c.Editable, true));

        Assert.Equal(["Active grade 3 irAE: Colitis (onset 2 Jun 2026)", "Scan overdue (due 14 Apr 2026, 12-weekly assessment)"],
            list.FindAll("[data-testid=suggestion-reason]").Select(e => e.TextContent.Trim()));
        Assert.NotNull(list.Find("button[aria-label='Add HART, Amelia to the agenda']"));
    }

    [Fact]
    public void The_quorum_indicator_says_what_is_missing()
    {
        var status = Quorum.Evaluate(new QuorumRequirement(2, 1, 0), ["Medical oncologist", "Medical oncologist"]);

        var indicator = Render<QuorumIndicator>(p => p.Add(c => c.Status, status).Add(c => c.Requirement, new QuorumRequirement(2, 1, 0)));

        Assert.Contains("Quorum not met (missing: 1 radiologist)", indicator.Find("[data-testid=quorum]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void An_oncologist_can_reorder_edit_and_remove_cases_on_a_planned_agenda()
    {
        SignInAs("onc@test.local", Roles.Oncologist);

        var agenda = RenderInAuth<AgendaList>(p => p.Add(c => c.Cases, [_case]).Add(c => c.Editable, true).Add(c => c.CanRemove, true));

        Assert.NotNull(agenda.Find("button[aria-label='Move HART, Amelia down']"));
        Assert.NotNull(agenda.Find("button[aria-label='Remove HART, Amelia from the agenda']"));
        Assert.Contains("Suggested: iUPD on 28 Apr 2026 awaiting confirmation", agenda.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_governance_lead_sees_the_agenda_without_any_editing_control()
    {
        SignInAs("gov@test.local", Roles.GovernanceLead);

        // Even if a page passed Editable by mistake, the edit policy hides every control.
        var agenda = RenderInAuth<AgendaList>(p => p.Add(c => c.Cases, [_case]).Add(c => c.Editable, true).Add(c => c.CanRemove, true));
        var attendance = RenderInAuth<AttendancePanel>(p => p.Add(c => c.Attendees, [new AttendeeView(1, null, "Dr Priya Shah", "Radiologist")]).Add(c => c.Editable, true));

        Assert.Contains("Continue beyond iUPD?", agenda.Markup, StringComparison.Ordinal);
        Assert.Empty(agenda.FindAll("button"));
        Assert.Contains("Dr Priya Shah — Radiologist (guest)", attendance.Markup, StringComparison.Ordinal);
        Assert.Empty(attendance.FindAll("button"));
    }

    [Fact]
    public void A_case_deferred_twice_is_flagged()
    {
        SignInAs("onc@test.local", Roles.Oncologist);

        var agenda = RenderInAuth<AgendaList>(p => p.Add(c => c.Cases, [_case with { TimesDeferred = 2 }]));

        Assert.Contains("Deferred 2 times", agenda.Find("[data-testid=deferred-twice]").TextContent, StringComparison.Ordinal);
    }

    /// <summary>The base registers the cascading authentication state for every component, as the app does.</summary>
    private IRenderedComponent<TComponent> RenderInAuth<TComponent>(Action<ComponentParameterCollectionBuilder<TComponent>> parameters)
        where TComponent : IComponent => Render(parameters);
}
