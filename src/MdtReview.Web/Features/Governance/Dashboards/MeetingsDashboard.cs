using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Meetings.Services;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Governance.Dashboards;

/// <summary>Meetings: one line per meeting starting in the range (hospital dates) for the tumour group: attendance, quorum, cases.</summary>
public sealed class MeetingsDashboard(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory) : IDashboard
{
    public string Key => "meetings";

    public int Order => 60;

    public async Task<DashboardTable?> LoadAsync(DashboardFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (await currentUser.RequireAsync(Capability.Governance, cancellationToken) is null)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var (meetings, links) = await LoadAsync(db, filter, cancellationToken);
        return Table(Key, MeetingsCalculator.Calculate(meetings, links));
    }

    private static async Task<(IReadOnlyList<MeetingRecord>, IReadOnlyDictionary<int, MeetingCaseLink>)> LoadAsync(
        MdtReviewDbContext db, DashboardFilter filter, CancellationToken cancellationToken)
    {
        var (fromUtc, toUtc) = DashboardScope.UtcBounds(filter);
        var rows = await db.Meetings.AsNoTracking()
            .Where(m => m.StartsAt >= fromUtc && m.StartsAt < toUtc)
            .Select(m => new
            {
                m.Id, m.StartsAt, m.TumourGroup, m.Status, m.QuorumOncologists, m.QuorumRadiologists, m.QuorumOtherSpecialties, m.QuorumOverrideReason,
                Specialties = m.Attendees.Select(a => a.Specialty).ToList(),
                Cases = m.Cases.Select(c => new MeetingCaseLink(c.Id, c.PatientId, c.Status, c.DeferredFromCaseId)).ToList(),
            })
            .ToListAsync(cancellationToken);
        // The tumour group is a short name compared case-insensitively; the range has few meetings, so filter here.
        var meetings = rows.Where(m => DashboardScope.MeetingMatches(filter, m.TumourGroup))
            .Select(m => new MeetingRecord(
                m.Id, DashboardScope.HospitalDate(m.StartsAt), m.TumourGroup, m.Status,
                new QuorumRequirement(m.QuorumOncologists, m.QuorumRadiologists, m.QuorumOtherSpecialties),
                m.Specialties, m.QuorumOverrideReason, m.Cases))
            .ToList();

        // Follow the deferral chains back, possibly into meetings before the range, one generation per query.
        var links = meetings.SelectMany(m => m.Cases).ToDictionary(c => c.Id);
        var pending = links.Values.Where(c => c.DeferredFromCaseId is not null).Select(c => c.DeferredFromCaseId!.Value).Where(id => !links.ContainsKey(id)).Distinct().ToList();
        while (pending.Count > 0)
        {
            var found = await db.MeetingCases.AsNoTracking().Where(c => pending.Contains(c.Id))
                .Select(c => new MeetingCaseLink(c.Id, c.PatientId, c.Status, c.DeferredFromCaseId))
                .ToListAsync(cancellationToken);
            foreach (var c in found)
            {
                links[c.Id] = c;
            }

            pending = found.Where(c => c.DeferredFromCaseId is { } from && !links.ContainsKey(from)).Select(c => c.DeferredFromCaseId!.Value).Distinct().ToList();
        }

        return (meetings, links);
    }

    public static DashboardTable Table(string key, MeetingsSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        string[] columns =
        [
            "Date", "Tumour group", "Status", "Oncologists", "Radiologists", "Other attendees", "Quorum met", "Cases listed", "Discussed",
            "Deferred", "Deferred twice in a row", "Closed without quorum: chair's reason",
        ];
        var rows = summary.Lines.Select(l => (IReadOnlyList<string>)
        [
            DashboardRules.Date(l.Date), l.TumourGroup, StatusText(l.Status), DashboardRules.Number(l.Oncologists), DashboardRules.Number(l.Radiologists),
            DashboardRules.Number(l.OtherAttendees), l.QuorumMet switch { true => "Yes", false => "No", null => "Not held yet" },
            DashboardRules.Number(l.Listed), DashboardRules.Number(l.Discussed), DashboardRules.Number(l.Deferred),
            DashboardRules.Number(l.DeferredSecondTime), l.ClosedWithoutQuorumReason ?? "",
        ]).ToList();
        return new DashboardTable(
            key,
            "Meetings",
            "Each MDT meeting starting in the period (hospital dates) for the tumour group: who attended by specialty, whether the quorum "
                + "recorded on the meeting was met (as the meeting page judges it), the cases on the agenda and what happened to them. "
                + "\"Deferred twice in a row\" counts cases deferred at this meeting that had been deferred at the meeting before.",
            columns,
            rows,
            [
                new DashboardFigure("Meetings", DashboardRules.Number(summary.Lines.Count)),
                new DashboardFigure("Closed meetings that were quorate", DashboardRules.Rate(summary.ClosedQuorate, summary.Closed)),
                new DashboardFigure("Cases discussed vs deferred", $"{summary.Discussed} discussed, {summary.Deferred} deferred"),
                new DashboardFigure("Cases deferred twice in a row", DashboardRules.Number(summary.DeferredSecondTime)),
            ],
            new DashboardChart(DashboardChartKind.StackedBar, 0, [8, 9]));
    }

    private static string StatusText(MeetingStatus status) => status switch
    {
        MeetingStatus.Planned => "Planned",
        MeetingStatus.InProgress => "In progress",
        _ => "Closed",
    };
}
