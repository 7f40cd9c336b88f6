using MdtReview.Clinical.GuidelineCheck;
using MdtReview.Data;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Data.Seeding;
using MdtReview.Web.Features.Decisions.Services;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.Web.Tests.Features.Decisions;

/// <summary>The demo cohort seeded once into a SQLite test database, with the demo users' ids and the decision services.</summary>
public sealed class DemoDecisions : IAsyncLifetime
{
    public ServiceTestHost Host { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        Host = await ServiceTestHost.StartAsync();
        await Host.WithScopeAsync(sp => sp.GetRequiredService<DemoSeeder>().SeedAsync());
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();

    public void SignInAs(string role) => Host.SignInAs(UserId(DemoUsers.All.First(u => u.Role == role).Email).GetAwaiter().GetResult());

    public Task<string> UserId(string email) => Host.WithScopeAsync(async sp => (await sp.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!.Id);

    public Task<T> Db<T>(Func<MdtReviewDbContext, Task<T>> query) => Host.WithScopeAsync(async sp =>
    {
        await using var db = await sp.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync();
        return await query(db);
    });

    public Task<DecisionView?> View(int id) => Host.WithScopeAsync(sp => ActivatorUtilities.CreateInstance<DecisionViewService>(sp).GetAsync(id));

    public Task<DecisionLetterResult> Letter(int id) => Host.WithScopeAsync(sp =>
        ActivatorUtilities.CreateInstance<DecisionLetterService>(sp, ActivatorUtilities.CreateInstance<DecisionViewService>(sp)).CreateAsync(id));

    /// <summary>The demo's amended decision: version 2, departing from the guideline.</summary>
    public Task<Decision> Amendment() => Db(db => db.Decisions.SingleAsync(d => d.VersionNumber == 2));

    /// <summary>The meeting-2 pause for grade 3 hepatitis.</summary>
    public Task<Decision> HepatitisPause() => Db(db => db.Decisions.SingleAsync(d => d.Outcome == DecisionOutcome.Pause && d.MeetingCaseId != null));
}
