using MdtReview.Clinical.GuidelineCheck;
using MdtReview.Clinical.Irae;
using MdtReview.Clinical.Recist;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Patients.Services;
using Microsoft.Extensions.DependencyInjection;
using NonTargetStatus = MdtReview.Clinical.Recist.NonTargetStatus;

namespace MdtReview.Web.Tests.Features.Patients;

public sealed class PatientReviewQueriesTests : IAsyncLifetime
{
    private static readonly DateOnly _today = DateOnly.FromDateTime(DateTime.UtcNow);
    private ServiceTestHost _host = default!;
    private string _oncologist = "";

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceTestHost.StartAsync();
        _oncologist = await _host.CreateUserAsync("onc@test.local", Roles.Oncologist);
        _host.SignInAs(_oncologist);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private Task<T> Run<TUseCase, T>(Func<TUseCase, Task<T>> action) where TUseCase : notnull =>
        _host.WithScopeAsync(sp => action(ActivatorUtilities.CreateInstance<TUseCase>(sp)));

    private static Scan ScanOf(DateOnly date, bool baseline, decimal t1, decimal t2, bool? stable = null, Recist11Response? radiologist = null) => new()
    {
        ScanDate = date,
        IsBaseline = baseline,
        Modality = ScanModality.Ct,
        NonTargetStatus = NonTargetStatus.None,
        ClinicallyStable = stable,
        RadiologistRecist = radiologist,
        Lesions =
        [
            new LesionMeasurement { LesionKey = "T1", Organ = "Lung", Kind = LesionKind.Target, DiameterMm = t1 },
            new LesionMeasurement { LesionKey = "T2", Organ = "Liver", Kind = LesionKind.Target, DiameterMm = t2 },
        ],
    };

    private Task<int> PseudoProgressionPatientAsync(DateOnly iupdDate) => ReviewTestData.AddPatientAsync(_host, iupdDate.AddDays(-90), p =>
    {
        p.NhsNumber = "9434765919";
        p.Scans.Add(ScanOf(iupdDate.AddDays(-90), true, 30, 20));
        // 30% growth of the sum (50 → 65 mm) and clinically stable: RECIST PD, iRECIST iUPD. The radiologist called it SD.
        p.Scans.Add(ScanOf(iupdDate, false, 40, 25, stable: true, radiologist: Recist11Response.SD));
        p.TreatmentCourses[0].Infusions.Add(new Infusion { CycleNumber = 1, Date = iupdDate.AddDays(-90), Status = Data.Model.InfusionStatus.Given });
    });

    [Fact]
    public async Task An_iupd_reads_as_pseudo_progression_awaiting_confirmation_4_to_8_weeks_later()
    {
        var iupd = _today.AddDays(-7);
        var id = await PseudoProgressionPatientAsync(iupd);

        var scans = await Run((GetScans s) => s.HandleAsync(id));
        var header = await Run((GetPatientHeader s) => s.HandleAsync(id));

        var latest = scans!.Scans[^1];
        Assert.Equal(IrecistResponse.IUPD, latest.Response!.Irecist);
        Assert.Equal(Recist11Response.PD, latest.Response.Recist11);
        Assert.Equal(iupd.AddDays(28), latest.ConfirmationFrom);
        Assert.Equal(iupd.AddDays(56), latest.ConfirmationTo);
        Assert.True(latest.Disagrees);
        Assert.Equal(30m, latest.Response.ChangeFromBaselinePercent);
        Assert.NotNull(scans.TargetSumChart);
        Assert.Contains(header!.Alerts, a => a.Kind == "iupd" && a.Text.Contains("awaiting confirmation", StringComparison.Ordinal));
        Assert.Equal(Clinical.Schedules.ScanReason.IupdConfirmation, header.NextScan!.Reason);
        Assert.Equal("943 476 5919", header.NhsNumber);
    }

    [Fact]
    public async Task An_active_grade_3_irae_carries_the_guideline_action_for_its_current_grade()
    {
        var id = await ReviewTestData.AddPatientAsync(_host, _today.AddDays(-60), p => p.AdverseEvents.Add(new AdverseEvent
        {
            Category = IraeCategory.Hepatitis,
            CtcaeTerm = "Hepatitis",
            CurrentGrade = 3,
            OnsetDate = _today.AddDays(-10),
            Management = IraeManagement.Steroids,
            ManagementDetail = "prednisolone 1 mg/kg",
            GradeHistory = [new AdverseEventGrade { Grade = 2, EffectiveDate = _today.AddDays(-10) }, new AdverseEventGrade { Grade = 3, EffectiveDate = _today.AddDays(-5) }],
        }));

        var events = await Run((GetSideEffects s) => s.HandleAsync(id));
        var header = await Run((GetPatientHeader s) => s.HandleAsync(id));

        var hepatitis = Assert.Single(events!);
        Assert.Equal([2, 3], hepatitis.GradeHistory.Select(g => g.Grade));
        Assert.Equal(IraeGuidance.Recommend(IraeCategory.Hepatitis, 3).Action, hepatitis.Recommendation!.Action);
        Assert.Contains(header!.Alerts, a => a.Kind == "irae" && a.Level == AlertLevel.Error);
    }

    [Fact]
    public async Task Decisions_list_only_the_latest_version_of_each_chain()
    {
        var id = await ReviewTestData.AddPatientAsync(_host, _today.AddDays(-60));
        await _host.WithScopeAsync(async sp =>
        {
            await using var db = await sp.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Data.MdtReviewDbContext>>().CreateDbContextAsync();
            var first = new Decision { PatientId = id, Outcome = DecisionOutcome.Continue, Rationale = "v1", CreatedById = _oncologist, Status = DecisionStatus.Final, CreatedAt = DateTime.UtcNow.AddDays(-3) };
            db.Decisions.Add(first);
            await db.SaveChangesAsync();
            db.Decisions.Add(new Decision { PatientId = id, Outcome = DecisionOutcome.Pause, Rationale = "v2", CreatedById = _oncologist, Status = DecisionStatus.Final, VersionNumber = 2, SupersedesId = first.Id, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            return true;
        });

        var treatment = await Run((GetTreatment s) => s.HandleAsync(id));

        var decision = Assert.Single(treatment!.Decisions);
        Assert.Equal("v2", decision.Rationale);
        Assert.Equal(2, decision.VersionNumber);
    }

    [Theory]
    [InlineData(Roles.TrialInvestigator)]
    [InlineData(Roles.Administrator)]
    public async Task A_role_without_clinical_access_gets_not_found(string role)
    {
        var id = await ReviewTestData.AddPatientAsync(_host, _today.AddDays(-60));
        _host.SignInAs(await _host.CreateUserAsync($"{role}@test.local", role));

        Assert.Null(await Run((GetPatientHeader s) => s.HandleAsync(id)));
        Assert.Null(await Run((GetSideEffects s) => s.HandleAsync(id)));
        Assert.Null(await Run((GetScans s) => s.HandleAsync(id)));
        Assert.Null(await Run((GetTreatment s) => s.HandleAsync(id)));
    }

    [Fact]
    public async Task An_unknown_patient_gets_not_found()
    {
        Assert.Null(await Run((GetPatientHeader s) => s.HandleAsync(424_242)));
    }
}
