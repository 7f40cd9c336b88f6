using System.Net;
using MdtReview.Clinical.GuidelineCheck;
using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Data.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.IntegrationTests.Decisions;

/// <summary><c>GET /decisions/{id}/letter.pdf</c> through the real app, signed in through the login form, on each provider.</summary>
public abstract class DecisionLetterEndpointTests(MdtReviewAppFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("oncologist@demo.mdtreview.local")]
    [InlineData("governance@demo.mdtreview.local")]
    public async Task A_clinician_or_governance_lead_downloads_the_letter_of_a_final_decision_as_a_pdf(string email)
    {
        var id = await DecisionIdAsync(d => d.Status == DecisionStatus.Final && d.Outcome == DecisionOutcome.Stop);
        using var client = await SignedInAsync(email);

        var response = await client.GetAsync($"/decisions/{id}/letter.pdf", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_draft_decision_has_no_letter_yet()
    {
        var draftId = await AddDraftAsync();
        using var client = await SignedInAsync("oncologist@demo.mdtreview.local");

        var response = await client.GetAsync($"/decisions/{draftId}/letter.pdf", Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("finalised decision only", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pi@demo.mdtreview.local")]
    [InlineData("admin@demo.mdtreview.local")]
    public async Task A_trial_investigator_or_administrator_is_refused_the_letter(string email)
    {
        var id = await DecisionIdAsync(d => d.Status == DecisionStatus.Final && d.Outcome == DecisionOutcome.ReferToTrial);
        using var client = await SignedInAsync(email);

        var response = await client.GetAsync($"/decisions/{id}/letter.pdf", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/AccessDenied", LoginClient.RedirectPath(response));
    }

    [Fact]
    public async Task An_anonymous_request_is_sent_to_sign_in()
    {
        var id = await DecisionIdAsync(d => d.Status == DecisionStatus.Final);
        using var client = LoginClient.Create(factory);

        var response = await client.GetAsync($"/decisions/{id}/letter.pdf", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/Login", LoginClient.RedirectPath(response));
    }

    [Fact]
    public async Task An_unknown_decision_is_not_found()
    {
        using var client = await SignedInAsync("governance@demo.mdtreview.local");

        var response = await client.GetAsync($"/decisions/{int.MaxValue}/letter.pdf", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = LoginClient.Create(factory);
        var signIn = await LoginClient.SignInAsync(client, email, DemoUsers.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    private Task<int> DecisionIdAsync(System.Linq.Expressions.Expression<Func<Decision, bool>> predicate) =>
        WithDbAsync(db => db.Decisions.Where(predicate).OrderBy(d => d.Id).Select(d => d.Id).FirstAsync(Ct));

    private Task<int> AddDraftAsync() => WithDbAsync(async db =>
    {
        var patientId = await db.Patients.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync(Ct);
        var author = await db.Users.Where(u => u.Email == "oncologist@demo.mdtreview.local").Select(u => u.Id).SingleAsync(Ct);
        var draft = new Decision
        {
            PatientId = patientId,
            Outcome = DecisionOutcome.Continue,
            Rationale = "Draft in progress",
            Status = DecisionStatus.Draft,
            CreatedById = author,
            CreatedAt = DateTime.UtcNow,
            UpdatedAt = DateTime.UtcNow,
        };
        db.Decisions.Add(draft);
        await db.SaveChangesAsync(Ct);
        return draft.Id;
    });

    private async Task<T> WithDbAsync<T>(Func<MdtReviewDbContext, Task<T>> action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync(Ct);
        return await action(db);
    }
}

public sealed class SqliteDecisionLetterEndpointTests(SqliteApp app) : DecisionLetterEndpointTests(app.Factory), IClassFixture<SqliteApp>;

public sealed class PostgreSqlDecisionLetterEndpointTests(PostgreSqlApp app) : DecisionLetterEndpointTests(app.Factory), IClassFixture<PostgreSqlApp>;
