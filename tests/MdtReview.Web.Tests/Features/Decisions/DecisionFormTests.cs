using Bunit;
using MdtReview.Clinical.GuidelineCheck;
using MdtReview.Clinical.Irae;
using MdtReview.Data;
using MdtReview.Data.Evidence;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Decisions;
using MdtReview.Web.Features.Decisions.Components;
using MdtReview.Web.Features.Decisions.Services;
using MdtReview.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace MdtReview.Web.Tests.Features.Decisions;

/// <summary>The decision form's rules-driven behaviour: findings follow the outcome, and a must finding blocks finalising until the deviation is recorded.</summary>
public class DecisionFormTests : ComponentTestBase
{
    public DecisionFormTests()
    {
        // The form's use cases are resolvable; these tests never reach the database (autosave is pushed out of reach).
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:MdtReview"] = $"Data Source={Path.Combine(Path.GetTempPath(), "mdtreview-bunit-unused.db")}",
        }).Build();
        Services.AddSingleton<IConfiguration>(configuration);
        Services.AddMdtReviewData(configuration);
        Services.AddScoped<CurrentUserService>();
        Services.AddDecisions();
        SignInAs("oncologist@test.local", Roles.Oncologist);
    }

    private static CaseEvidence EvidenceWithActiveIrae(IraeCategory category, int grade, string term)
    {
        var rec = IraeGuidance.Recommend(category, grade);
        return new CaseEvidence
        {
            AsOf = new DateOnly(2026, 11, 27),
            Iraes = [new IraeEvidence(category, term, grade, new DateOnly(2026, 11, 10), IraeManagement.Steroids, rec.Action, rec.AllowedActions, rec.Basis, rec.Source)],
            ActiveIraes = [new ActiveIrae(category, grade)],
        };
    }

    private static DecisionEditor EditorFor(CaseEvidence evidence) => new(
        1, "TEST, Patient", "MRN0001", null, true, evidence, new DecisionDraft { PatientId = 1, NextReviewDate = new DateOnly(2026, 12, 24), InformPatientBy = new DateOnly(2026, 12, 4) },
        [], [], [new ClinicianOption("u1", "Dr Test")], null);

    private IRenderedComponent<ContainerFragment> RenderForm(DecisionEditor editor) => Render<ContainerFragment>(p => p.AddChildContent(b =>
    {
        b.OpenComponent<MudPopoverProvider>(0);
        b.CloseComponent();
        b.OpenComponent<DecisionForm>(1);
        b.AddAttribute(2, nameof(DecisionForm.Editor), editor);
        b.AddAttribute(3, nameof(DecisionForm.AutosaveDelay), TimeSpan.FromHours(1));
        b.CloseComponent();
    }));

    private static async Task ChooseAsync(IRenderedComponent<ContainerFragment> cut, DecisionOutcome outcome)
    {
        var group = cut.FindComponent<MudRadioGroup<DecisionOutcome?>>();
        await cut.InvokeAsync(() => group.Instance.ValueChanged.InvokeAsync(outcome));
    }

    [Fact]
    public async Task Continuing_with_a_grade_3_irae_shows_a_must_finding_with_its_source_and_pausing_does_not()
    {
        var cut = RenderForm(EditorFor(EvidenceWithActiveIrae(IraeCategory.Hepatitis, 3, "Hepatitis")));
        Assert.Empty(cut.FindAll("[data-testid=finding]"));

        await ChooseAsync(cut, DecisionOutcome.Continue);

        var must = cut.FindAll("[data-testid=finding][data-severity=Must]");
        Assert.Single(must);
        Assert.Contains("grade 3 hepatitis", must[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("ASCO 2021", must[0].TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=deviation-fields]"));

        await ChooseAsync(cut, DecisionOutcome.Pause);

        Assert.Empty(cut.FindAll("[data-testid=finding][data-severity=Must]"));
        Assert.Empty(cut.FindAll("[data-testid=deviation-fields]"));
    }

    [Fact]
    public async Task A_grade_1_irae_gives_no_must_finding_for_continue()
    {
        var cut = RenderForm(EditorFor(EvidenceWithActiveIrae(IraeCategory.Skin, 1, "Rash maculo-papular")));

        await ChooseAsync(cut, DecisionOutcome.Continue);

        Assert.Empty(cut.FindAll("[data-testid=finding][data-severity=Must]"));
        Assert.False(cut.Find("[data-testid=finalise]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Finalise_is_blocked_until_a_deviation_reason_and_explanation_are_given()
    {
        var cut = RenderForm(EditorFor(EvidenceWithActiveIrae(IraeCategory.Hepatitis, 3, "Hepatitis")));
        await ChooseAsync(cut, DecisionOutcome.Continue);

        Assert.True(cut.Find("[data-testid=finalise]").HasAttribute("disabled"));
        Assert.NotNull(cut.Find("[data-testid=finalise-blocked]"));

        var reason = cut.FindComponent<MudSelect<DeviationReason?>>();
        await cut.InvokeAsync(() => reason.Instance.ValueChanged.InvokeAsync(DeviationReason.PatientChoice));
        Assert.True(cut.Find("[data-testid=finalise]").HasAttribute("disabled"));

        cut.Find("[data-testid=deviation-fields] textarea").Input("The patient declines a treatment break after full discussion.");

        Assert.False(cut.Find("[data-testid=finalise]").HasAttribute("disabled"));
        Assert.Empty(cut.FindAll("[data-testid=finalise-blocked]"));
    }

    [Fact]
    public void A_final_decision_is_not_editable_in_the_form()
    {
        var editor = EditorFor(EvidenceWithActiveIrae(IraeCategory.Hepatitis, 3, "Hepatitis"));
        editor.Draft.Status = DecisionStatus.Final;
        editor.Draft.Outcome = DecisionOutcome.Pause;

        var cut = RenderForm(editor);

        Assert.True(cut.Find("[data-testid=finalise]").HasAttribute("disabled"));
        Assert.All(cut.FindAll("[data-testid=decision-form] textarea"), t => Assert.True(t.HasAttribute("disabled")));
    }

    [Fact]
    public void A_case_that_may_not_get_a_new_decision_shows_why_instead_of_the_form()
    {
        const string why = "This meeting is closed, so no new decision can be recorded for its cases.";
        var editor = EditorFor(EvidenceWithActiveIrae(IraeCategory.Hepatitis, 3, "Hepatitis")) with { MeetingCaseId = 7, NoNewDecisionReason = why };

        var cut = Render<DecisionPanel>(p => p.Add(x => x.Editor, editor));

        Assert.Equal(why, cut.Find("[data-testid=decision-closed]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=decision-form]"));
        Assert.Empty(cut.FindAll("[data-testid=finalise]"));
    }
}

/// <summary>Renders its child content: lets a test put providers beside the component under test.</summary>
public sealed class ContainerFragment : ComponentBase
{
    [Parameter] public RenderFragment? ChildContent { get; set; }

    protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder) => builder.AddContent(0, ChildContent);
}
