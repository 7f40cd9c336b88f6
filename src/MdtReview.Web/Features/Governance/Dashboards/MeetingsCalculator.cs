using MdtReview.Data.Model;
using MdtReview.Web.Features.Meetings.Services;

namespace MdtReview.Web.Features.Governance.Dashboards;

/// <summary>A case on a meeting's agenda, with the case it was deferred from.</summary>
public sealed record MeetingCaseLink(int Id, int PatientId, MeetingCaseStatus Status, int? DeferredFromCaseId);

/// <summary>A meeting as the governance dashboard needs it. <see cref="Date"/> is the hospital date of its start.</summary>
public sealed record MeetingRecord(
    int Id, DateOnly Date, string TumourGroup, MeetingStatus Status, QuorumRequirement Quorum, IReadOnlyList<string> AttendeeSpecialties,
    string? QuorumOverrideReason, IReadOnlyList<MeetingCaseLink> Cases);

/// <summary>
/// One meeting's line. <see cref="QuorumMet"/> is null for a meeting not yet held (planned). <see cref="DeferredSecondTime"/>
/// counts the cases deferred at this meeting that had already been deferred at the meeting before (their second deferral in a
/// row), so summing the column over meetings counts each twice-deferred case once.
/// </summary>
public sealed record MeetingLine(
    int MeetingId, DateOnly Date, string TumourGroup, MeetingStatus Status, int Oncologists, int Radiologists, int OtherAttendees,
    bool? QuorumMet, int Listed, int Discussed, int Deferred, int DeferredSecondTime, string? ClosedWithoutQuorumReason);

public sealed record MeetingsSummary(IReadOnlyList<MeetingLine> Lines, int Closed, int ClosedQuorate, int Discussed, int Deferred, int DeferredSecondTime);

/// <summary>
/// The meetings dashboard as a pure function of the meetings and the deferral chains (no I/O). Quorum is the meeting feature's
/// own rule (<see cref="Quorum.Evaluate"/>, with the requirement copied onto the meeting); attendees are classified by the
/// same <see cref="Quorum.IsOncologist"/> and <see cref="Quorum.IsRadiologist"/>.
/// </summary>
public static class MeetingsCalculator
{
    /// <param name="meetings">The meetings in the range, in any order.</param>
    /// <param name="caseLinks">Every case reachable through <c>DeferredFromCaseId</c> from the meetings' cases (the cases themselves may be
    /// included): id → status and the case it was deferred from.</param>
    public static MeetingsSummary Calculate(IReadOnlyCollection<MeetingRecord> meetings, IReadOnlyDictionary<int, MeetingCaseLink> caseLinks)
    {
        ArgumentNullException.ThrowIfNull(meetings);
        ArgumentNullException.ThrowIfNull(caseLinks);
        var links = new Dictionary<int, MeetingCaseLink>(caseLinks);
        foreach (var c in meetings.SelectMany(m => m.Cases))
        {
            links[c.Id] = c;
        }

        var lines = meetings.OrderBy(m => m.Date).ThenBy(m => m.TumourGroup, StringComparer.OrdinalIgnoreCase).ThenBy(m => m.Id)
            .Select(m => Line(m, links))
            .ToList();
        var closed = lines.Where(l => l.Status == MeetingStatus.Closed).ToList();
        return new MeetingsSummary(lines, closed.Count, closed.Count(l => l.QuorumMet == true),
            lines.Sum(l => l.Discussed), lines.Sum(l => l.Deferred), lines.Sum(l => l.DeferredSecondTime));
    }

    /// <summary>
    /// How many times in a row the case's patient has been deferred up to and including this case: 0 when this case was not
    /// deferred, else 1 plus the deferrals along its <c>DeferredFromCaseId</c> chain.
    /// </summary>
    public static int ConsecutiveDeferrals(MeetingCaseLink agendaCase, IReadOnlyDictionary<int, MeetingCaseLink> links)
    {
        ArgumentNullException.ThrowIfNull(agendaCase);
        ArgumentNullException.ThrowIfNull(links);
        var count = 0;
        var seen = new HashSet<int>();
        for (MeetingCaseLink? current = agendaCase; current is { Status: MeetingCaseStatus.Deferred } && seen.Add(current.Id);
             current = current.DeferredFromCaseId is { } from ? links.GetValueOrDefault(from) : null)
        {
            count++;
        }

        return count;
    }

    private static MeetingLine Line(MeetingRecord meeting, IReadOnlyDictionary<int, MeetingCaseLink> links)
    {
        var specialties = meeting.AttendeeSpecialties.Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        var oncologists = specialties.Count(Quorum.IsOncologist);
        var radiologists = specialties.Count(s => !Quorum.IsOncologist(s) && Quorum.IsRadiologist(s));
        bool? met = meeting.Status == MeetingStatus.Planned ? null : Quorum.Evaluate(meeting.Quorum, specialties).Met;
        var reason = meeting.Status == MeetingStatus.Closed && met == false
            ? string.IsNullOrWhiteSpace(meeting.QuorumOverrideReason) ? "No reason recorded" : meeting.QuorumOverrideReason.Trim()
            : null;
        return new MeetingLine(
            meeting.Id, meeting.Date, meeting.TumourGroup, meeting.Status,
            oncologists, radiologists, specialties.Count - oncologists - radiologists, met,
            meeting.Cases.Count,
            meeting.Cases.Count(c => c.Status == MeetingCaseStatus.Discussed),
            meeting.Cases.Count(c => c.Status == MeetingCaseStatus.Deferred),
            meeting.Cases.Count(c => ConsecutiveDeferrals(c, links) == 2),
            reason);
    }
}
