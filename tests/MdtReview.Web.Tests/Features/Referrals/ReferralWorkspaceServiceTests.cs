using System.Globalization;
using System.Text;
using System.Text.Json;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Referrals.Services;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Tests.Features.Referrals;

public sealed class ReferralWorkspaceServiceTests(ReferralWorld world) : IClassFixture<ReferralWorld>
{
    // ---- list ----

    [Fact]
    public async Task Each_pi_lists_the_referrals_to_their_own_trials_and_none_of_the_other_pis()
    {
        var piTrials = new[] { await world.TrialIdAsync(ReferralWorld.Prosper), await world.TrialIdAsync(ReferralWorld.Horizon) };
        var pi2Trials = new[] { await world.TrialIdAsync(ReferralWorld.Elevate) };

        foreach (var (email, own) in new[] { (ReferralWorld.Pi, piTrials), (ReferralWorld.Pi2, pi2Trials) })
        {
            await world.SignInAsync(email);
            var list = await world.Service(s => s.ListAsync(new ReferralListFilter(OpenOnly: false)));
            var expected = await world.Db(db => db.TrialReferrals.Where(r => own.Contains(r.TrialId)).Select(r => r.Id).OrderBy(id => id).ToListAsync());

            Assert.True(list.Allowed);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, list.Rows.Select(r => r.Id).Order());
            Assert.Equal(own.Order(), list.Trials.Select(t => t.Id).Order());
            Assert.All(list.Trials, t => Assert.True(t.OnTeam));
        }
    }

    [Fact]
    public async Task The_list_shows_initials_age_and_sex_never_the_patients_name_or_numbers()
    {
        var mine = await world.NewReferralAsync(ReferralWorld.Horizon);
        await world.SignInAsync(ReferralWorld.Pi);

        var list = await world.Service(s => s.ListAsync(new ReferralListFilter()));

        var row = Assert.Single(list.Rows, r => r.Id == mine.Id);
        Assert.Equal("QZ", row.PatientInitials);
        Assert.Equal(AgeToday(new DateOnly(1960, 1, 1)), row.AgeYears);
        Assert.True(row.IsNew);
        var json = JsonSerializer.Serialize(list);
        Assert.DoesNotContain(mine.FamilyName, json, StringComparison.Ordinal);
        Assert.DoesNotContain(mine.Mrn, json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task New_referrals_come_first_and_the_open_filter_hides_ended_ones_and_the_trial_filter_narrows()
    {
        var horizon = await world.TrialIdAsync(ReferralWorld.Horizon);
        await world.SignInAsync(ReferralWorld.Pi);

        var open = await world.Service(s => s.ListAsync(new ReferralListFilter(OpenOnly: true)));
        var all = await world.Service(s => s.ListAsync(new ReferralListFilter(OpenOnly: false)));
        var horizonOnly = await world.Service(s => s.ListAsync(new ReferralListFilter(horizon, OpenOnly: false)));

        Assert.All(open.Rows, r => Assert.True(ReferralWorkflow.IsOpen(r.Status)));
        Assert.Contains(all.Rows, r => r.Status == ReferralStatus.Ineligible);
        Assert.All(horizonOnly.Rows, r => Assert.Equal(horizon, r.TrialId));
        Assert.Equal(all.Rows.OrderByDescending(r => r.IsNew).Select(r => r.IsNew), all.Rows.Select(r => r.IsNew));
    }

    [Fact]
    public async Task An_oncologist_lists_only_the_referrals_they_made_and_cannot_screen_them()
    {
        var theirs = await world.NewReferralAsync(ReferralWorld.Elevate, ReferralWorld.Oncologist2);
        await world.SignInAsync(ReferralWorld.Oncologist2);
        var me = await world.UserIdAsync(ReferralWorld.Oncologist2);

        var list = await world.Service(s => s.ListAsync(new ReferralListFilter(OpenOnly: false)));
        var expected = await world.Db(db => db.TrialReferrals.Where(r => r.ReferredById == me).Select(r => r.Id).OrderBy(id => id).ToListAsync());
        var detail = await world.Service(s => s.GetAsync(theirs.Id));
        var version = await world.VersionAsync(theirs.Id);
        var move = await world.Service(s => s.TransitionAsync(theirs.Id, new ReferralTransitionRequest(ReferralStatus.Screening), version));

        Assert.Equal(expected, list.Rows.Select(r => r.Id).Order());
        Assert.All(list.Trials, t => Assert.False(t.OnTeam));
        Assert.NotNull(detail);
        Assert.False(detail.CanScreen);
        Assert.Empty(detail.NextStatuses);
        Assert.Equal(ReferralCommandOutcome.Forbidden, move.Outcome);
        Assert.Equal((ReferralStatus.Referred, version, 0), await world.StateAsync(theirs.Id));
        Assert.Equal(0, await world.Service(s => s.CountNewAsync()));
        Assert.Null(await world.Service(s => s.ExportScreeningLogAsync(theirs.TrialId)));
    }

    [Fact]
    public async Task An_oncologist_does_not_see_a_referral_another_oncologist_made()
    {
        var other = await world.NewReferralAsync(ReferralWorld.Prosper, ReferralWorld.Oncologist2);
        await world.SignInAsync(ReferralWorld.Oncologist);

        Assert.Null(await world.Service(s => s.GetAsync(other.Id)));
        Assert.DoesNotContain((await world.Service(s => s.ListAsync(new ReferralListFilter(OpenOnly: false)))).Rows, r => r.Id == other.Id);
    }

    [Theory]
    [InlineData(ReferralWorld.Governance)]
    [InlineData(ReferralWorld.Admin)]
    public async Task Governance_leads_and_administrators_are_refused_every_query_and_command(string email)
    {
        var referral = await world.NewReferralAsync(ReferralWorld.Prosper);
        await world.SignInAsync(email);
        var version = await world.VersionAsync(referral.Id);

        Assert.False((await world.Service(s => s.ListAsync(new ReferralListFilter()))).Allowed);
        Assert.Null(await world.Service(s => s.GetAsync(referral.Id)));
        Assert.Equal(0, await world.Service(s => s.CountNewAsync()));
        Assert.Null(await world.Service(s => s.ExportScreeningLogAsync(referral.TrialId)));
        Assert.False(await world.Service(s => s.RecordViewAsync(referral.Id)));
        var move = await world.Service(s => s.TransitionAsync(referral.Id, new ReferralTransitionRequest(ReferralStatus.Screening), version));
        Assert.False(move.Succeeded);
        Assert.Equal((ReferralStatus.Referred, version, 0), await world.StateAsync(referral.Id));
    }

    // ---- get ----

    [Fact]
    public async Task The_pi_opens_their_referral_with_the_minimum_summary_of_that_patient_only()
    {
        var referral = await world.NewReferralAsync(ReferralWorld.Horizon);
        await world.SignInAsync(ReferralWorld.Pi);

        var detail = Assert.IsType<ReferralDetail>(await world.Service(s => s.GetAsync(referral.Id)));

        Assert.True(detail.CanScreen);
        Assert.Equal(ReferralWorkflow.NextStatuses(ReferralStatus.Referred), detail.NextStatuses);
        Assert.Equal("candidate", detail.FhirCode);
        Assert.Equal("HORIZON-RCC", detail.Trial.ShortName);
        Assert.Equal(7, detail.Trial.Criteria.Count);
        Assert.Equal("Dr Amelia Hart", detail.ReferredByName);
        var p = detail.Patient;
        Assert.Equal(AgeToday(new DateOnly(1960, 1, 1)), p.AgeYears);
        Assert.Equal(Sex.Male, p.Sex);
        Assert.Equal("Clear cell renal cell carcinoma", p.Histology);
        Assert.Equal("IV (T3a N1 M1)", p.Stage);
        Assert.Equal(1, p.Ecog?.Score);
        Assert.Equal(1, p.PriorLines);
        Assert.Equal("Nivolumab + ipilimumab", Assert.Single(p.TreatmentLines).Regimen);
        Assert.Equal("PD-L1 CPS", Assert.Single(p.Biomarkers).Name);
        var json = JsonSerializer.Serialize(detail);
        Assert.DoesNotContain(referral.FamilyName, json, StringComparison.Ordinal);
        Assert.DoesNotContain("Quentin", json, StringComparison.Ordinal);
        Assert.DoesNotContain(referral.Mrn, json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_demo_referral_summary_has_the_rules_grades_and_response_of_its_patient()
    {
        var horizon = await world.TrialIdAsync(ReferralWorld.Horizon);
        // The renal patient referred at meeting 2 (progression after an initial response): still new in the seed.
        var id = await world.Db(db => db.TrialReferrals.Where(r => r.TrialId == horizon && r.DecisionId != null && r.Transitions.Count == 0)
            .OrderBy(r => r.Id).Select(r => r.Id).FirstAsync());
        await world.SignInAsync(ReferralWorld.Pi);

        var detail = Assert.IsType<ReferralDetail>(await world.Service(s => s.GetAsync(id)));

        Assert.NotNull(detail.Patient.LatestResponse);
        Assert.Contains("PD", detail.Patient.LatestResponse.Irecist, StringComparison.Ordinal);
        Assert.NotEmpty(detail.Patient.Labs);
        Assert.All(detail.Patient.Labs, l => Assert.True(l.Grade is not null || l.PossibleGrades.Count > 0 || l.Error is not null, l.TestCode));
    }

    [Fact]
    public async Task Another_pis_referral_looks_exactly_like_a_missing_one()
    {
        var referral = await world.NewReferralAsync(ReferralWorld.Prosper);
        await world.SignInAsync(ReferralWorld.Pi2);
        var version = await world.VersionAsync(referral.Id);
        var auditEvents = await world.Db(db => db.AuditEvents.CountAsync());

        Assert.Null(await world.Service(s => s.GetAsync(referral.Id)));
        Assert.Null(await world.Service(s => s.GetAsync(int.MaxValue)));
        Assert.False(await world.Service(s => s.RecordViewAsync(referral.Id)));
        Assert.DoesNotContain((await world.Service(s => s.ListAsync(new ReferralListFilter(referral.TrialId, OpenOnly: false)))).Rows, r => r.Id == referral.Id);

        foreach (var to in Enum.GetValues<ReferralStatus>())
        {
            var request = new ReferralTransitionRequest(to, "a reason", to == ReferralStatus.Ineligible ? [1] : null);
            var theirs = await world.Service(s => s.TransitionAsync(referral.Id, request, version));
            var missing = await world.Service(s => s.TransitionAsync(int.MaxValue, request, version));
            Assert.Equal(ReferralCommandOutcome.NotFound, theirs.Outcome);
            Assert.Equal(missing.Outcome, theirs.Outcome);
            Assert.Equal(missing.Errors, theirs.Errors);
        }

        Assert.Equal((ReferralStatus.Referred, version, 0), await world.StateAsync(referral.Id));
        Assert.Equal(auditEvents, await world.Db(db => db.AuditEvents.CountAsync()));
    }

    [Fact]
    public async Task Viewing_a_referral_records_one_audit_view_event_for_its_patient()
    {
        var referral = await world.NewReferralAsync(ReferralWorld.Prosper);
        await world.SignInAsync(ReferralWorld.Pi);
        var piId = await world.UserIdAsync(ReferralWorld.Pi);

        Assert.True(await world.Service(s => s.RecordViewAsync(referral.Id)));

        var view = await world.Db(db => db.AuditEvents.SingleAsync(e => e.Action == AuditAction.View && e.EntityType == nameof(TrialReferral)
            && e.EntityId == referral.Id.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(referral.PatientId, view.PatientId);
        Assert.Equal(piId, view.UserId);
    }

    // ---- commands ----

    [Fact]
    public async Task The_pi_screens_a_referral_through_to_enrolled_and_each_step_is_timestamped_attributed_and_mapped_to_fhir()
    {
        var referral = await world.NewReferralAsync(ReferralWorld.Horizon);
        await world.SignInAsync(ReferralWorld.Pi);

        foreach (var to in new[] { ReferralStatus.Screening, ReferralStatus.Eligible, ReferralStatus.Enrolled })
        {
            var version = await world.VersionAsync(referral.Id);
            var result = await world.Service(s => s.TransitionAsync(referral.Id, new ReferralTransitionRequest(to), version));
            Assert.True(result.Succeeded, string.Join("; ", result.Errors.Values));
        }

        var detail = Assert.IsType<ReferralDetail>(await world.Service(s => s.GetAsync(referral.Id)));
        Assert.Equal(ReferralStatus.Enrolled, detail.Status);
        Assert.Equal(["pending-on-study", "eligible", "on-study"], detail.History.Select(h => h.ToFhirCode));
        Assert.Equal([ReferralStatus.Referred, ReferralStatus.Screening, ReferralStatus.Eligible], detail.History.Select(h => h.From));
        Assert.All(detail.History, h => Assert.Equal("Prof. Daniel Reyes", h.ByName));
        Assert.All(detail.History, h => Assert.True(h.At > DateTime.UtcNow.AddMinutes(-5) && h.At.Kind != DateTimeKind.Local));
        Assert.Equal([ReferralStatus.Withdrawn], detail.NextStatuses);
        Assert.Equal(0, (await world.Service(s => s.ListAsync(new ReferralListFilter()))).Rows.Count(r => r.Id == referral.Id && r.IsNew));
    }

    [Fact]
    public async Task Ineligible_needs_at_least_one_failed_criterion_and_a_reason_and_records_the_criteria_text()
    {
        var referral = await world.NewReferralAsync(ReferralWorld.Horizon, status: ReferralStatus.Screening);
        await world.SignInAsync(ReferralWorld.Pi);
        var version = await world.VersionAsync(referral.Id);

        var missing = await world.Service(s => s.TransitionAsync(referral.Id, new ReferralTransitionRequest(ReferralStatus.Ineligible, "  ", []), version));
        var foreign = await world.Service(s => s.TransitionAsync(referral.Id, new ReferralTransitionRequest(ReferralStatus.Ineligible, "eGFR 25", [99]), version));
        Assert.Equal(ReferralCommandOutcome.Invalid, missing.Outcome);
        Assert.Contains(nameof(ReferralTransitionRequest.Reason), missing.Errors.Keys);
        Assert.Contains(nameof(ReferralTransitionRequest.FailedCriteria), missing.Errors.Keys);
        Assert.Equal(ReferralCommandOutcome.Invalid, foreign.Outcome);
        Assert.Equal((ReferralStatus.Screening, version, 1), await world.StateAsync(referral.Id));

        var saved = await world.Service(s => s.TransitionAsync(referral.Id, new ReferralTransitionRequest(ReferralStatus.Ineligible, "eGFR 25 at screening", [3, 2]), version));

        Assert.True(saved.Succeeded);
        var detail = Assert.IsType<ReferralDetail>(await world.Service(s => s.GetAsync(referral.Id)));
        var last = detail.History[^1];
        Assert.Equal(ReferralStatus.Ineligible, last.To);
        Assert.Equal("ineligible", last.ToFhirCode);
        Assert.Equal("eGFR 25 at screening", last.Reason);
        Assert.Equal(["No more than three prior systemic lines", "eGFR ≥30 mL/min/1.73 m²"], last.FailedCriteria);
        Assert.Empty(detail.NextStatuses);
    }

    [Theory]
    [InlineData(ReferralStatus.Declined, "not-registered")]
    [InlineData(ReferralStatus.Withdrawn, "withdrawn")]
    public async Task Declined_and_withdrawn_need_a_reason(ReferralStatus to, string fhir)
    {
        var referral = await world.NewReferralAsync(ReferralWorld.Prosper, status: ReferralStatus.Eligible);
        await world.SignInAsync(ReferralWorld.Pi);
        var version = await world.VersionAsync(referral.Id);

        var without = await world.Service(s => s.TransitionAsync(referral.Id, new ReferralTransitionRequest(to), version));
        Assert.Equal(ReferralCommandOutcome.Invalid, without.Outcome);
        Assert.True(without.Errors.ContainsKey(nameof(ReferralTransitionRequest.Reason)));
        Assert.Equal((ReferralStatus.Eligible, version, 2), await world.StateAsync(referral.Id));

        var with = await world.Service(s => s.TransitionAsync(referral.Id, new ReferralTransitionRequest(to, "Prefers treatment closer to home"), version));
        Assert.True(with.Succeeded);
        var detail = Assert.IsType<ReferralDetail>(await world.Service(s => s.GetAsync(referral.Id)));
        Assert.Equal(to, detail.Status);
        Assert.Equal(fhir, detail.History[^1].ToFhirCode);
        Assert.Equal("Prefers treatment closer to home", detail.History[^1].Reason);
    }

    [Theory]
    [InlineData(ReferralStatus.Referred, ReferralStatus.Enrolled)]
    [InlineData(ReferralStatus.Referred, ReferralStatus.Eligible)]
    [InlineData(ReferralStatus.Enrolled, ReferralStatus.Screening)]
    [InlineData(ReferralStatus.Screening, ReferralStatus.Referred)]
    public async Task An_illegal_move_is_refused_with_a_message_and_writes_nothing(ReferralStatus from, ReferralStatus to)
    {
        var referral = await world.NewReferralAsync(ReferralWorld.Horizon, status: from);
        await world.SignInAsync(ReferralWorld.Pi);
        var before = await world.StateAsync(referral.Id);

        var result = await world.Service(s => s.TransitionAsync(referral.Id, new ReferralTransitionRequest(to, "reason"), before.Version));

        Assert.Equal(ReferralCommandOutcome.Invalid, result.Outcome);
        Assert.Contains("cannot move", result.Errors[nameof(ReferralTransitionRequest.To)], StringComparison.Ordinal);
        Assert.Equal(before, await world.StateAsync(referral.Id));
    }

    [Fact]
    public async Task A_stale_version_is_a_conflict_that_shows_the_current_state_and_writes_nothing()
    {
        var referral = await world.NewReferralAsync(ReferralWorld.Prosper);
        await world.SignInAsync(ReferralWorld.Pi);
        var opened = await world.VersionAsync(referral.Id);
        Assert.True((await world.Service(s => s.TransitionAsync(referral.Id, new ReferralTransitionRequest(ReferralStatus.Screening), opened))).Succeeded);
        var after = await world.StateAsync(referral.Id);

        var stale = await world.Service(s => s.TransitionAsync(referral.Id, new ReferralTransitionRequest(ReferralStatus.Withdrawn, "Moved away"), opened));

        Assert.Equal(ReferralCommandOutcome.Conflict, stale.Outcome);
        var conflict = Assert.IsType<ReferralConflict>(stale.Conflict);
        Assert.Equal(ReferralStatus.Screening, conflict.CurrentStatus);
        Assert.Equal(after.Version, conflict.CurrentVersion);
        Assert.Equal("Prof. Daniel Reyes", conflict.LastChangedBy);
        Assert.Contains("Screening", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(after, await world.StateAsync(referral.Id));
    }

    [Fact]
    public async Task A_team_member_who_is_removed_from_the_trial_loses_the_referral_at_their_next_call()
    {
        var referral = await world.NewReferralAsync(ReferralWorld.Prosper);
        var pi2 = await world.UserIdAsync(ReferralWorld.Pi2);
        var memberId = await world.Db(async db =>
        {
            var member = new TrialTeamMember { TrialId = referral.TrialId, UserId = pi2, Role = TrialTeamRole.ResearchNurse };
            db.TrialTeamMembers.Add(member);
            await db.SaveChangesAsync();
            return member.Id;
        });
        await world.SignInAsync(ReferralWorld.Pi2);
        var version = await world.VersionAsync(referral.Id);

        // The same service instance throughout: nothing about the caller is cached between calls.
        await world.Service<bool>(async service =>
        {
            Assert.NotNull(await service.GetAsync(referral.Id));
            Assert.Contains((await service.ListAsync(new ReferralListFilter())).Rows, r => r.Id == referral.Id);
            Assert.True((await service.CountNewAsync()) >= 1);

            await world.Db(async db =>
            {
                db.TrialTeamMembers.Remove(await db.TrialTeamMembers.SingleAsync(m => m.Id == memberId));
                return await db.SaveChangesAsync();
            });

            Assert.Null(await service.GetAsync(referral.Id));
            Assert.DoesNotContain((await service.ListAsync(new ReferralListFilter(OpenOnly: false))).Rows, r => r.Id == referral.Id);
            Assert.Null(await service.ExportScreeningLogAsync(referral.TrialId));
            var move = await service.TransitionAsync(referral.Id, new ReferralTransitionRequest(ReferralStatus.Screening), version);
            Assert.Equal(ReferralCommandOutcome.NotFound, move.Outcome);
            return true;
        });
        Assert.Equal((ReferralStatus.Referred, version, 0), await world.StateAsync(referral.Id));
    }

    [Fact]
    public async Task The_new_count_is_the_referrals_to_the_callers_trials_nobody_has_started_screening()
    {
        var elevate = await world.TrialIdAsync(ReferralWorld.Elevate);
        await world.SignInAsync(ReferralWorld.Pi2);
        var before = await world.Service(s => s.CountNewAsync());
        var referral = await world.NewReferralAsync(ReferralWorld.Elevate);
        var expected = await world.Db(db => db.TrialReferrals.CountAsync(r => r.TrialId == elevate && r.Status == ReferralStatus.Referred));

        Assert.Equal(expected, await world.Service(s => s.CountNewAsync()));
        Assert.Equal(before + 1, expected);
        Assert.True((await world.Service(s => s.TransitionAsync(referral.Id, new ReferralTransitionRequest(ReferralStatus.Screening), 0))).Succeeded);
        Assert.Equal(before, await world.Service(s => s.CountNewAsync()));
    }

    // ---- export ----

    [Fact]
    public async Task The_screening_log_has_one_row_per_referral_of_the_trial_without_identifiers()
    {
        var referral = await world.NewReferralAsync(ReferralWorld.Horizon, status: ReferralStatus.Screening);
        await world.SignInAsync(ReferralWorld.Pi);
        var version = await world.VersionAsync(referral.Id);
        Assert.True((await world.Service(s => s.TransitionAsync(referral.Id, new ReferralTransitionRequest(ReferralStatus.Ineligible, "eGFR 25", [3]), version))).Succeeded);
        var count = await world.Db(db => db.TrialReferrals.CountAsync(r => r.TrialId == referral.TrialId));

        var log = Assert.IsType<ScreeningLogFile>(await world.Service(s => s.ExportScreeningLogAsync(referral.TrialId)));

        var lines = Encoding.UTF8.GetString(log.Content).TrimEnd().Split("\r\n");
        Assert.Equal(string.Join(',', ScreeningLog.Header), lines[0]);
        Assert.Equal(count, lines.Length - 1);
        var row = Assert.Single(lines, l => l.StartsWith(referral.Id.ToString(CultureInfo.InvariantCulture) + ",", StringComparison.Ordinal)).Split(',');
        Assert.Equal(AgeToday(new DateOnly(1960, 1, 1)).ToString(CultureInfo.InvariantCulture), row[2]);
        Assert.Equal(["Male", "Renal"], row[3..5]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", row[5]);
        Assert.Equal(["Ineligible", "ineligible"], row[6..8]);
        Assert.Equal("eGFR ≥30 mL/min/1.73 m²", row[9]);
        Assert.Equal("eGFR 25", row[10]);
        Assert.Equal(["", ""], row[11..13]);
        var text = Encoding.UTF8.GetString(log.Content);
        Assert.DoesNotContain(referral.FamilyName, text, StringComparison.Ordinal);
        Assert.DoesNotContain(referral.Mrn, text, StringComparison.Ordinal);
        Assert.StartsWith("screening-log-NCT09527418-", log.FileName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_screening_log_shows_enrolment_and_eligible_dates_of_the_enrolled_referral()
    {
        var prosper = await world.TrialIdAsync(ReferralWorld.Prosper);
        await world.SignInAsync(ReferralWorld.Pi);

        var log = Assert.IsType<ScreeningLogFile>(await world.Service(s => s.ExportScreeningLogAsync(prosper)));

        var enrolled = Assert.Single(Encoding.UTF8.GetString(log.Content).Split("\r\n"), l => l.Contains(",Enrolled,on-study,", StringComparison.Ordinal)).Split(',');
        Assert.All(new[] { enrolled[5], enrolled[11], enrolled[12] }, d => Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", d));
        Assert.True(string.CompareOrdinal(enrolled[5], enrolled[11]) < 0 && string.CompareOrdinal(enrolled[11], enrolled[12]) < 0, "screening, eligible and enrolment dates in order");
    }

    [Fact]
    public async Task The_other_pi_gets_no_screening_log_of_a_trial_they_are_not_on_exactly_as_for_a_missing_trial()
    {
        var prosper = await world.TrialIdAsync(ReferralWorld.Prosper);
        await world.SignInAsync(ReferralWorld.Pi2);

        Assert.Null(await world.Service(s => s.ExportScreeningLogAsync(prosper)));
        Assert.Null(await world.Service(s => s.ExportScreeningLogAsync(int.MaxValue)));
        var elevate = await world.TrialIdAsync(ReferralWorld.Elevate);
        Assert.NotNull(await world.Service(s => s.ExportScreeningLogAsync(elevate)));
    }

    /// <summary>The test patients are born on 1 January 1960, so their age is this year's number less 1960 on any day.</summary>
    private static int AgeToday(DateOnly dob)
    {
        Assert.Equal(new DateOnly(1960, 1, 1), dob);
        return DateOnly.FromDateTime(Web.Features.Patients.Services.HospitalTime.ToLocal(DateTime.UtcNow)).Year - 1960;
    }
}
