using System.Security.Claims;
using MdtReview.Data;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Data.Seeding;
using MdtReview.Testing;
using MdtReview.Web.Features.Trials;
using MdtReview.Web.Features.Trials.Services;
using MdtReview.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.IntegrationTests.Trials;

/// <summary>
/// The trial's version token on each provider (xmin on PostgreSQL, application-managed on SQLite) covers the whole trial:
/// a save that changed only the team or the criteria still makes an older copy conflict.
/// </summary>
public abstract class UpdateTrialConcurrencyTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly SwitchableAuthenticationStateProvider _authentication = new();
    private string _connectionString = "";
    private string? _sqliteFile;
    private ServiceProvider _services = default!;
    private string _piId = "";
    private string _nurseId = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        if (provider == DatabaseProvider.PostgreSql)
        {
            _connectionString = await PostgresTestServer.CreateDatabaseAsync();
        }
        else
        {
            _sqliteFile = Path.Combine(Path.GetTempPath(), $"mdtreview-trials-{Guid.NewGuid():N}.db");
            _connectionString = $"Data Source={_sqliteFile}";
        }

        _services = TestDatabase.CreateServices(provider, _connectionString, services =>
        {
            services.AddSingleton<AuthenticationStateProvider>(_authentication);
            services.AddScoped<CurrentUserService>();
            services.AddTrials();
        });
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(Ct);
        await DemoSeeder.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var adminId = await CreateUserAsync(users, "admin@test.local", Roles.Administrator);
        _piId = await CreateUserAsync(users, "pi@test.local", Roles.TrialInvestigator);
        _nurseId = await CreateUserAsync(users, "nurse@test.local", Roles.TrialInvestigator);
        _authentication.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, adminId)], "Test"));
    }

    private static async Task<string> CreateUserAsync(UserManager<ApplicationUser> users, string email, string role)
    {
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email.Split('@')[0] };
        Assert.True((await users.CreateAsync(user)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return user.Id;
    }

    private T NewUseCase<T>() where T : notnull => _services.CreateScope().ServiceProvider.GetRequiredService<T>();

    private async Task<TrialDraft> CreateTrialAsync(string registryId)
    {
        var draft = new TrialDraft
        {
            Title = $"Trial {registryId}", RegistryId = registryId, Phase = "Phase 3", TumourSites = [TumourSite.Lung], PrincipalInvestigatorId = _piId,
            Team = [new TeamMemberDraft { UserId = _nurseId, Role = TrialTeamRole.ResearchNurse }], EligibilitySummary = "Advanced NSCLC after anti-PD-1.",
            Criteria = [new CriterionDraft { Text = "ECOG 0–1" }],
        };
        var created = await NewUseCase<CreateTrial>().HandleAsync(draft, Ct);
        Assert.True(created.Succeeded);
        return (await NewUseCase<OpenTrialForEdit>().HandleAsync(created.Id!.Value, Ct))!.Draft;
    }

    [Fact]
    public async Task A_change_to_the_team_alone_makes_an_older_copy_conflict_and_the_removed_member_is_gone()
    {
        var opened = await CreateTrialAsync("NCT00000001");
        var teamOnly = opened.Copy();
        teamOnly.Team.Clear();
        Assert.True((await NewUseCase<UpdateTrial>().HandleAsync(teamOnly, Ct)).Succeeded);

        var stale = opened.Copy();
        stale.Title = "Renamed from a stale copy";
        var result = await NewUseCase<UpdateTrial>().HandleAsync(stale, Ct);

        Assert.Equal(TrialOutcome.Conflict, result.Outcome);
        Assert.Empty(result.Conflict!.Theirs.Team);
        await using var scope = _services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync(Ct);
        Assert.Equal([_piId], await db.TrialTeamMembers.Where(m => m.TrialId == opened.Id).Select(m => m.UserId).ToListAsync(Ct));
        Assert.Equal("Trial NCT00000001", await db.Trials.Where(t => t.Id == opened.Id).Select(t => t.Title).SingleAsync(Ct));
    }

    [Fact]
    public async Task A_change_to_the_criteria_alone_makes_an_older_copy_conflict()
    {
        var opened = await CreateTrialAsync("2024-000002-11");
        var criteriaOnly = opened.Copy();
        criteriaOnly.Criteria.Add(new CriterionDraft { Text = "Measurable disease", IsExclusion = false });
        Assert.True((await NewUseCase<UpdateTrial>().HandleAsync(criteriaOnly, Ct)).Succeeded);

        var stale = opened.Copy();
        stale.Status = TrialStatus.Paused;

        Assert.Equal(TrialOutcome.Conflict, (await NewUseCase<UpdateTrial>().HandleAsync(stale, Ct)).Outcome);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (provider == DatabaseProvider.PostgreSql)
        {
            await PostgresTestServer.DropDatabaseAsync(_connectionString);
        }
        else if (_sqliteFile is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm" })
            {
                File.Delete(file);
            }
        }

        GC.SuppressFinalize(this);
    }

    private sealed class SwitchableAuthenticationStateProvider : AuthenticationStateProvider
    {
        public ClaimsPrincipal User { get; set; } = new(new ClaimsIdentity());

        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(User));
    }
}

public sealed class SqliteUpdateTrialConcurrencyTests() : UpdateTrialConcurrencyTests(DatabaseProvider.Sqlite);

public sealed class PostgreSqlUpdateTrialConcurrencyTests() : UpdateTrialConcurrencyTests(DatabaseProvider.PostgreSql);
