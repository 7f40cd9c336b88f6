using MdtReview.Data;
using MdtReview.Data.Identity;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Meetings.Services;

/// <summary>
/// The active clinical users a meeting form offers, by name: oncologists to chair a new meeting, or oncologists and
/// governance leads to record as attending by their account.
/// </summary>
public sealed class ListClinicians(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory)
{
    public async Task<IReadOnlyList<PersonOption>> HandleAsync(ClinicianChoice choice, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.PrepareMeetings, cancellationToken) is null)
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var oncologists = await InRole(db, Roles.Oncologist).ToListAsync(cancellationToken);
        if (choice == ClinicianChoice.Chair)
        {
            return oncologists;
        }

        var governance = await InRole(db, Roles.GovernanceLead).ToListAsync(cancellationToken);
        return oncologists.Concat(governance).DistinctBy(p => p.Id).OrderBy(p => p.Name).ToList();
    }

    private static IQueryable<PersonOption> InRole(MdtReviewDbContext db, string role) =>
        MeetingSupport.ActiveUsersInRoles(db, [role]).OrderBy(u => u.DisplayName).Select(u => new PersonOption(u.Id, u.DisplayName, u.Specialty));
}
