using MdtReview.Data.Auditing;
using MdtReview.Data.Identity;
using MdtReview.Data.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

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

        AddAudit(services);

        // Scoped lifetime for the options lets Identity's scoped context come from the same registration, and gives every
        // context the audit interceptor of its scope (whose actor is the scope's user).
        services.AddDbContextFactory<MdtReviewDbContext>(
            (sp, o) => ConfigureProvider(o, provider, connectionString).AddInterceptors(sp.GetRequiredService<AuditSaveChangesInterceptor>()),
            ServiceLifetime.Scoped);

        services.AddScoped<DatabaseInitializer>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<SyntheticCohortSeeder>();
        services.AddScoped<CreateUserAccount>();
        services.TryAddSingleton(TimeProvider.System);

        return services.AddIdentityCore<ApplicationUser>(ConfigureIdentity)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<MdtReviewDbContext>();
    }

    public static DbContextOptionsBuilder ConfigureProvider(DbContextOptionsBuilder options, DatabaseProvider provider, string? connectionString)
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

        return options;
    }

    /// <summary>
    /// The audit trail: options (<c>Audit:HmacKey</c>, a built-in key only in Development), the chain, the verifier and the
    /// SaveChanges interceptor. Hosts replace <see cref="IAuditActorAccessor"/> with their own (the web app: the signed-in user;
    /// the CLI: <c>cli:&lt;os user&gt;</c>); the default names the writes "system".
    /// </summary>
    private static void AddAudit(IServiceCollection services)
    {
        services.AddOptions<AuditOptions>()
            .BindConfiguration(AuditOptions.SectionName)
            .PostConfigure<IServiceProvider>((options, sp) =>
            {
                if (string.IsNullOrWhiteSpace(options.HmacKey) && sp.GetService<IHostEnvironment>()?.IsDevelopment() == true)
                {
                    options.HmacKey = AuditOptions.DevelopmentHmacKey;
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditOptions>, AuditOptionsValidator>());
        services.TryAddSingleton<AuditHasher>();
        services.TryAddSingleton<AuditChain>();
        services.TryAddScoped<AuditChainVerifier>();
        services.TryAddScoped<IAuditActorAccessor>(_ => new FixedAuditActorAccessor(AuditActor.System("system")));
        services.TryAddScoped<AuditSaveChangesInterceptor>();
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
