using MdtReview.Data;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MdtReview.Web.Features.Meetings.Services;

/// <summary>
/// Meetings: the list, creation, the agenda view, attendance, starting and closing. Oncologists change them; governance
/// leads read them; nobody else sees them (a refused read looks like a missing meeting).
/// </summary>
public sealed class MeetingService(
    CurrentUserService currentUser,
    IDbContextFactory<MdtReviewDbContext> contextFactory,
    MeetingClock clock,
    IOptions<QuorumOptions> quorumOptions)
{

    public async Task<MeetingLists?> ListAsync(CancellationToken cancellationToken = default)
    {
        var user = await currentUser.RequireAsync(Capability.ViewClinicalData, cancellationToken);
        if (user is null)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var meetings = await db.Meetings.AsNoTracking()
            .Select(m => new { m.Id, m.StartsAt, m.TumourGroup, m.ChairId, m.Status, Cases = m.Cases.Count })
            .ToListAsync(cancellationToken);
        var names = await UserNamesAsync(db, meetings.Select(m => m.ChairId), cancellationToken);
        var rows = meetings.Select(m => new MeetingRow(m.Id, m.StartsAt, m.TumourGroup, m.ChairId is null ? null : names.GetValueOrDefault(m.ChairId), m.Cases, m.Status)).ToList();

        // Upcoming: anything not yet closed, soonest first; past: closed, most recent first.
        return new MeetingLists(
            rows.Where(r => r.Status != MeetingStatus.Closed).OrderBy(r => r.StartsAt).ToList(),
            rows.Where(r => r.Status == MeetingStatus.Closed).OrderByDescending(r => r.StartsAt).ToList(),
            user.Can(Capability.PrepareMeetings));
    }

    /// <summary>Active oncologists, who may chair a meeting.</summary>
    public async Task<IReadOnlyList<PersonOption>> OncologistsAsync(CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.PrepareMeetings, cancellationToken) is null)
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await ActiveUsersInRole(db, Roles.Oncologist).ToListAsync(cancellationToken);
    }

    /// <summary>Active clinical users (oncologists and governance leads) who can be recorded as attendees.</summary>
    public async Task<IReadOnlyList<PersonOption>> AttendeeCandidatesAsync(CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.PrepareMeetings, cancellationToken) is null)
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var oncologists = await ActiveUsersInRole(db, Roles.Oncologist).ToListAsync(cancellationToken);
        var governance = await ActiveUsersInRole(db, Roles.GovernanceLead).ToListAsync(cancellationToken);
        return oncologists.Concat(governance).DistinctBy(p => p.Id).OrderBy(p => p.Name).ToList();
    }

    public async Task<MeetingResult> CreateAsync(NewMeeting input, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.PrepareMeetings, cancellationToken) is null)
        {
            return MeetingResult.Fail("", MeetingResult.Forbidden);
        }

        var errors = new Dictionary<string, string>();
        if (input.Date is null)
        {
            errors[nameof(NewMeeting.Date)] = "Choose the meeting date.";
        }

        if (input.Time is null)
        {
            errors[nameof(NewMeeting.Time)] = "Choose the start time.";
        }

        var group = TumourGroups.Find(input.TumourGroup);
        if (group is null)
        {
            errors[nameof(NewMeeting.TumourGroup)] = "Choose the tumour group.";
        }

        if (string.IsNullOrWhiteSpace(input.ChairId))
        {
            errors[nameof(NewMeeting.ChairId)] = "Choose the chair.";
        }

        DateTime startsAt = default;
        if (input is { Date: { } date, Time: { } time })
        {
            startsAt = clock.ToUtc(date, time);
            if (startsAt <= clock.UtcNow)
            {
                errors[nameof(NewMeeting.Date)] = "The meeting cannot be in the past.";
            }
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!string.IsNullOrWhiteSpace(input.ChairId) &&
            !await ActiveUsersInRoles(db, [Roles.Oncologist]).AnyAsync(u => u.Id == input.ChairId, cancellationToken))
        {
            errors[nameof(NewMeeting.ChairId)] = "The chair must be an active oncologist.";
        }

        if (errors.Count > 0)
        {
            return MeetingResult.Fail(errors);
        }

        var quorum = quorumOptions.Value;
        var meeting = new Meeting
        {
            StartsAt = startsAt,
            TumourGroup = group!.Name,
            ChairId = input.ChairId,
            Status = MeetingStatus.Planned,
            QuorumOncologists = quorum.Oncologists,
            QuorumRadiologists = quorum.Radiologists,
            QuorumOtherSpecialties = quorum.OtherSpecialties,
        };
        db.Meetings.Add(meeting);
        await db.SaveChangesAsync(cancellationToken);
        return MeetingResult.Ok(meeting.Id);
    }

    public async Task<MeetingDetail?> GetAsync(int meetingId, CancellationToken cancellationToken = default)
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
        var names = await UserNamesAsync(db, [meeting.ChairId], cancellationToken);
        var requirement = RequirementOf(meeting);
        var attendees = meeting.Attendees.OrderBy(a => a.Id).Select(a => new AttendeeView(a.Id, a.UserId, a.Name, a.Specialty)).ToList();

        return new MeetingDetail(
            meeting.Id, meeting.StartsAt, meeting.TumourGroup, meeting.ChairId,
            meeting.ChairId is null ? null : names.GetValueOrDefault(meeting.ChairId), meeting.Status, meeting.Version,
            requirement, Quorum.Evaluate(requirement, attendees.Select(a => a.Specialty)), meeting.QuorumOverrideReason, meeting.ClosedAt,
            cases.Select(c => new AgendaCase(c.Id, c.Position, c.PatientId, OutcomeNames.PatientName(c.FamilyName, c.GivenName), c.Mrn, c.NhsNumber,
                c.DateOfBirth, c.Question, c.SuggestionReason, c.Status, deferrals.GetValueOrDefault(c.Id), c.HasFinal, c.DeferredTo, c.Version)).ToList(),
            attendees, user.Can(Capability.PrepareMeetings), meeting.ChairId == user.Id);
    }

    public async Task<MeetingResult> AddAttendeeAsync(int meetingId, NewAttendee input, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.PrepareMeetings, cancellationToken) is null)
        {
            return MeetingResult.Fail("", MeetingResult.Forbidden);
        }

        var specialty = input.Specialty?.Trim();
        if (string.IsNullOrEmpty(specialty))
        {
            return MeetingResult.Fail(nameof(NewAttendee.Specialty), "Choose the attendee's specialty.");
        }

        if (specialty.Length > 100)
        {
            return MeetingResult.Fail(nameof(NewAttendee.Specialty), "Use at most 100 characters.");
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var meeting = await db.Meetings.Include(m => m.Attendees).SingleOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
        if (meeting is null)
        {
            return MeetingResult.Fail("", "This meeting no longer exists.");
        }

        if (meeting.Status == MeetingStatus.Closed)
        {
            return MeetingResult.Fail("", "The meeting is closed; its attendance can no longer change.");
        }

        string name;
        if (!string.IsNullOrWhiteSpace(input.UserId))
        {
            var person = await ActiveUsersInRoles(db, [Roles.Oncologist, Roles.GovernanceLead]).Where(u => u.Id == input.UserId)
                .Select(u => new PersonOption(u.Id, u.DisplayName, u.Specialty)).SingleOrDefaultAsync(cancellationToken);
            if (person is null)
            {
                return MeetingResult.Fail(nameof(NewAttendee.UserId), "Choose an active clinical user.");
            }

            if (meeting.Attendees.Any(a => a.UserId == person.Id))
            {
                return MeetingResult.Fail(nameof(NewAttendee.UserId), $"{person.Name} is already recorded as attending.");
            }

            name = person.Name;
        }
        else
        {
            name = input.GuestName?.Trim() ?? "";
            if (name.Length == 0)
            {
                return MeetingResult.Fail(nameof(NewAttendee.GuestName), "Choose a user or enter the guest's name.");
            }

            if (name.Length > 100)
            {
                return MeetingResult.Fail(nameof(NewAttendee.GuestName), "Use at most 100 characters.");
            }

            if (meeting.Attendees.Any(a => a.UserId is null && string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                return MeetingResult.Fail(nameof(NewAttendee.GuestName), $"{name} is already recorded as attending.");
            }
        }

        var attendee = new MeetingAttendee { UserId = string.IsNullOrWhiteSpace(input.UserId) ? null : input.UserId, Name = name, Specialty = specialty };
        meeting.Attendees.Add(attendee);
        await db.SaveChangesAsync(cancellationToken);
        return MeetingResult.Ok(attendee.Id);
    }

    public async Task<MeetingResult> RemoveAttendeeAsync(int meetingId, int attendeeId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.PrepareMeetings, cancellationToken) is null)
        {
            return MeetingResult.Fail("", MeetingResult.Forbidden);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var meeting = await db.Meetings.Include(m => m.Attendees).SingleOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
        if (meeting is null)
        {
            return MeetingResult.Fail("", "This meeting no longer exists.");
        }

        if (meeting.Status == MeetingStatus.Closed)
        {
            return MeetingResult.Fail("", "The meeting is closed; its attendance can no longer change.");
        }

        var attendee = meeting.Attendees.SingleOrDefault(a => a.Id == attendeeId);
        if (attendee is not null)
        {
            db.MeetingAttendees.Remove(attendee);
            await db.SaveChangesAsync(cancellationToken);
        }

        return MeetingResult.Ok();
    }

    public async Task<MeetingResult> StartAsync(int meetingId, uint expectedVersion, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.PrepareMeetings, cancellationToken) is null)
        {
            return MeetingResult.Fail("", MeetingResult.Forbidden);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var meeting = await db.Meetings.SingleOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
        if (meeting is null)
        {
            return MeetingResult.Fail("", "This meeting no longer exists.");
        }

        if (meeting.Status != MeetingStatus.Planned)
        {
            return MeetingResult.Fail("", "Only a planned meeting can be started.");
        }

        meeting.Status = MeetingStatus.InProgress;
        return await SaveVersionedAsync(db, meeting, expectedVersion, cancellationToken);
    }

    /// <summary>
    /// Closes an in-progress meeting in one save: cases with a final decision become discussed, the chosen undiscussed cases
    /// move to a later planned meeting of the same tumour group, and a meeting without quorum records the chair's reason.
    /// </summary>
    public async Task<MeetingResult> CloseAsync(int meetingId, CloseMeeting input, uint expectedVersion, CancellationToken cancellationToken = default)
    {
        var user = await currentUser.RequireAsync(Capability.PrepareMeetings, cancellationToken);
        if (user is null)
        {
            return MeetingResult.Fail("", MeetingResult.Forbidden);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var meeting = await db.Meetings.Include(m => m.Attendees).Include(m => m.Cases).SingleOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
        if (meeting is null)
        {
            return MeetingResult.Fail("", "This meeting no longer exists.");
        }

        if (meeting.Status != MeetingStatus.InProgress)
        {
            return MeetingResult.Fail("", meeting.Status == MeetingStatus.Closed ? "The meeting is already closed." : "Start the meeting before closing it.");
        }

        var quorum = Quorum.Evaluate(RequirementOf(meeting), meeting.Attendees.Select(a => a.Specialty));
        var reason = input.QuorumReason?.Trim();
        if (!quorum.Met)
        {
            if (meeting.ChairId != user.Id)
            {
                return MeetingResult.Fail(nameof(CloseMeeting.QuorumReason), $"{quorum.Text}. Only the chair can close a meeting without quorum, giving a reason.");
            }

            if (string.IsNullOrEmpty(reason))
            {
                return MeetingResult.Fail(nameof(CloseMeeting.QuorumReason), $"{quorum.Text}. Give the chair's reason for closing without quorum.");
            }

            if (reason.Length > 1000)
            {
                return MeetingResult.Fail(nameof(CloseMeeting.QuorumReason), "Use at most 1000 characters.");
            }
        }

        var caseIds = meeting.Cases.Select(c => c.Id).ToList();
        var decided = await db.Decisions.Where(d => d.MeetingCaseId != null && caseIds.Contains(d.MeetingCaseId.Value) && d.Status == DecisionStatus.Final)
            .Select(d => d.MeetingCaseId!.Value).Distinct().ToListAsync(cancellationToken);
        foreach (var meetingCase in meeting.Cases.Where(c => c.Status == MeetingCaseStatus.Listed && decided.Contains(c.Id)))
        {
            meetingCase.Status = MeetingCaseStatus.Discussed;
        }

        var toDefer = meeting.Cases.Where(c => input.DeferCaseIds.Contains(c.Id)).ToList();
        if (toDefer.Count != input.DeferCaseIds.Distinct().Count() || toDefer.Any(c => c.Status != MeetingCaseStatus.Listed))
        {
            return MeetingResult.Fail(nameof(CloseMeeting.DeferCaseIds), "Only cases of this meeting that were not discussed can be deferred.");
        }

        if (toDefer.Count > 0)
        {
            var target = input.DeferToMeetingId is { } targetId
                ? await db.Meetings.Include(m => m.Cases).SingleOrDefaultAsync(m => m.Id == targetId, cancellationToken)
                : null;
            if (target is null || target.Id == meeting.Id || target.Status != MeetingStatus.Planned ||
                !string.Equals(target.TumourGroup, meeting.TumourGroup, StringComparison.OrdinalIgnoreCase) || target.StartsAt <= meeting.StartsAt)
            {
                return MeetingResult.Fail(nameof(CloseMeeting.DeferToMeetingId), $"Choose a later planned {meeting.TumourGroup} meeting to defer the cases to.");
            }

            var position = target.Cases.Count == 0 ? 0 : target.Cases.Max(c => c.Position);
            foreach (var meetingCase in toDefer.OrderBy(c => c.Position))
            {
                meetingCase.Status = MeetingCaseStatus.Deferred;
                var existing = target.Cases.FirstOrDefault(c => c.PatientId == meetingCase.PatientId);
                if (existing is not null)
                {
                    existing.DeferredFromCaseId ??= meetingCase.Id;
                    continue;
                }

                target.Cases.Add(new MeetingCase
                {
                    PatientId = meetingCase.PatientId,
                    Position = ++position,
                    Question = meetingCase.Question,
                    PresenterId = meetingCase.PresenterId,
                    SuggestionReason = meetingCase.SuggestionReason,
                    Status = MeetingCaseStatus.Listed,
                    DeferredFromCaseId = meetingCase.Id,
                });
            }

            // The target's agenda changed: anyone editing it from an older view gets a conflict, not a silent merge.
            db.Entry(target).State = EntityState.Modified;
        }

        meeting.Status = MeetingStatus.Closed;
        meeting.ClosedAt = clock.UtcNow;
        meeting.QuorumOverrideReason = quorum.Met ? null : reason;
        return await SaveVersionedAsync(db, meeting, expectedVersion, cancellationToken);
    }

    /// <summary>Later planned meetings of the same tumour group: where undiscussed cases can be deferred to.</summary>
    public async Task<IReadOnlyList<MeetingRow>> DeferralTargetsAsync(int meetingId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.PrepareMeetings, cancellationToken) is null)
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var meeting = await db.Meetings.AsNoTracking().SingleOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
        if (meeting is null)
        {
            return [];
        }

        var targets = await db.Meetings.AsNoTracking()
            .Where(m => m.Id != meetingId && m.Status == MeetingStatus.Planned && m.TumourGroup == meeting.TumourGroup && m.StartsAt > meeting.StartsAt)
            .Select(m => new { m.Id, m.StartsAt, m.TumourGroup, m.ChairId, m.Status, Cases = m.Cases.Count })
            .ToListAsync(cancellationToken);
        var names = await UserNamesAsync(db, targets.Select(t => t.ChairId), cancellationToken);
        return targets.OrderBy(t => t.StartsAt)
            .Select(t => new MeetingRow(t.Id, t.StartsAt, t.TumourGroup, t.ChairId is null ? null : names.GetValueOrDefault(t.ChairId), t.Cases, t.Status))
            .ToList();
    }

    internal static QuorumRequirement RequirementOf(Meeting meeting) =>
        new(meeting.QuorumOncologists, meeting.QuorumRadiologists, meeting.QuorumOtherSpecialties);

    /// <summary>Saves with the caller's version as the concurrency token, so a change based on an older view is refused.</summary>
    internal static async Task<MeetingResult> SaveVersionedAsync(MdtReviewDbContext db, Meeting meeting, uint expectedVersion, CancellationToken cancellationToken)
    {
        var entry = db.Entry(meeting);
        if (entry.State == EntityState.Unchanged)
        {
            entry.State = EntityState.Modified;
        }

        entry.Property(m => m.Version).OriginalValue = expectedVersion;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return MeetingResult.Ok(meeting.Id);
        }
        catch (DbUpdateConcurrencyException)
        {
            return MeetingResult.ConflictWith();
        }
    }

    /// <summary>How many times each case was deferred: the length of its DeferredFromCaseId chain.</summary>
    internal static async Task<Dictionary<int, int>> DeferralCountsAsync(MdtReviewDbContext db, IReadOnlyList<(int Id, int? From)> cases, CancellationToken cancellationToken)
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

    internal static async Task<Dictionary<string, string>> UserNamesAsync(MdtReviewDbContext db, IEnumerable<string?> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.OfType<string>().Distinct().ToList();
        return wanted.Count == 0
            ? []
            : await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
    }

    private static IQueryable<PersonOption> ActiveUsersInRole(MdtReviewDbContext db, string role) =>
        ActiveUsersInRoles(db, [role]).OrderBy(u => u.DisplayName).Select(u => new PersonOption(u.Id, u.DisplayName, u.Specialty));

    private static IQueryable<ApplicationUser> ActiveUsersInRoles(MdtReviewDbContext db, string[] roles) =>
        db.Users.Where(u => !u.IsDisabled && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && roles.Contains(r.Name!))));
}
