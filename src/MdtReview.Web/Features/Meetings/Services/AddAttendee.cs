using MdtReview.Data;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Meetings.Services;

/// <summary>
/// Records someone as attending a meeting that is not yet closed: an active clinical user by their account, or a guest by
/// name, each with the specialty that counts towards quorum. Nobody is recorded twice.
/// </summary>
public sealed class AddAttendee(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory)
{
    public async Task<MeetingResult> HandleAsync(int meetingId, NewAttendee input, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.PrepareMeetings, cancellationToken) is null)
        {
            return MeetingSupport.Forbidden();
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
        if (meeting is null || !MeetingWorkflow.AcceptsChanges(meeting.Status))
        {
            return MeetingSupport.Refused(meeting, MeetingSupport.AttendanceClosed);
        }

        string name;
        if (!string.IsNullOrWhiteSpace(input.UserId))
        {
            var person = await MeetingSupport.ActiveUsersInRoles(db, [Roles.Oncologist, Roles.GovernanceLead]).Where(u => u.Id == input.UserId)
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
}
