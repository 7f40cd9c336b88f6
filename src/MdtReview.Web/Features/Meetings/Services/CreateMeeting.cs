using MdtReview.Data;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MdtReview.Web.Features.Meetings.Services;

/// <summary>
/// Plans a meeting: a future date and time, a tumour group and an active oncologist as chair. The meeting takes the
/// configured quorum at creation, so a later change of configuration does not rewrite past meetings.
/// </summary>
public sealed class CreateMeeting(
    CurrentUserService currentUser,
    IDbContextFactory<MdtReviewDbContext> contextFactory,
    MeetingClock clock,
    IOptions<QuorumOptions> quorumOptions)
{
    public async Task<MeetingResult> HandleAsync(NewMeeting input, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.PrepareMeetings, cancellationToken) is null)
        {
            return MeetingSupport.Forbidden();
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
            !await MeetingSupport.ActiveUsersInRoles(db, [Roles.Oncologist]).AnyAsync(u => u.Id == input.ChairId, cancellationToken))
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
}
