using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MdtReview.BrowserTests.Infrastructure;

/// <summary>
/// The real app on a real Kestrel port, in Development (static web assets come from the build manifest only there),
/// on its own SQLite file, migrated and seeded with the demo cohort and demo users at start.
/// </summary>
public sealed class MdtReviewAppFactory(string databasePath) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:MdtReview", $"Data Source={databasePath}");
        builder.UseSetting("Seed:Demo", "true");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Warning");
    }
}
