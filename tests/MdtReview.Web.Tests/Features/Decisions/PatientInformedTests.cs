using Bunit;
using MdtReview.Clinical.GuidelineCheck;
using MdtReview.Data;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Data.Seeding;
using MdtReview.Web.Features.Decisions;
using MdtReview.Web.Features.Decisions.Components;
using MdtReview.Web.Features.Decisions.Services;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace MdtReview.Web.Tests.Features.Decisions;

/// <summary>Recording when the patient was informed of a final decision: once, by an oncologist, within sensible times.</summary>
public sealed class PatientInformedServiceTests(DemoDecisions demo) : IClassFixture<DemoDecisions>
{
    private Task<DecisionResult> SaveAsync(DecisionDraft draft) =>
        demo.Host.WithScopeAsync(sp => ActivatorUtilities.CreateInstance<SaveDecisionDraft>(sp).SaveAsync(draft));

    private Task<DecisionResult> FinaliseAsync(DecisionDraft draft) => demo.Host.WithScopeAsync(sp =>
        ActivatorUtilities.CreateInstance<FinaliseDecision>(sp, ActivatorUtilities.CreateInstance<SaveDecisionDraft>(sp)).FinaliseAsync(draft));

    private Task<PatientInformedResult> RecordAsync(int decisionId, DateTime informedAtUtc) =>
        demo.Host.WithScopeAsync(sp => ActivatorUtilities.CreateInstance<RecordPatientInformed>(sp).RecordAsync(decisionId, informedAtUtc));

    /// <summary>A new out-of-meeting draft, signed in as the demo oncologist, for a patient who has no decision yet.</summary>
    private async Task<DecisionDraft> NewDraftAsync()
    {
        demo.SignInAs(Roles.Oncologist);
        var patientId = await demo.Db(db => db.Patients.Where(p => !db.Decisions.Any(d => d.PatientId == p.Id)).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync());
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return new DecisionDraft
        {
            PatientId = patientId,
            NextReviewDate = today.AddDays(28),
            InformPatientById = await demo.UserId(DemoUsers.All.First(u => u.Role == Roles.Oncologist).Email),
            InformPatientBy = today.AddDays(7),
        };
    }

    /// <summary>A new out-of-meeting decision, finalised now by the demo oncologist, for a patient who had none.</summary>
    private async Task<DecisionDraft> FinalDecisionAsync()
    {
        var draft = await NewDraftAsync();
        draft.Outcome = DecisionOutcome.Stop;
        draft.Rationale = "Stop immunotherapy at the patient's request; CT surveillance.";
        draft.DeviationReason = DeviationReason.PatientChoice;
        draft.DeviationText = "The patient asked to stop after a full discussion.";
        var final = await FinaliseAsync(draft);
        Assert.Equal(DecisionResultKind.Finalised, final.Kind);
        return final.Draft!;
    }

    private Task<DateTime?> StoredAsync(int id) => demo.Db(db => db.Decisions.Where(d => d.Id == id).Select(d => d.PatientInformedAt).SingleAsync());

    [Fact]
    public async Task An_oncologist_records_once_when_the_patient_was_informed_and_governance_reads_it()
    {
        var decision = await FinalDecisionAsync();
        var informedAt = DateTime.UtcNow;

        var recorded = await RecordAsync(decision.Id!.Value, informedAt);
        var again = await RecordAsync(decision.Id!.Value, informedAt.AddMinutes(-1));

        Assert.Equal(PatientInformedOutcome.Recorded, recorded.Outcome);
        Assert.Equal(PatientInformedOutcome.AlreadyRecorded, again.Outcome);
        Assert.Contains("already recorded", again.Message, StringComparison.Ordinal);
        Assert.Equal(informedAt, await StoredAsync(decision.Id!.Value));
        demo.SignInAs(Roles.GovernanceLead);
        Assert.Equal(informedAt, (await demo.View(decision.Id!.Value))!.PatientInformedAt);
    }

    [Fact]
    public async Task A_time_in_the_future_or_before_the_decision_was_finalised_is_refused_and_nothing_is_stored()
    {
        var decision = await FinalDecisionAsync();

        var future = await RecordAsync(decision.Id!.Value, DateTime.UtcNow.AddHours(1));
        var beforeFinalised = await RecordAsync(decision.Id!.Value, decision.FinalisedAt!.Value.AddHours(-2));

        Assert.Equal(PatientInformedOutcome.Invalid, future.Outcome);
        Assert.Contains("future", future.Message, StringComparison.Ordinal);
        Assert.Equal(PatientInformedOutcome.Invalid, beforeFinalised.Outcome);
        Assert.Contains("finalised on", beforeFinalised.Message, StringComparison.Ordinal);
        Assert.Null(await StoredAsync(decision.Id!.Value));
    }

    [Fact]
    public async Task A_governance_lead_may_not_record_it_and_a_draft_cannot_have_it()
    {
        var decision = await FinalDecisionAsync();
        var draftCopy = await NewDraftAsync();
        draftCopy.Outcome = DecisionOutcome.Continue;
        var draft = await SaveAsync(draftCopy);

        var onDraft = await RecordAsync(draft.Draft!.Id!.Value, DateTime.UtcNow);
        demo.SignInAs(Roles.GovernanceLead);
        var byGovernance = await RecordAsync(decision.Id!.Value, DateTime.UtcNow);

        Assert.Equal(PatientInformedOutcome.Invalid, onDraft.Outcome);
        Assert.Equal(PatientInformedOutcome.Forbidden, byGovernance.Outcome);
        Assert.Null(await StoredAsync(decision.Id!.Value));
        Assert.Null(await StoredAsync(draft.Draft!.Id!.Value));
    }
}

/// <summary>The "patient informed" panel of the decision page.</summary>
public sealed class PatientInformedComponentTests : ComponentTestBase
{
    private static readonly DateTime _finalisedAt = DateTime.UtcNow.AddHours(-3);

    public PatientInformedComponentTests()
    {
        // The panel's use case is resolvable; these tests stop before it would reach the database.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:MdtReview"] = $"Data Source={Path.Combine(Path.GetTempPath(), "mdtreview-bunit-unused.db")}",
        }).Build();
        Services.AddSingleton<IConfiguration>(configuration);
        Services.AddMdtReviewData(configuration);
        Services.AddScoped<CurrentUserService>();
        Services.AddDecisions();
    }

    private static DecisionView Final(DateTime? informedAt) => new()
    {
        Id = 42,
        Patient = new DecisionPatient(1, "Test", "Patient", new DateOnly(1960, 1, 1), "RH000001", "9990000018"),
        Outcome = DecisionOutcome.Pause,
        Rationale = "Hold.",
        Status = DecisionStatus.Final,
        VersionNumber = 1,
        CreatedAt = _finalisedAt.AddMinutes(-20),
        FinalisedAt = _finalisedAt,
        PatientInformedAt = informedAt,
        Versions = [],
    };

    [Fact]
    public void A_governance_lead_reads_the_recorded_time_and_has_no_way_to_record_it()
    {
        SignInAs("governance@test.local", Roles.GovernanceLead);

        var recorded = Render<PatientInformed>(p => p.Add(c => c.Decision, Final(new DateTime(2026, 11, 20, 10, 30, 0, DateTimeKind.Utc))));
        var missing = Render<PatientInformed>(p => p.Add(c => c.Decision, Final(null)));

        Assert.Equal("The patient was informed on 20 Nov 2026 10:30.", recorded.Find("[data-testid=patient-informed-at]").TextContent.Trim());
        Assert.Empty(recorded.FindAll("[data-testid=record-patient-informed]"));
        Assert.Equal("Not recorded yet.", missing.Find("[data-testid=patient-informed-missing]").TextContent.Trim());
        Assert.Empty(missing.FindAll("[data-testid=record-patient-informed]"));
    }

    [Fact]
    public void An_oncologist_gets_today_and_now_as_the_default_and_cannot_record_a_future_time()
    {
        SignInAs("oncologist@test.local", Roles.Oncologist);
        var cut = Render<PatientInformed>(p => p.Add(c => c.Decision, Final(null)));
        var date = cut.FindComponent<MudDatePicker>();
        var time = cut.FindComponent<MudTimePicker>();
        Assert.Equal(DateTime.Today.Date, date.Instance.Date!.Value.Date, TimeSpan.FromDays(1));
        Assert.NotNull(time.Instance.Time);

        cut.InvokeAsync(() => date.Instance.DateChanged.InvokeAsync(DateTime.Today.AddDays(2)));
        cut.Find("[data-testid=record-patient-informed]").Click();

        Assert.Contains("This time is in the future.", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void The_minute_the_decision_was_finalised_is_not_taken_for_a_time_before_it()
    {
        SignInAs("oncologist@test.local", Roles.Oncologist);
        var finalised = new DateTime(2026, 11, 20, 10, 30, 42, 517, DateTimeKind.Utc);
        var cut = Render<ContainerFragment>(p => p.AddChildContent(b =>
        {
            b.OpenComponent<MudDialogProvider>(0);
            b.CloseComponent();
            b.OpenComponent<PatientInformed>(1);
            b.AddAttribute(2, nameof(PatientInformed.Decision), Final(null) with { FinalisedAt = finalised });
            b.CloseComponent();
        }));
        cut.InvokeAsync(() => cut.FindComponent<MudDatePicker>().Instance.DateChanged.InvokeAsync(new DateTime(2026, 11, 20)));
        cut.InvokeAsync(() => cut.FindComponent<MudTimePicker>().Instance.TimeChanged.InvokeAsync(new TimeSpan(10, 30, 0)));

        cut.Find("[data-testid=record-patient-informed]").Click();

        Assert.DoesNotContain("cannot have been told of it before then", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Record that the patient was informed?", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void An_oncologist_cannot_record_a_time_before_the_decision_was_finalised()
    {
        SignInAs("oncologist@test.local", Roles.Oncologist);
        var cut = Render<PatientInformed>(p => p.Add(c => c.Decision, Final(null)));
        var date = cut.FindComponent<MudDatePicker>();

        cut.InvokeAsync(() => date.Instance.DateChanged.InvokeAsync(_finalisedAt.Date.AddDays(-3)));
        cut.Find("[data-testid=record-patient-informed]").Click();

        Assert.Contains("the patient cannot have been told of it before then", cut.Markup, StringComparison.Ordinal);
    }
}
