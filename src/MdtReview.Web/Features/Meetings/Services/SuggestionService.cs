using System.Globalization;
using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Meetings.Services;

/// <summary>
/// Patients of the meeting's tumour group who should be considered for its agenda, each with the reasons. "Since the
/// last discussion" means since the start of the last meeting at which the patient's case was discussed; for a patient
/// never discussed, since the later of their course start and the group's last closed meeting (findings before that
/// meeting were on its suggestion list already; counting them again would list every patient every week).
/// </summary>
/// <remarks>
/// Population: the group's patients whose latest course is active or on hold (a stopped course has had its decision).
/// Trial referral changes count for every patient of the group: an ineligible or declined referral needs a new plan.
/// </remarks>
public sealed class SuggestionService(
    CurrentUserService currentUser,
    IDbContextFactory<MdtReviewDbContext> contextFactory,
    IPatientAlertSource alertSource,
    MeetingClock clock)
{
    private static readonly CultureInfo _en = CultureInfo.GetCultureInfo("en-GB");

    public async Task<IReadOnlyList<PatientSuggestion>> SuggestAsync(int meetingId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.ViewClinicalData, cancellationToken) is null)
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var meeting = await db.Meetings.AsNoTracking().SingleOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
        if (meeting is null || meeting.Status == MeetingStatus.Closed || TumourGroups.Find(meeting.TumourGroup) is not { } group)
        {
            return [];
        }

        var meetingDate = clock.LocalDate(meeting.StartsAt);
        var asOf = meetingDate > clock.Today ? meetingDate : clock.Today;
        var sites = group.Sites.ToList();
        var onAgenda = db.MeetingCases.Where(c => c.MeetingId == meetingId).Select(c => c.PatientId);
        var patients = await db.Patients.AsNoTracking()
            .Where(p => sites.Contains(p.TumourSite) && !onAgenda.Contains(p.Id))
            .Select(p => new
            {
                p.Id,
                p.FamilyName,
                p.GivenName,
                p.Mrn,
                p.NhsNumber,
                Course = p.TreatmentCourses.OrderByDescending(c => c.StartDate).ThenByDescending(c => c.Id)
                    .Select(c => new { c.Status, c.StartDate }).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var ids = patients.Select(p => p.Id).ToList();

        var discussions = await db.MeetingCases.AsNoTracking()
            .Where(c => ids.Contains(c.PatientId) && c.Status == MeetingCaseStatus.Discussed && c.MeetingId != meetingId && c.Meeting!.StartsAt < meeting.StartsAt)
            .Select(c => new { c.PatientId, c.Meeting!.StartsAt })
            .ToListAsync(cancellationToken);
        var lastDiscussed = discussions.GroupBy(d => d.PatientId).ToDictionary(g => g.Key, g => g.Max(d => d.StartsAt));

        var lastGroupMeeting = (await db.Meetings.AsNoTracking()
            .Where(m => m.TumourGroup == meeting.TumourGroup && m.Status == MeetingStatus.Closed && m.StartsAt < meeting.StartsAt && m.Id != meetingId)
            .Select(m => m.StartsAt).ToListAsync(cancellationToken)).DefaultIfEmpty(DateTime.MinValue).Max();
        AlertWindow WindowOf(int id, DateOnly courseStart)
        {
            if (lastDiscussed.TryGetValue(id, out var at))
            {
                return new AlertWindow(id, at, true, courseStart);
            }

            var start = courseStart.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            return new AlertWindow(id, start > lastGroupMeeting ? start : lastGroupMeeting, false, courseStart);
        }

        var onTreatment = patients.Where(p => p.Course is { Status: TreatmentStatus.Active or TreatmentStatus.Paused })
            .Select(p => WindowOf(p.Id, p.Course!.StartDate))
            .ToList();
        var windows = patients.ToDictionary(p => p.Id, p => WindowOf(p.Id, p.Course?.StartDate ?? DateOnly.MinValue));
        var treatedIds = onTreatment.Select(w => w.PatientId).ToList();
        var reasons = onTreatment.ToDictionary(w => w.PatientId, _ => new List<AgendaReason>());
        foreach (var id in ids.Where(id => !reasons.ContainsKey(id)))
        {
            reasons[id] = [];
        }

        // A scan since the last discussion (or, never discussed, since the course started).
        var scans = await db.Scans.AsNoTracking().Where(s => treatedIds.Contains(s.PatientId)).Select(s => new { s.PatientId, s.ScanDate }).ToListAsync(cancellationToken);
        foreach (var window in onTreatment)
        {
            var since = window.Discussed || window.Since > window.CourseStart.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)
                ? clock.LocalDate(window.Since)
                : window.CourseStart;
            var latest = scans.Where(s => s.PatientId == window.PatientId && s.ScanDate > since && s.ScanDate <= asOf).MaxBy(s => s.ScanDate);
            if (latest is not null)
            {
                reasons[window.PatientId].Add(new AgendaReason(SuggestionKind.ScanSinceLastDiscussion, !window.Discussed
                    ? $"Scan on {Day(latest.ScanDate)}, not yet discussed at an MDT"
                    : $"Scan on {Day(latest.ScanDate)} since the last MDT discussion ({Day(since)})"));
            }
        }

        // An active (unresolved) irAE of grade 2 or more: the grade at which checkpoint inhibitors are usually held (ASCO 2021).
        var iraes = await db.AdverseEvents.AsNoTracking()
            .Where(a => treatedIds.Contains(a.PatientId) && a.ResolvedDate == null && a.CurrentGrade >= 2)
            .Select(a => new { a.PatientId, a.CtcaeTerm, a.CurrentGrade, a.OnsetDate })
            .ToListAsync(cancellationToken);
        foreach (var irae in iraes.GroupBy(a => a.PatientId))
        {
            var worst = irae.OrderByDescending(a => a.CurrentGrade).ThenByDescending(a => a.OnsetDate).First();
            reasons[irae.Key].Add(new AgendaReason(SuggestionKind.ActiveIraeGrade2OrMore,
                $"Active grade {worst.CurrentGrade} irAE: {worst.CtcaeTerm} (onset {Day(worst.OnsetDate)})"));
        }

        // A trial referral that changed status since the last discussion, or a new one made outside a meeting (from the
        // patient page, or by a decision outside a meeting). A referral born of a meeting's decision is not news to the MDT;
        // its later moves are. A referral's first state is the referral row itself; the transition that records it
        // (Referred → Referred) is not counted again.
        var referrals = await db.TrialReferrals.AsNoTracking()
            .Where(r => ids.Contains(r.PatientId))
            .Select(r => new
            {
                r.PatientId,
                r.Trial!.Title,
                r.ReferredAt,
                ByMeeting = r.DecisionId != null && db.Decisions.Any(d => d.Id == r.DecisionId && d.MeetingCaseId != null),
                Transitions = r.Transitions.Where(t => t.FromStatus != t.ToStatus).Select(t => new { t.FromStatus, t.ToStatus, t.At }).ToList(),
            })
            .ToListAsync(cancellationToken);
        var changes = referrals.SelectMany(r => r.Transitions
            .Select(t => (r.PatientId, r.Title, From: (ReferralStatus?)t.FromStatus, t.ToStatus, t.At))
            .Concat(r.ByMeeting ? [] : [(r.PatientId, r.Title, From: (ReferralStatus?)null, ToStatus: ReferralStatus.Referred, At: r.ReferredAt)]));
        foreach (var change in changes
                     .Where(t => t.At > windows[t.PatientId].Since)
                     .GroupBy(t => t.PatientId)
                     .Select(g => g.MaxBy(t => t.At)))
        {
            var on = Day(DateOnly.FromDateTime(clock.ToLocal(change.At)));
            reasons[change.PatientId].Add(new AgendaReason(SuggestionKind.TrialReferralStatusChange, change.From is { } from
                ? $"Trial referral to {ShortTitle(change.Title)}: {from} → {change.ToStatus} on {on}"
                : $"Trial referral to {ShortTitle(change.Title)}: {change.ToStatus} on {on} (new referral outside an MDT meeting)"));
        }

        foreach (var (id, found) in await alertSource.ReasonsAsync(db, onTreatment, asOf, cancellationToken))
        {
            reasons[id].AddRange(found);
        }

        return patients
            .Where(p => reasons[p.Id].Count > 0)
            .Select(p => new PatientSuggestion(p.Id, OutcomeNames.PatientName(p.FamilyName, p.GivenName), p.Mrn, p.NhsNumber,
                reasons[p.Id].OrderBy(r => r.Kind).ToList()))
            .OrderByDescending(s => s.Reasons.Count).ThenBy(s => s.PatientName, StringComparer.Ordinal)
            .ToList();
    }

    private static string ShortTitle(string title) => title.Split(':', 2)[0].Trim();

    private static string Day(DateOnly date) => date.ToString("d MMM yyyy", _en);
}
