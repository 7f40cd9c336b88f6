using System.Security.Claims;
using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Data.Seeding;
using MdtReview.Web.Features.Meetings.Services;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.IntegrationTests.Meetings;

/// <summary>
/// Two oncologists editing the demo's planned agenda at once, on each provider: the version token (application-managed on
/// SQLite, xmin on PostgreSQL) turns the second, stale edit into a conflict instead of a silent overwrite.
/// </summary>
public abstract class AgendaConcurrencyTests(MdtReviewAppFactory factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<T> AsOncologist<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync(Cancel);
        await using (db)
        {
            var email = DemoUsers.All[0].Email;
            var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Cancel);
            var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "Test"));
            ((IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>())
                .SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        }

        return await action(scope.ServiceProvider);
    }

    private Task<MeetingDetail> PlannedMeetingAsync() => AsOncologist(async sp =>
    {
        var lists = await sp.GetRequiredService<ListMeetings>().HandleAsync(Cancel);
        var planned = lists!.Upcoming.First(m => m.Status == MeetingStatus.Planned && m.CaseCount >= 3);
        return (await sp.GetRequiredService<GetMeetingDetail>().HandleAsync(planned.Id, Cancel))!;
    });

    [Fact]
    public async Task A_reorder_based_on_an_agenda_someone_else_has_changed_is_a_conflict()
    {
        var seenByBoth = await PlannedMeetingAsync();

        var first = await AsOncologist(sp => sp.GetRequiredService<MoveAgendaCase>().HandleAsync(seenByBoth.Id, seenByBoth.Cases[1].Id, -1, seenByBoth.Version, Cancel));
        var second = await AsOncologist(sp => sp.GetRequiredService<MoveAgendaCase>().HandleAsync(seenByBoth.Id, seenByBoth.Cases[2].Id, -1, seenByBoth.Version, Cancel));

        Assert.True(first.Succeeded);
        Assert.True(second.Conflict);
        var now = await PlannedMeetingAsync();
        Assert.NotEqual(seenByBoth.Version, now.Version);
        Assert.Equal(
            [seenByBoth.Cases[1].Id, seenByBoth.Cases[0].Id, seenByBoth.Cases[2].Id],
            now.Cases.Take(3).Select(c => c.Id));
    }

    [Fact]
    public async Task A_question_edited_by_two_people_keeps_the_first_and_shows_it_to_the_second()
    {
        var meeting = await PlannedMeetingAsync();
        var seen = meeting.Cases[^1];

        var first = await AsOncologist(sp => sp.GetRequiredService<UpdateCaseQuestion>().HandleAsync(seen.Id, "First editor's question?", seen.Version, Cancel));
        var second = await AsOncologist(sp => sp.GetRequiredService<UpdateCaseQuestion>().HandleAsync(seen.Id, "Second editor's question?", seen.Version, Cancel));

        Assert.True(first.Succeeded);
        Assert.True(second.Conflict);
        Assert.Equal("First editor's question?", second.TheirValue);
        Assert.Equal("First editor's question?", (await PlannedMeetingAsync()).Cases.Single(c => c.Id == seen.Id).Question);
    }

    [Fact]
    public async Task Adding_a_case_moves_the_agenda_version_so_older_views_conflict()
    {
        var before = await PlannedMeetingAsync();
        var patientId = await AsOncologist(async sp =>
        {
            await using var db = await sp.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync(Cancel);
            var listed = before.Cases.Select(c => c.PatientId).ToList();
            return await db.Patients.Where(p => !listed.Contains(p.Id)).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync(Cancel);
        });

        var added = await AsOncologist(sp => sp.GetRequiredService<AddCaseToAgenda>().HandleAsync(before.Id, patientId, "Late addition: new grade 3 ALT?", null, Cancel));
        var stale = await AsOncologist(sp => sp.GetRequiredService<RemoveAgendaCase>().HandleAsync(before.Id, before.Cases[0].Id, before.Version, Cancel));

        Assert.True(added.Succeeded);
        Assert.True(stale.Conflict);
        Assert.Contains((await PlannedMeetingAsync()).Cases, c => c.Id == before.Cases[0].Id);
    }
}

public sealed class SqliteAgendaConcurrencyTests(SqliteApp app) : AgendaConcurrencyTests(app.Factory), IClassFixture<SqliteApp>;

public sealed class PostgreSqlAgendaConcurrencyTests(PostgreSqlApp app) : AgendaConcurrencyTests(app.Factory), IClassFixture<PostgreSqlApp>;
