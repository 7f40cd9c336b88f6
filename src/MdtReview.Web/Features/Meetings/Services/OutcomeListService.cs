using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Meetings.Services;

/// <summary>
/// The printable outcome list of a meeting, built only from finalised decisions: for each case the latest final version
/// of its decision chain (an amendment supersedes the version before it), or nothing, shown as "no decision recorded".
/// Drafts never appear: what is printed is what was signed.
/// </summary>
public sealed class OutcomeListService(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory)
{
    public async Task<OutcomeList?> GetAsync(int meetingId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.ViewClinicalData, cancellationToken) is null)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var meeting = await db.Meetings.AsNoTracking().Include(m => m.Attendees).SingleOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
        if (meeting is null)
        {
            return null;
        }

        var cases = await db.MeetingCases.AsNoTracking().Where(c => c.MeetingId == meetingId)
            .OrderBy(c => c.Position).ThenBy(c => c.Id)
            .Select(c => new { c.Id, c.Position, c.PatientId, c.Patient!.FamilyName, c.Patient.GivenName, c.Patient.Mrn, c.Patient.NhsNumber, c.Patient.DateOfBirth, c.Question, c.Status })
            .ToListAsync(cancellationToken);
        var caseIds = cases.Select(c => c.Id).ToList();
        var patientIds = cases.Select(c => c.PatientId).Distinct().ToList();

        // Final decisions of these patients: the roots made at this meeting, and every amendment that may supersede them.
        var finals = await db.Decisions.AsNoTracking()
            .Where(d => patientIds.Contains(d.PatientId) && d.Status == DecisionStatus.Final)
            .ToListAsync(cancellationToken);
        var bySuperseded = finals.Where(d => d.SupersedesId is not null).GroupBy(d => d.SupersedesId!.Value).ToDictionary(g => g.Key, g => g.First());

        var latest = new Dictionary<int, Decision>();
        foreach (var root in finals.Where(d => d.MeetingCaseId is { } id && caseIds.Contains(id) && d.SupersedesId is null).OrderBy(d => d.FinalisedAt))
        {
            var current = root;
            var seen = new HashSet<int>();
            while (seen.Add(current.Id) && bySuperseded.TryGetValue(current.Id, out var next))
            {
                current = next;
            }

            latest[root.MeetingCaseId!.Value] = current;
        }

        var names = await MeetingSupport.UserNamesAsync(db,
            latest.Values.SelectMany(d => new[] { d.InformPatientById, d.FinalisedById }).Append(meeting.ChairId), cancellationToken);
        var rows = cases.Select(c =>
        {
            var d = latest.GetValueOrDefault(c.Id);
            return new OutcomeRow(c.Position, OutcomeNames.PatientName(c.FamilyName, c.GivenName), c.Mrn, c.NhsNumber, c.DateOfBirth, c.Question, c.Status,
                d?.Id, d?.VersionNumber, d?.Outcome, d?.Rationale, d?.Conditions, d?.NextReviewDate, d?.NextScanDue, d?.PlannedNextTreatment,
                d?.InformPatientById is { } informer ? names.GetValueOrDefault(informer, "Unknown user") : null, d?.InformPatientBy,
                d?.FinalisedById is { } signer ? names.GetValueOrDefault(signer, "Unknown user") : null, d?.FinalisedAt);
        }).ToList();

        return new OutcomeList(meeting.Id, meeting.StartsAt, meeting.TumourGroup,
            meeting.ChairId is null ? null : names.GetValueOrDefault(meeting.ChairId), meeting.Status,
            meeting.Attendees.OrderBy(a => a.Id).Select(a => $"{a.Name} ({a.Specialty})").ToList(),
            Quorum.Evaluate(QuorumRequirement.Of(meeting), meeting.Attendees.Select(a => a.Specialty)),
            meeting.QuorumOverrideReason, rows);
    }
}
