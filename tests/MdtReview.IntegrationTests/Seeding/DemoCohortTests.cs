using MdtReview.Clinical.GuidelineCheck;
using MdtReview.Clinical.Irae;
using MdtReview.Clinical.Recist;
using MdtReview.Data;
using MdtReview.Data.Identity;
using MdtReview.Data.Evidence;
using MdtReview.Data.Model;
using MdtReview.Data.Seeding;
using MdtReview.Testing;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.IntegrationTests.Seeding;

/// <summary>The demo cohort as the app seeds it: enough patients, valid identifiers, real schedules, coherent evidence.</summary>
public sealed class DemoCohortTests(DemoCohortFixture fixture) : IClassFixture<DemoCohortFixture>
{
    private static readonly string[] _labCodes =
        ["ALT", "AST", "ALP", "BILI", "CREAT", "CK", "LIPASE", "AMYLASE", "NEUT", "PLT", "HGB", "WBC", "LYMPH", "NA", "K", "GLUCOSE", "TSH", "FT4"];

    [Fact]
    public async Task The_demo_seed_reports_what_it_wrote()
    {
        Assert.True(fixture.FirstSeed.Seeded);
        await using var db = await fixture.ContextAsync();
        var patients = await db.Patients.CountAsync(TestContext.Current.CancellationToken);
        Assert.Contains($"{patients} patients", fixture.FirstSeed.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_cohort_has_at_least_40_patients_across_lung_melanoma_renal_and_bladder_cancer()
    {
        await using var db = await fixture.ContextAsync();
        var bySite = await db.Patients.GroupBy(p => p.TumourSite).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, TestContext.Current.CancellationToken);
        Assert.True(bySite.Values.Sum() >= 40, $"{bySite.Values.Sum()} patients");
        foreach (var site in new[] { TumourSite.Lung, TumourSite.Melanoma, TumourSite.Renal, TumourSite.Bladder })
        {
            Assert.True(bySite.GetValueOrDefault(site) >= 8, $"{site}: {bySite.GetValueOrDefault(site)}");
        }
    }

    [Fact]
    public async Task Every_demo_patient_has_a_valid_unique_NHS_number_from_the_test_range()
    {
        await using var db = await fixture.ContextAsync();
        var numbers = await db.Patients.Select(p => p.NhsNumber).ToListAsync(TestContext.Current.CancellationToken);
        Assert.All(numbers, n => Assert.True(NhsNumber.IsValid(n), $"{n} is not a valid NHS number"));
        Assert.All(numbers, n => Assert.StartsWith("999", n, StringComparison.Ordinal));
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
    }

    [Fact]
    public async Task Given_infusions_are_one_regimen_interval_apart_unless_a_deferral_came_between()
    {
        await using var db = await fixture.ContextAsync();
        var courses = await db.TreatmentCourses.Include(c => c.Infusions).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Contains(courses, c => c.IntervalDays == 14);
        Assert.Contains(courses, c => c.IntervalDays == 21);
        Assert.Contains(courses, c => c.IntervalDays == 28);
        Assert.Contains(courses, c => c.IntervalDays == 42);
        var deferrals = 0;
        foreach (var course in courses)
        {
            var infusions = course.Infusions.OrderBy(i => i.Date).ThenBy(i => i.Status).ToList();
            var given = infusions.Where(i => i.Status == InfusionStatus.Given).ToList();
            Assert.Equal(Enumerable.Range(1, given.Count), given.Select(i => i.CycleNumber));
            for (var i = 1; i < given.Count; i++)
            {
                var gap = given[i].Date.DayNumber - given[i - 1].Date.DayNumber;
                var deferred = infusions.Any(d => d.Status == InfusionStatus.Deferred && d.Date > given[i - 1].Date && d.Date <= given[i].Date);
                if (deferred)
                {
                    Assert.True(gap > course.IntervalDays && gap % 7 == 0, $"{course.Regimen}: {gap} days after a deferral");
                }
                else
                {
                    Assert.True(gap == course.IntervalDays, $"{course.Regimen}: cycles {given[i - 1].CycleNumber}→{given[i].CycleNumber} {gap} days apart");
                }
            }

            foreach (var d in infusions.Where(i => i.Status == InfusionStatus.Deferred))
            {
                Assert.False(string.IsNullOrWhiteSpace(d.DeferralReason));
                deferrals++;
            }
        }

        Assert.True(deferrals >= 5, $"{deferrals} deferrals");
    }

    [Fact]
    public async Task Ipilimumab_induction_is_four_cycles_at_most_and_nivolumab_maintenance_follows()
    {
        await using var db = await fixture.ContextAsync();
        var patients = await db.Patients.Include(p => p.TreatmentCourses).ThenInclude(c => c.Infusions)
            .Where(p => p.TreatmentCourses.Any(c => c.Drugs.Contains("ipilimumab")))
            .ToListAsync(TestContext.Current.CancellationToken);
        Assert.NotEmpty(patients);
        foreach (var patient in patients)
        {
            var induction = patient.TreatmentCourses.Single(c => c.Drugs.Contains("ipilimumab", StringComparison.Ordinal));
            Assert.InRange(induction.Infusions.Count(i => i.Status == InfusionStatus.Given), 1, 4);
            Assert.Equal(21, induction.IntervalDays);
            var maintenance = patient.TreatmentCourses.Where(c => c.StartDate > induction.StartDate).ToList();
            Assert.All(maintenance, m => Assert.Equal("nivolumab", m.Drugs));
        }
    }

    [Fact]
    public async Task Lab_results_use_the_catalogue_codes_with_units_ranges_and_LOINC()
    {
        await using var db = await fixture.ContextAsync();
        var labs = await db.LabResults.ToListAsync(TestContext.Current.CancellationToken);
        Assert.True(labs.Count > 5000, $"{labs.Count} lab results");
        Assert.All(labs, l =>
        {
            Assert.Contains(l.TestCode, _labCodes);
            Assert.False(string.IsNullOrEmpty(l.Loinc));
            Assert.False(string.IsNullOrEmpty(l.Unit));
            Assert.NotNull(l.Uln);
            Assert.True(l.Value > 0);
            Assert.Equal(DateTimeKind.Utc, l.CollectedAt.Kind);
        });
        Assert.Equal(_labCodes.Order(), labs.Select(l => l.TestCode).Distinct().Order());
        var haemoglobin = labs.First(l => l.TestCode == "HGB");
        Assert.Equal("g/L", haemoglobin.Unit);
        Assert.Equal("718-7", haemoglobin.Loinc);
    }

    [Fact]
    public async Task Lab_derangements_follow_the_irAEs()
    {
        await using var db = await fixture.ContextAsync();
        var ct = TestContext.Current.CancellationToken;

        // Grade 3 hepatitis: ALT above 5×ULN from onset.
        var hepatitis = await db.AdverseEvents.Where(a => a.Category == Clinical.Irae.IraeCategory.Hepatitis && a.GradeHistory.Any(g => g.Grade == 3)).ToListAsync(ct);
        Assert.NotEmpty(hepatitis);
        foreach (var ae in hepatitis)
        {
            var onset = ae.OnsetDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            var alt = await db.LabResults.Where(l => l.PatientId == ae.PatientId && l.TestCode == "ALT" && l.CollectedAt >= onset).OrderBy(l => l.CollectedAt).FirstAsync(ct);
            Assert.True(alt.Value > 5 * alt.Uln, $"ALT {alt.Value} at grade {ae.GradeHistory.Count} hepatitis onset");
        }

        // Hypothyroidism after a thyroiditis: a suppressed TSH first, a raised one later.
        var hypothyroid = await db.AdverseEvents.Where(a => a.Category == Clinical.Irae.IraeCategory.Hypothyroidism).Select(a => a.PatientId).ToListAsync(ct);
        var afterHyper = await db.AdverseEvents.Where(a => a.Category == Clinical.Irae.IraeCategory.Hyperthyroidism && hypothyroid.Contains(a.PatientId)).Select(a => a.PatientId).ToListAsync(ct);
        Assert.NotEmpty(afterHyper);
        foreach (var patientId in afterHyper)
        {
            var tsh = await db.LabResults.Where(l => l.PatientId == patientId && l.TestCode == "TSH").OrderBy(l => l.CollectedAt).ToListAsync(ct);
            var low = tsh.FindIndex(l => l.Value < l.Lln);
            Assert.True(low >= 0, "no suppressed TSH");
            Assert.Contains(tsh.Skip(low), l => l.Value > 10);
        }

        // Nephritis: creatinine above 1.5× the patient's own baseline.
        var nephritis = await db.AdverseEvents.Where(a => a.Category == Clinical.Irae.IraeCategory.Nephritis).Select(a => a.PatientId).ToListAsync(ct);
        Assert.NotEmpty(nephritis);
        foreach (var patientId in nephritis)
        {
            var creatinine = await db.LabResults.Where(l => l.PatientId == patientId && l.TestCode == "CREAT").OrderBy(l => l.CollectedAt).Select(l => l.Value).ToListAsync(ct);
            Assert.True(creatinine.Max() > 1.5m * creatinine[0], $"creatinine peak {creatinine.Max()} from {creatinine[0]}");
        }
    }

    [Fact]
    public async Task IrAEs_span_grades_1_to_4_with_onset_management_and_resolution()
    {
        await using var db = await fixture.ContextAsync();
        var events = await db.AdverseEvents.Include(a => a.GradeHistory).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal([1, 2, 3, 4], events.SelectMany(e => e.GradeHistory).Select(g => g.Grade).Distinct().Order());
        Assert.All(events, e =>
        {
            Assert.NotEmpty(e.GradeHistory);
            Assert.Equal(e.GradeHistory.OrderBy(g => g.EffectiveDate).Last().Grade, e.CurrentGrade);
            Assert.Equal(e.OnsetDate, e.GradeHistory.Min(g => g.EffectiveDate));
            Assert.False(string.IsNullOrWhiteSpace(e.ManagementDetail));
        });
        Assert.Contains(events, e => e.Management == IraeManagement.Steroids);
        Assert.Contains(events, e => e.Management == IraeManagement.HormoneReplacement);
        Assert.Contains(events, e => e.ResolvedDate is not null);
        Assert.Contains(events, e => e.ResolvedDate is null);
    }

    [Fact]
    public async Task Scan_series_have_valid_baselines_and_the_rules_find_CR_PR_SD_PD_pseudo_progression_and_confirmed_progression()
    {
        await using var db = await fixture.ContextAsync();
        var patients = await db.Patients.Include(p => p.Scans).ThenInclude(s => s.Lesions).AsSplitQuery().ToListAsync(TestContext.Current.CancellationToken);
        var recist = new HashSet<Recist11Response>();
        var pseudoProgressions = 0;
        var confirmedProgressions = 0;
        foreach (var patient in patients)
        {
            var series = RecistSeries.From(patient.Scans);
            if (series is null)
            {
                continue;
            }

            Assert.Empty(RecistEvaluator.ValidateBaseline(series));
            var evaluation = RecistEvaluator.Evaluate(series);
            Assert.True(evaluation.IsValid, string.Join("; ", evaluation.Errors));
            var timepoints = evaluation.Timepoints;
            recist.UnionWith(timepoints.Select(t => t.Recist11));

            // Scan gaps: about 12 weeks, or 4–8 weeks for a confirmation scan.
            var dates = patient.Scans.OrderBy(s => s.ScanDate).Select(s => s.ScanDate.DayNumber).ToList();
            Assert.All(dates.Zip(dates.Skip(1), (a, b) => b - a), gap => Assert.InRange(gap, 28, 92));

            for (var i = 0; i + 1 < timepoints.Count; i++)
            {
                if (timepoints[i].Irecist != IrecistResponse.IUPD)
                {
                    continue;
                }

                var next = timepoints[i + 1];
                Assert.InRange(next.Day - timepoints[i].Day, 28, 56);
                pseudoProgressions += next.Irecist is IrecistResponse.IPR or IrecistResponse.ICR ? 1 : 0;
                confirmedProgressions += next.Irecist == IrecistResponse.ICPD ? 1 : 0;
            }

            // The radiologist's stated responses agree with the rules wherever one was stated.
            var followUps = patient.Scans.Where(s => !s.IsBaseline).OrderBy(s => s.ScanDate).ToList();
            for (var i = 0; i < followUps.Count; i++)
            {
                if (followUps[i].RadiologistRecist is { } stated)
                {
                    Assert.Equal(stated, timepoints[i].Recist11);
                }

                if (followUps[i].RadiologistIrecist is { } statedI)
                {
                    Assert.Equal(statedI, timepoints[i].Irecist);
                }
            }
        }

        Assert.Superset(new HashSet<Recist11Response> { Recist11Response.CR, Recist11Response.PR, Recist11Response.SD, Recist11Response.PD }, recist);
        Assert.True(pseudoProgressions >= 2, $"{pseudoProgressions} pseudo-progressions");
        Assert.True(confirmedProgressions >= 1, $"{confirmedProgressions} confirmed progressions");
    }

    [Fact]
    public async Task Each_demo_PI_leads_their_trials_two_for_pi_and_one_for_pi2()
    {
        await using var db = await fixture.ContextAsync();
        var ct = TestContext.Current.CancellationToken;
        async Task<List<Trial>> LedBy(string email)
        {
            var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(ct);
            var trialIds = db.TrialTeamMembers.Where(m => m.UserId == userId && m.Role == TrialTeamRole.PrincipalInvestigator).Select(m => m.TrialId);
            return await db.Trials.Include(t => t.Criteria).Where(t => trialIds.Contains(t.Id)).ToListAsync(ct);
        }

        var pi = await LedBy("pi@demo.mdtreview.local");
        var pi2 = await LedBy("pi2@demo.mdtreview.local");
        Assert.Equal(2, pi.Count);
        Assert.Single(pi2);
        Assert.Equal(3, await db.Trials.CountAsync(ct));
        Assert.All(pi.Concat(pi2), t =>
        {
            Assert.Matches("^NCT[0-9]{8}$", t.RegistryId);
            Assert.Contains(t.Criteria, c => c.IsExclusion);
            Assert.Contains(t.Criteria, c => !c.IsExclusion);
        });
    }

    [Fact]
    public async Task Referrals_are_in_several_states_each_reached_by_its_transitions_and_born_from_a_refer_to_trial_decision()
    {
        await using var db = await fixture.ContextAsync();
        var ct = TestContext.Current.CancellationToken;
        var referrals = await db.TrialReferrals.Include(r => r.Transitions).ToListAsync(ct);
        var decisions = await db.Decisions.ToDictionaryAsync(d => d.Id, ct);
        Assert.Superset(
            new HashSet<ReferralStatus> { ReferralStatus.Referred, ReferralStatus.Screening, ReferralStatus.Eligible, ReferralStatus.Enrolled, ReferralStatus.Ineligible, ReferralStatus.Declined },
            referrals.Select(r => r.Status).ToHashSet());
        foreach (var referral in referrals)
        {
            var decision = decisions[Assert.NotNull(referral.DecisionId)];
            Assert.Equal(DecisionOutcome.ReferToTrial, decision.Outcome);
            Assert.Equal(referral.TrialId, decision.TrialId);
            Assert.Equal(referral.PatientId, decision.PatientId);

            var state = ReferralStatus.Referred;
            foreach (var t in referral.Transitions.OrderBy(t => t.At))
            {
                Assert.Equal(state, t.FromStatus);
                Assert.True(t.At >= referral.ReferredAt);
                state = t.ToStatus;
                if (state is ReferralStatus.Ineligible or ReferralStatus.Declined or ReferralStatus.Withdrawn)
                {
                    Assert.False(string.IsNullOrWhiteSpace(t.Reason));
                }
            }

            Assert.Equal(referral.Status, state);
        }

        Assert.All(decisions.Values.Where(d => d.Outcome == DecisionOutcome.ReferToTrial), d => Assert.Contains(referrals, r => r.DecisionId == d.Id));
    }

    [Fact]
    public async Task Two_closed_meetings_hold_final_decisions_of_all_six_outcomes_and_the_planned_meeting_has_an_agenda()
    {
        await using var db = await fixture.ContextAsync();
        var ct = TestContext.Current.CancellationToken;
        var meetings = await db.Meetings.Include(m => m.Cases).Include(m => m.Attendees).OrderBy(m => m.StartsAt).ToListAsync(ct);
        Assert.Equal(3, meetings.Count);
        var closed = meetings.Where(m => m.Status == MeetingStatus.Closed).ToList();
        var planned = Assert.Single(meetings, m => m.Status == MeetingStatus.Planned);
        Assert.Equal(2, closed.Count);
        Assert.True(planned.StartsAt > DateTime.UtcNow.AddDays(-1));
        Assert.All(closed, m => Assert.True(m.StartsAt < DateTime.UtcNow));

        var caseIds = closed.SelectMany(m => m.Cases).Select(c => c.Id).ToList();
        var decisions = await db.Decisions.Where(d => d.MeetingCaseId != null && caseIds.Contains(d.MeetingCaseId.Value)).ToListAsync(ct);
        Assert.Equal(Enum.GetValues<DecisionOutcome>().Order(), decisions.Select(d => d.Outcome).Distinct().Order());
        Assert.All(decisions, d =>
        {
            Assert.Equal(DecisionStatus.Final, d.Status);
            Assert.False(string.IsNullOrWhiteSpace(d.Rationale));
            Assert.NotNull(d.NextReviewDate);
            Assert.NotNull(d.FinalisedById);
            using var snapshot = System.Text.Json.JsonDocument.Parse(d.EvidenceSnapshotJson!);
            Assert.True(snapshot.RootElement.GetProperty("labs").GetArrayLength() > 0);
        });
        Assert.All(decisions.Where(d => d.Outcome == DecisionOutcome.Pause), d => Assert.False(string.IsNullOrWhiteSpace(d.Conditions)));

        // Quorum: two medical oncologists and a radiologist at each closed meeting.
        Assert.All(closed, m =>
        {
            Assert.True(m.Attendees.Count(a => a.Specialty == "Medical oncologist") >= m.QuorumOncologists);
            Assert.True(m.Attendees.Count(a => a.Specialty == "Radiologist") >= m.QuorumRadiologists);
        });

        Assert.True(planned.Cases.Count >= 5);
        Assert.All(planned.Cases, c =>
        {
            Assert.Equal(MeetingCaseStatus.Listed, c.Status);
            Assert.False(string.IsNullOrWhiteSpace(c.Question));
        });
        Assert.Equal(Enumerable.Range(1, planned.Cases.Count), planned.Cases.Select(c => c.Position).Order());
        Assert.Contains(closed[1].Cases, c => c.DeferredFromCaseId is not null);
    }

    [Fact]
    public async Task The_planned_meeting_lists_a_case_with_an_active_grade_3_irae_where_continuing_overrides_a_must_finding()
    {
        await using var db = await fixture.ContextAsync();
        var ct = TestContext.Current.CancellationToken;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var planned = await db.Meetings.Include(m => m.Cases).SingleAsync(m => m.Status == MeetingStatus.Planned, ct);
        var grade3 = new List<CaseEvidence>();
        foreach (var meetingCase in planned.Cases)
        {
            var evidence = await CaseEvidenceLoader.LoadAsync(db, meetingCase.PatientId, today, ct);
            if (evidence!.Iraes.Any(i => i.Grade == 3 && i.Onset >= today.AddDays(-14)))
            {
                grade3.Add(evidence);
            }
        }

        var colitis = Assert.Single(grade3);
        var irae = colitis.Iraes.Single(i => i.Grade == 3);
        Assert.Equal(IraeCategory.Colitis, irae.Category);
        Assert.NotEqual(IraeManagement.None, irae.Management);
        Assert.Contains(colitis.Check(DecisionOutcome.Continue), f => f.Severity == FindingSeverity.Must);
    }

    [Fact]
    public async Task Users_referenced_by_the_cohort_are_demo_users()
    {
        await using var db = await fixture.ContextAsync();
        var ct = TestContext.Current.CancellationToken;
        var userIds = (await db.Users.Select(u => u.Id).ToListAsync(ct)).ToHashSet();
        var referenced = (await db.Decisions.Select(d => d.CreatedById).ToListAsync(ct))
            .Concat(await db.Decisions.Select(d => d.FinalisedById!).ToListAsync(ct))
            .Concat(await db.Meetings.Select(m => m.ChairId!).ToListAsync(ct))
            .Concat(await db.TrialReferrals.Select(r => r.ReferredById).ToListAsync(ct))
            .Concat(await db.TrialReferralTransitions.Select(t => t.ById).ToListAsync(ct))
            .Concat(await db.Infusions.Where(i => i.RecordedById != null).Select(i => i.RecordedById!).ToListAsync(ct));
        Assert.All(referenced, id => Assert.Contains(id, userIds));
    }

    [Fact]
    public async Task Seeding_again_seeds_nothing_and_changes_no_counts()
    {
        await using var db = await fixture.ContextAsync();
        var ct = TestContext.Current.CancellationToken;
        async Task<(int, int, int, int)> Counts() => (await db.Patients.CountAsync(ct), await db.LabResults.CountAsync(ct), await db.Decisions.CountAsync(ct), await db.Users.CountAsync(ct));
        var before = await Counts();

        var again = await fixture.Database.WithScopeAsync<DemoSeeder, SeedResult>(s => s.SeedAsync(ct));

        Assert.False(again.Seeded);
        Assert.Equal(before, await Counts());
    }
}
