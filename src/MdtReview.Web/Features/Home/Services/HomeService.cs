using MdtReview.Data;
using MdtReview.Data.Evidence;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Patients.Services;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Home.Services;

public sealed record NextMeeting(int Id, DateTime StartsAt, string TumourGroup, int CaseCount);

public sealed record HomeSummary(
    string DisplayName,
    IReadOnlySet<string> Roles,
    NextMeeting? NextMeeting,
    int ActivePatients,
    int NewReferrals,
    int Users,
    int DisabledUsers)
{
    public bool Can(Capability capability) => Capabilities.Grant(Roles, capability);
}

/// <summary>What the home page shows; each figure is computed only for the roles that may see it.</summary>
public sealed class HomeService(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, TimeProvider clock, PatientListService patients)
{
    public const int AttentionListSize = 8;

    /// <summary>
    /// The alerts that put a patient on the oncologist's home page (overview §5): overdue scan, grade ≥2 irAE, iUPD awaiting
    /// confirmation, and a recent grade ≥3 lab result. Bloods due is routine work for the day unit and stays on the list page.
    /// </summary>
    public static readonly IReadOnlyList<PatientAlertKind> AttentionAlerts =
    [
        PatientAlertKind.IraeGrade2OrAbove, PatientAlertKind.RecentLabGrade3OrAbove, PatientAlertKind.IupdAwaitingConfirmation, PatientAlertKind.ScanOverdue,
    ];

    public async Task<HomeSummary?> GetAsync(CancellationToken cancellationToken = default)
    {
        var user = await currentUser.GetAsync(cancellationToken);
        if (user is null)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        NextMeeting? nextMeeting = null;
        var activePatients = 0;
        if (user.Can(Capability.ViewClinicalData))
        {
            var now = clock.GetUtcNow().UtcDateTime;
            nextMeeting = await db.Meetings.AsNoTracking()
                .Where(m => m.Status != MeetingStatus.Closed && m.StartsAt >= now.Date)
                .OrderBy(m => m.StartsAt)
                .Select(m => new NextMeeting(m.Id, m.StartsAt, m.TumourGroup, m.Cases.Count))
                .FirstOrDefaultAsync(cancellationToken);
            activePatients = await db.Patients.CountAsync(p => p.TreatmentCourses.Any(c => c.Status == TreatmentStatus.Active), cancellationToken);
        }

        var newReferrals = 0;
        if (user.Can(Capability.ScreenReferrals))
        {
            // Only referrals to trials where this user is on the team.
            newReferrals = await db.TrialReferrals.CountAsync(
                r => r.Status == ReferralStatus.Referred && db.TrialTeamMembers.Any(m => m.TrialId == r.TrialId && m.UserId == user.Id),
                cancellationToken);
        }

        int users = 0, disabledUsers = 0;
        if (user.Can(Capability.Administration))
        {
            users = await db.Users.CountAsync(cancellationToken);
            disabledUsers = await db.Users.CountAsync(u => u.IsDisabled, cancellationToken);
        }

        return new HomeSummary(user.DisplayName, user.Roles, nextMeeting, activePatients, newReferrals, users, disabledUsers);
    }

    /// <summary>
    /// For oncologists: the patients with an alert that needs the team, soonest scan first (the first
    /// <see cref="AttentionListSize"/> and the total); refused for every other role.
    /// </summary>
    public async Task<PatientListPage> GetNeedingAttentionAsync(CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.EditClinicalData, cancellationToken) is null)
        {
            return PatientListPage.Refused;
        }

        return await patients.ListAsync(
            new PatientListRequest(new PatientListFilter { Alerts = AttentionAlerts }, PatientSort.NextScanDue, PageSize: AttentionListSize), cancellationToken);
    }
}
