using MdtReview.Data.Evidence;
using MdtReview.Data.Auditing;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Data.Seeding;

public sealed record SeedResult(bool Seeded, string Summary);

/// <summary>Seeds the roles, the demo users and the demo cohort. Idempotent: does nothing when the demo users exist.</summary>
public sealed class DemoSeeder(
    IDbContextFactory<MdtReviewDbContext> contextFactory,
    UserManager<ApplicationUser> userManager,
    RoleManager<IdentityRole> roleManager,
    TimeProvider timeProvider)
{
    /// <summary>Every row the seed writes is audited like any other write, as the system actor <c>system:seed</c>.</summary>
    public static readonly AuditActor Actor = AuditActor.System("system:seed");

    public async Task<SeedResult> SeedAsync(CancellationToken cancellationToken = default)
    {
        using var actor = AuditActorScope.Use(Actor);
        await EnsureRolesAsync(roleManager);
        if (await userManager.FindByEmailAsync(DemoUsers.All[0].Email) is not null)
        {
            return new SeedResult(false, "demo data already present");
        }

        var users = new Dictionary<string, string>();
        var created = new List<ApplicationUser>();
        try
        {
            foreach (var demo in DemoUsers.All)
            {
                var user = new ApplicationUser
                {
                    UserName = demo.Email,
                    Email = demo.Email,
                    EmailConfirmed = true,
                    DisplayName = demo.DisplayName,
                    Specialty = demo.Specialty,
                };
                ThrowIfFailed(await userManager.CreateAsync(user, DemoUsers.Password), demo.Email);
                created.Add(user);
                ThrowIfFailed(await userManager.AddToRoleAsync(user, demo.Role), demo.Email);
                users[demo.Email] = user.Id;
            }

            var summary = await SeedCohortAsync(users, cancellationToken);
            return new SeedResult(true, $"{users.Count} demo users; {summary}");
        }
        catch
        {
            // The users are the "already seeded" marker: remove them so a later run seeds the whole demo again.
            foreach (var user in created)
            {
                await userManager.DeleteAsync(user);
            }

            throw;
        }
    }

    private async Task<string> SeedCohortAsync(Dictionary<string, string> users, CancellationToken cancellationToken)
    {
        var ids = new DemoUserIds(
            users["oncologist@demo.mdtreview.local"], users["oncologist2@demo.mdtreview.local"], users["governance@demo.mdtreview.local"],
            users["pi@demo.mdtreview.local"], users["pi2@demo.mdtreview.local"], users["admin@demo.mdtreview.local"]);
        var today = DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);
        var cohort = new DemoCohort(today, ids);
        cohort.Build();

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // In stages, because decisions and referrals point at rows by id without a navigation (trial, decision, deferred case).
        db.Patients.AddRange(cohort.Patients);
        db.Trials.AddRange(cohort.Trials);
        await db.SaveChangesAsync(cancellationToken);

        db.Meetings.AddRange(cohort.Meetings);
        await db.SaveChangesAsync(cancellationToken);

        if (cohort.DeferredCase is var (from, to))
        {
            to.DeferredFromCaseId = from.Id;
        }

        foreach (var (decision, trialIndex) in cohort.Decisions)
        {
            decision.TrialId = trialIndex is int t ? cohort.Trials[t].Id : null;
            db.Decisions.Add(decision);
        }

        await db.SaveChangesAsync(cancellationToken);

        foreach (var (amendment, supersedes) in cohort.Amendments)
        {
            amendment.SupersedesId = supersedes.Id;
            db.Decisions.Add(amendment);
        }

        await db.SaveChangesAsync(cancellationToken);

        foreach (var (decision, referral) in cohort.Referrals)
        {
            referral.DecisionId = decision.Id;
            db.TrialReferrals.Add(referral);
        }

        await db.SaveChangesAsync(cancellationToken);

        // The alerts the patient list and home page filter on, computed for the cohort as it stands today.
        await PatientAlerts.RefreshAsync(db, [.. cohort.Patients.Select(x => x.Id)], today, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var p = cohort.Patients;
        string BySite(TumourSite site) => $"{p.Count(x => x.TumourSite == site)} {site.ToString().ToLowerInvariant()}";
        return $"{p.Count} patients ({BySite(TumourSite.Lung)}, {BySite(TumourSite.Melanoma)}, {BySite(TumourSite.Renal)}, {BySite(TumourSite.Bladder)}), "
            + $"{p.Sum(x => x.TreatmentCourses.Count)} treatment courses, {p.Sum(x => x.TreatmentCourses.Sum(c => c.Infusions.Count))} infusions, "
            + $"{p.Sum(x => x.LabResults.Count)} lab results, {p.Sum(x => x.AdverseEvents.Count)} irAEs, "
            + $"{p.Sum(x => x.Scans.Count)} scans, {cohort.Meetings.Count} meetings, {cohort.Decisions.Count + cohort.Amendments.Count} decisions, "
            + $"{cohort.Trials.Count} trials, {cohort.Referrals.Count} referrals";
    }

    public static async Task EnsureRolesAsync(RoleManager<IdentityRole> roleManager)
    {
        foreach (var role in Roles.All)
        {
            if (!await roleManager.RoleExistsAsync(role))
            {
                ThrowIfFailed(await roleManager.CreateAsync(new IdentityRole(role)), role);
            }
        }
    }

    private static void ThrowIfFailed(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Seeding {what} failed: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
