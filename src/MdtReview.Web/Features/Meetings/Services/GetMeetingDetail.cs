using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Meetings.Services;

/// <summary>
/// One meeting as its page shows it: the agenda with each case's history (times deferred, final decision, where it was
/// deferred to), attendance and quorum. A refused read is the same null as a missing meeting.
/// </summary>
public sealed class GetMeetingDetail(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory)
{
    public async Task<MeetingDetail?> HandleAsync(int meetingId, CancellationToken cancellationToken = default)
    {
        var user = await currentUser.RequireAsync(Capability.ViewClinicalData, cancellationToken);
        if (user is null)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var meeting = await db.Meetings.AsNoTracking().Include(m => m.Attendees).SingleOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
        if (meeting is null)
        {
            return null;
        }

        var cases = await db.MeetingCases.AsNoTracking()
            .Where(c => c.MeetingId == meetingId)
            .OrderBy(c => c.Position).ThenBy(c => c.Id)
            .Select(c => new
            {
                c.Id,
                c.Position,
                c.PatientId,
                c.Patient!.FamilyName,
                c.Patient.GivenName,
                c.Patient.Mrn,
                c.Patient.NhsNumber,
                c.Patient.DateOfBirth,
                c.Question,
                c.SuggestionReason,
                c.Status,
                c.DeferredFromCaseId,
                c.Version,
                HasFinal = db.Decisions.Any(d => d.MeetingCaseId == c.Id && d.Status == DecisionStatus.Final),
                DeferredTo = db.MeetingCases.Where(n => n.DeferredFromCaseId == c.Id).Select(n => (DateTime?)n.Meeting!.StartsAt).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var deferrals = await DeferralCountsAsync(db, cases.Select(c => (c.Id, c.DeferredFromCaseId)).ToList(), cancellationToken);
        var names = await MeetingSupport.UserNamesAsync(db, [meeting.ChairId], cancellationToken);
        var requirement = QuorumRequirement.Of(meeting);
        var attendees = meeting.Attendees.OrderBy(a => a.Id).Select(a => new AttendeeView(a.Id, a.UserId, a.Name, a.Specialty)).ToList();

        return new MeetingDetail(
            meeting.Id, meeting.StartsAt, meeting.TumourGroup, meeting.ChairId,
            meeting.ChairId is null ? null : names.GetValueOrDefault(meeting.ChairId), meeting.Status, meeting.Version,
            requirement, Quorum.Evaluate(requirement, attendees.Select(a => a.Specialty)), meeting.QuorumOverrideReason, meeting.ClosedAt,
            cases.Select(c => new AgendaCase(c.Id, c.Position, c.PatientId, OutcomeNames.PatientName(c.FamilyName, c.GivenName), c.Mrn, c.NhsNumber,
                c.DateOfBirth, c.Question, c.SuggestionReason, c.Status, deferrals.GetValueOrDefault(c.Id), c.HasFinal, c.DeferredTo, c.Version)).ToList(),
            attendees, user.Can(Capability.PrepareMeetings), meeting.ChairId == user.Id);
    }

    /// <summary>How many times each case was deferred: the length of its DeferredFromCaseId chain.</summary>
    private static async Task<Dictionary<int, int>> DeferralCountsAsync(MdtReviewDbContext db, IReadOnlyList<(int Id, int? From)> cases, CancellationToken cancellationToken)
    {
        var parents = new Dictionary<int, int?>();
        var frontier = cases.Where(c => c.From is not null).Select(c => c.From!.Value).Distinct().ToList();
        while (frontier.Count > 0)
        {
            var found = await db.MeetingCases.AsNoTracking().Where(c => frontier.Contains(c.Id)).Select(c => new { c.Id, c.DeferredFromCaseId }).ToListAsync(cancellationToken);
            foreach (var f in found)
            {
                parents[f.Id] = f.DeferredFromCaseId;
            }

            frontier = found.Where(f => f.DeferredFromCaseId is { } p && !parents.ContainsKey(p)).Select(f => f.DeferredFromCaseId!.Value).Distinct().ToList();
        }

        var counts = new Dictionary<int, int>();
        foreach (var (id, from) in cases)
        {
            var count = 0;
            var next = from;
            var seen = new HashSet<int>();
            while (next is { } parent && seen.Add(parent))
            {
                count++;
                next = parents.GetValueOrDefault(parent);
            }

            counts[id] = count;
        }

        return counts;
    }
}
