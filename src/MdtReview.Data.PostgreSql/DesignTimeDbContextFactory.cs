using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.Data.PostgreSql;

/// <summary>
/// Lets `dotnet ef migrations add` build the context the way the app does: through DI, so Identity's schema
/// version (Version3) is part of the model. A context built with `new` would miss it and every migration would drift.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<MdtReviewDbContext>
{
    public MdtReviewDbContext CreateDbContext(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "PostgreSql",
                ["ConnectionStrings:MdtReview"] = "Host=127.0.0.1;Database=mdtreview_design;Username=mdtreview;Password=mdtreview",
            })
            .Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddMdtReviewData(configuration);
        return services.BuildServiceProvider().GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContext();
    }
}
