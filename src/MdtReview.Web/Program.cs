using MdtReview.Data;
using MdtReview.Data.Seeding;
using MdtReview.Web;
using MdtReview.Web.Components;
using MdtReview.Web.Components.Account;
using MdtReview.Web.Features.Decisions;
using MdtReview.Web.Features.Governance;
using MdtReview.Web.Features.Referrals;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddMdtReviewWeb(builder.Configuration, builder.Environment);

var app = builder.Build();

if (app.Environment.IsDevelopment())
{
    app.UseMigrationsEndPoint();
}
else
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
}

app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAntiforgery();

app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapAdditionalIdentityEndpoints();
app.MapDecisionLetter();
app.MapAuditExport();
app.MapScreeningLog();
app.MapDashboardExport();
app.MapHealthChecks("/health");

await using (var scope = app.Services.CreateAsyncScope())
{
    await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
}

if (app.Services.GetRequiredService<IOptions<SeedOptions>>().Value.Demo)
{
    // Printed, not only logged, so whoever ran the app sees how to sign in.
    app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine(
        $"""

        MdtReview is running with DEMO data at {string.Join(", ", app.Urls)}
        Sign in with password {DemoUsers.Password} as:
        {string.Join(Environment.NewLine, DemoUsers.All.Select(u => $"  {u.Email,-36} {u.Role}"))}

        """));
}

await app.RunAsync();
