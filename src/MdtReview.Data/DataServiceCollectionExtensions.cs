using MdtReview.Data.Identity;
using MdtReview.Data.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IDbContextFactory{TContext}"/> for the configured provider (<c>Database:Provider</c>,
    /// <c>ConnectionStrings:MdtReview</c>), Identity's stores with the app's password and lockout policy, and the seeders.
    /// </summary>
    public static IdentityBuilder AddMdtReviewData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SeedOptions>().BindConfiguration(SeedOptions.SectionName);

        var provider = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>()?.Provider ?? DatabaseProvider.Sqlite;
        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        if (provider == DatabaseProvider.PostgreSql && string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "Database:Provider is PostgreSql but ConnectionStrings:MdtReview is not set. Set it, e.g. ConnectionStrings__MdtReview=\"Host=127.0.0.1;Database=mdtreview;Username=mdtreview;Password=…\".");
        }

        // Scoped lifetime for the options lets Identity's scoped context come from the same registration.
        services.AddDbContextFactory<MdtReviewDbContext>(o => ConfigureProvider(o, provider, connectionString), ServiceLifetime.Scoped);

        services.AddScoped<DatabaseInitializer>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<SyntheticCohortSeeder>();
        services.AddSingleton(TimeProvider.System);

        return services.AddIdentityCore<ApplicationUser>(ConfigureIdentity)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<MdtReviewDbContext>();
    }

    public static void ConfigureProvider(DbContextOptionsBuilder options, DatabaseProvider provider, string? connectionString)
    {
        switch (provider)
        {
            case DatabaseProvider.PostgreSql:
                options.UseNpgsql(connectionString, o => o.MigrationsAssembly("MdtReview.Data.PostgreSql"));
                break;
            default:
                options.UseSqlite(SqliteConnectionString(connectionString), o => o.MigrationsAssembly("MdtReview.Data.Sqlite"));
                break;
        }
    }

    /// <summary>
    /// The SQLite connection string with a short busy timeout: Microsoft.Data.Sqlite retries a locked database
    /// until the command timeout, so a writer waits a few seconds for another instead of failing at once.
    /// </summary>
    public static string SqliteConnectionString(string? configured)
    {
        var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured) ? $"Data Source={DatabaseOptions.DefaultSqlitePath}" : configured);
        if (!configured?.Contains("Timeout", StringComparison.OrdinalIgnoreCase) ?? true)
        {
            builder.DefaultTimeout = 5;
        }

        builder.ForeignKeys = true;
        return builder.ToString();
    }

    public static void ConfigureIdentity(IdentityOptions options)
    {
        options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
        options.User.RequireUniqueEmail = true;

        // NIST SP 800-63B §3.1.1.2: length, not composition rules.
        options.Password.RequiredLength = 12;
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequiredUniqueChars = 1;

        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        options.Lockout.AllowedForNewUsers = true;
    }
}
