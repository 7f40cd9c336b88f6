using MdtReview.Data;
using MdtReview.Data.Seeding;
using MdtReview.Web;
using MdtReview.Web.Components;
using MdtReview.Web.Components.Account;

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
app.MapHealthChecks("/health");

await using (var scope = app.Services.CreateAsyncScope())
{
    await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
}

if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SeedOptions>>().Value.Demo)
{
    app.Logger.LogWarning("Demo data is enabled. Demo users (password {Password}): {Users}",
        DemoUsers.Password, string.Join(", ", DemoUsers.All.Select(u => $"{u.Email} ({u.Role})")));
}

await app.RunAsync();
