using MdtReview.Data;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Trials.Services;
using MdtReview.Web.Tests.Features.Meetings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.Web.Tests.Features.Trials;

/// <summary>A fresh database per test with an administrator signed in, three trial investigators and an oncologist.</summary>
public abstract class TrialUseCaseTestBase : IAsyncLifetime
{
    protected ServiceTestHost Host { get; private set; } = default!;
    protected string AdminId { get; private set; } = "";
    protected string PiId { get; private set; } = "";
    protected string Pi2Id { get; private set; } = "";
    protected string NurseId { get; private set; } = "";
    protected string OncologistId { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        Host = await ServiceTestHost.StartAsync();
        AdminId = await Host.CreateUserAsync("admin@test.local", Roles.Administrator);
        PiId = await Host.CreateUserAsync("pi@test.local", Roles.TrialInvestigator);
        Pi2Id = await Host.CreateUserAsync("pi2@test.local", Roles.TrialInvestigator);
        NurseId = await Host.CreateUserAsync("nurse@test.local", Roles.TrialInvestigator);
        OncologistId = await Host.CreateUserAsync("oncologist@test.local", Roles.Oncologist);
        Host.SignInAs(AdminId, "admin@test.local");
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Runs <paramref name="action"/> with the trial use cases, all from one scope as a page's would be.</summary>
    protected Task<T> Trials<T>(Func<TrialUseCases, Task<T>> action) => Host.WithScopeAsync(sp => action(new TrialUseCases(
        ActivatorUtilities.CreateInstance<ListTrials>(sp), ActivatorUtilities.CreateInstance<ListInvestigators>(sp),
        ActivatorUtilities.CreateInstance<OpenTrialForEdit>(sp), ActivatorUtilities.CreateInstance<CreateTrial>(sp),
        ActivatorUtilities.CreateInstance<UpdateTrial>(sp))));

    protected Task<T> Db<T>(Func<MdtReviewDbContext, Task<T>> action) => Host.WithScopeAsync(async sp =>
    {
        await using var db = await sp.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync();
        return await action(db);
    });

    protected TrialDraft Draft(string registryId = "NCT01234567")
    {
        var draft = TrialRulesTests.ValidDraft();
        draft.RegistryId = registryId;
        draft.PrincipalInvestigatorId = PiId;
        draft.Team = [new TeamMemberDraft { UserId = NurseId, Role = TrialTeamRole.ResearchNurse }];
        return draft;
    }

    protected async Task<TrialDraft> CreateAsync(TrialDraft draft)
    {
        var result = await Trials(s => s.Create.HandleAsync(draft));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => $"{e.Key}: {e.Value}")));
        return (await Trials(s => s.Open.HandleAsync(result.Id!.Value)))!.Draft;
    }
}

public sealed record TrialUseCases(ListTrials List, ListInvestigators Investigators, OpenTrialForEdit Open, CreateTrial Create, UpdateTrial Update);
