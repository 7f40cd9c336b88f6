using MdtReview.Clinical.GuidelineCheck;
using MdtReview.Clinical.Irae;
using MdtReview.Data;
using MdtReview.Data.Evidence;
using MdtReview.Data.Model;
using MdtReview.Testing;
using MdtReview.Web.Features.Meetings.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MdtReview.Web.Tests.Features.Meetings;

/// <summary>Builds meetings, patients and their evidence directly in the test database, with a clock stopped at <see cref="Now"/>.</summary>
internal sealed class MeetingTestData(ServiceTestHost host)
{
    /// <summary>Monday 15 June 2026, 09:00 UTC (10:00 in London).</summary>
    public static readonly DateTime Now = new(2026, 6, 15, 9, 0, 0, DateTimeKind.Utc);

    public static readonly DateOnly Today = DateOnly.FromDateTime(Now);

    private int _serial;

    public static MeetingClock Clock { get; } = new(Options.Create(new MeetingsOptions()), new FixedTimeProvider(new DateTimeOffset(Now)));

    /// <summary>Runs a use case built as the app builds it, with the stopped clock and the given quorum where it takes them.</summary>
    public Task<T> Run<TUseCase, T>(Func<TUseCase, Task<T>> action, QuorumOptions? quorum = null) where TUseCase : class =>
        host.WithScopeAsync(sp =>
        {
            object[] extras = [Clock, Options.Create(quorum ?? new QuorumOptions())];
            var wanted = typeof(TUseCase).GetConstructors().Single().GetParameters().Select(p => p.ParameterType).ToList();
            return action(ActivatorUtilities.CreateInstance<TUseCase>(sp, extras.Where(e => wanted.Any(t => t.IsInstanceOfType(e))).ToArray()));
        });

    public Task<T> Suggestions<T>(Func<SuggestionService, Task<T>> action) =>
        host.WithScopeAsync(sp => action(ActivatorUtilities.CreateInstance<SuggestionService>(sp, Clock, (IPatientAlertSource)new PatientAlertStateSource())));

    public Task<T> Outcomes<T>(Func<OutcomeListService, Task<T>> action) =>
        host.WithScopeAsync(sp => action(ActivatorUtilities.CreateInstance<OutcomeListService>(sp)));

    /// <summary>Recomputes every patient's alert state as of <see cref="Today"/>, as the app's writes do.</summary>
    public Task RefreshAlertsAsync() => DbAsync(async db =>
    {
        await PatientAlerts.RefreshAsync(db, await db.Patients.Select(p => p.Id).ToListAsync(), Today, CancellationToken.None);
        return true;
    });

    public Task<T> DbAsync<T>(Func<MdtReviewDbContext, Task<T>> action) => host.WithScopeAsync(async sp =>
    {
        await using var db = await sp.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync();
        return await action(db);
    });

    public Task<int> MeetingAsync(DateTime startsAt, string group = "Lung", MeetingStatus status = MeetingStatus.Planned, string? chairId = null,
        int oncologists = 2, int radiologists = 1, int others = 0) => DbAsync(async db =>
    {
        var meeting = new Meeting
        {
            StartsAt = startsAt, TumourGroup = group, Status = status, ChairId = chairId,
            QuorumOncologists = oncologists, QuorumRadiologists = radiologists, QuorumOtherSpecialties = others,
        };
        db.Meetings.Add(meeting);
        await db.SaveChangesAsync();
        return meeting.Id;
    });

    /// <summary>A patient with one treatment course started on <paramref name="courseStart"/>.</summary>
    public Task<int> PatientAsync(string familyName, TumourSite site = TumourSite.Lung, TreatmentStatus course = TreatmentStatus.Active, DateOnly? courseStart = null) => DbAsync(async db =>
    {
        var n = Interlocked.Increment(ref _serial);
        var patient = new Patient
        {
            Mrn = $"TST{n:D5}", FamilyName = familyName, GivenName = "Test", DateOfBirth = new DateOnly(1960, 1, 1), TumourSite = site,
            Histology = "Adenocarcinoma", Stage = "IV", DiagnosisDate = new DateOnly(2025, 11, 1), CreatedAt = Now,
        };
        patient.TreatmentCourses.Add(new TreatmentCourse
        {
            Regimen = "Pembrolizumab 200 mg q3w", Drugs = "pembrolizumab", IntervalDays = 21, Intent = TreatmentIntent.Palliative, LineOfTherapy = 1,
            StartDate = courseStart ?? new DateOnly(2026, 1, 5), Status = course,
        });
        db.Patients.Add(patient);
        await db.SaveChangesAsync();
        return patient.Id;
    });

    /// <summary>Puts the patient on a meeting's agenda with the given status.</summary>
    public Task<int> CaseAsync(int meetingId, int patientId, MeetingCaseStatus status = MeetingCaseStatus.Listed, string question = "Continue?", int? deferredFrom = null) => DbAsync(async db =>
    {
        var position = await db.MeetingCases.Where(c => c.MeetingId == meetingId).Select(c => (int?)c.Position).MaxAsync() ?? 0;
        var meetingCase = new MeetingCase { MeetingId = meetingId, PatientId = patientId, Position = position + 1, Question = question, Status = status, DeferredFromCaseId = deferredFrom };
        db.MeetingCases.Add(meetingCase);
        await db.SaveChangesAsync();
        return meetingCase.Id;
    });

    public Task ScanAsync(int patientId, DateOnly date, bool baseline = false, decimal? targetMm = null) => DbAsync(async db =>
    {
        var scan = new Scan { PatientId = patientId, ScanDate = date, IsBaseline = baseline, Modality = ScanModality.Ct, RecordedAt = Now, NonTargetStatus = Clinical.Recist.NonTargetStatus.None };
        if (targetMm is { } mm)
        {
            scan.Lesions.Add(new LesionMeasurement { LesionKey = "T1", Organ = "Liver", Kind = LesionKind.Target, DiameterMm = mm });
        }

        db.Scans.Add(scan);
        await db.SaveChangesAsync();
        return true;
    });

    public Task IraeAsync(int patientId, int grade, DateOnly onset, DateOnly? resolved = null, string term = "Colitis") => DbAsync(async db =>
    {
        db.AdverseEvents.Add(new AdverseEvent
        {
            PatientId = patientId, Category = IraeCategory.Colitis, CtcaeTerm = term, CurrentGrade = grade, OnsetDate = onset, ResolvedDate = resolved,
            Attribution = Attribution.Probable, Management = IraeManagement.None,
        });
        await db.SaveChangesAsync();
        return true;
    });

    public Task LabAsync(int patientId, string code, decimal value, string unit, decimal? uln, DateTime collectedAt) => DbAsync(async db =>
    {
        db.LabResults.Add(new LabResult { PatientId = patientId, TestCode = code, Value = value, Unit = unit, Uln = uln, Lln = 0, CollectedAt = collectedAt, RecordedAt = collectedAt });
        await db.SaveChangesAsync();
        return true;
    });

    public Task ReferralChangeAsync(int patientId, string byUserId, ReferralStatus from, ReferralStatus to, DateTime at) => DbAsync(async db =>
    {
        var trial = await db.Trials.FirstOrDefaultAsync() ?? new Trial
        {
            Title = "ELEVATE-2: a randomised phase 3 trial", RegistryId = "NCT09999999", Phase = "Phase 3", TumourSites = "Lung",
            Status = TrialStatus.Recruiting, EligibilitySummary = "Progression on anti-PD-1.",
        };
        var referral = new TrialReferral { Trial = trial, PatientId = patientId, Question = "Eligible?", Status = to, ReferredById = byUserId, ReferredAt = at.AddDays(-10) };
        referral.Transitions.Add(new TrialReferralTransition { FromStatus = from, ToStatus = to, At = at, ById = byUserId });
        db.TrialReferrals.Add(referral);
        await db.SaveChangesAsync();
        return true;
    });

    public Task<int> DecisionAsync(int patientId, int? caseId, string byUserId, DecisionOutcome outcome, DecisionStatus status = DecisionStatus.Final,
        int? supersedes = null, int version = 1, string rationale = "Rationale") => DbAsync(async db =>
    {
        var decision = new Decision
        {
            PatientId = patientId, MeetingCaseId = caseId, Outcome = outcome, Rationale = rationale, Status = status, SupersedesId = supersedes, VersionNumber = version,
            CreatedById = byUserId, CreatedAt = Now, UpdatedAt = Now, FinalisedById = status == DecisionStatus.Final ? byUserId : null,
            FinalisedAt = status == DecisionStatus.Final ? Now : null, NextReviewDate = Today.AddDays(28), InformPatientById = byUserId, InformPatientBy = Today.AddDays(2),
        };
        db.Decisions.Add(decision);
        await db.SaveChangesAsync();
        return decision.Id;
    });
}
