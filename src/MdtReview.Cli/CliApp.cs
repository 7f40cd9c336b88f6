using MdtReview.Cli.Rules;
using MdtReview.Data;
using MdtReview.Data.Auditing;
using MdtReview.Data.Identity;
using MdtReview.Data.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MdtReview.Cli;

/// <summary>
/// The admin command line (overview §8). Exit codes: 0 success, 1 the command ran and found a problem,
/// 2 bad usage or unreadable input. Messages go to stderr; results to stdout.
/// </summary>
public static class CliApp
{
    public const int Success = 0;
    public const int Problem = 1;
    public const int Usage = 2;

    private const string UsageText = """
        Usage: mdtreview <command>

          migrate                                   apply migrations for the configured provider
          seed demo                                 the demo cohort and demo users (idempotent)
          seed synthetic --patients N [--seed S]    a large deterministic synthetic cohort for benchmarks
          users create --email E --role R [--name N] create a user; password from stdin, or generated and printed once
          rules evaluate FILE|-                     evaluate clinical rules scenarios (JSON) and print the results
          audit verify [--anchor SEQ:HASH]          verify the audit hash chain (and that an anchored event is unchanged);
                                                    exit 0 intact, 1 broken (the first broken event on stderr)

        Configuration as for the web app: Database__Provider, ConnectionStrings__MdtReview, Audit__HmacKey (environment) or appsettings.json.
        """;

    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        try
        {
            return args switch
            {
                ["rules", "evaluate", var file] => RulesEvaluateCommand.Run(file, stdin, stdout, stderr),
                ["migrate"] => await WithServicesAsync(settings, sp => MigrateAsync(sp, stdout)),
                ["seed", "demo"] => await WithServicesAsync(settings, sp => SeedDemoAsync(sp, stdout)),
                ["seed", "synthetic", .. var rest] => await SeedSyntheticAsync(rest, settings, stdout, stderr),
                ["users", "create", .. var rest] => await CreateUserAsync(rest, settings, stdin, stdout, stderr),
                ["audit", "verify", .. var rest] => await VerifyAuditAsync(rest, settings, stdout, stderr),
                _ => UsageError(stderr, args.Length == 0 ? null : $"Unknown command: {string.Join(' ', args)}"),
            };
        }
        catch (OptionsValidationOrConfigurationException ex)
        {
            await stderr.WriteLineAsync(ex.Message);
            return Usage;
        }
        catch (OptionsValidationException ex)
        {
            // A missing or malformed Audit:HmacKey: configuration, not a crash.
            await stderr.WriteLineAsync(ex.Message);
            return Usage;
        }
    }

    private static int UsageError(TextWriter stderr, string? message)
    {
        if (message is not null)
        {
            stderr.WriteLine(message);
        }

        stderr.WriteLine(UsageText);
        return Usage;
    }

    private static async Task<int> WithServicesAsync(IEnumerable<KeyValuePair<string, string?>>? settings, Func<IServiceProvider, Task<int>> command)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).AddFilter("Microsoft", LogLevel.Warning).SetMinimumLevel(LogLevel.Information);
        // Console logs go to stderr so stdout carries only results.
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        try
        {
            builder.Services.AddMdtReviewData(builder.Configuration);
            // Writes made from the command line are audited as the operating-system account that ran it.
            builder.Services.AddScoped<IAuditActorAccessor>(_ => new FixedAuditActorAccessor(AuditActor.System($"cli:{Environment.UserName}")));
        }
        catch (InvalidOperationException ex)
        {
            throw new OptionsValidationOrConfigurationException(ex.Message);
        }

        using var host = builder.Build();
        await using var scope = host.Services.CreateAsyncScope();
        return await command(scope.ServiceProvider);
    }

    private static async Task<int> MigrateAsync(IServiceProvider services, TextWriter stdout)
    {
        await services.GetRequiredService<DatabaseInitializer>().MigrateAsync();
        await stdout.WriteLineAsync("Migrations applied.");
        return Success;
    }

    private static async Task<int> SeedDemoAsync(IServiceProvider services, TextWriter stdout)
    {
        await services.GetRequiredService<DatabaseInitializer>().MigrateAsync();
        var result = await services.GetRequiredService<DemoSeeder>().SeedAsync();
        await stdout.WriteLineAsync(result.Seeded ? $"Seeded: {result.Summary}." : $"Nothing to do: {result.Summary}.");
        await stdout.WriteLineAsync($"Demo users (password {DemoUsers.Password}):");
        foreach (var user in DemoUsers.All)
        {
            await stdout.WriteLineAsync($"  {user.Email} ({user.Role})");
        }

        return Success;
    }

    private static async Task<int> SeedSyntheticAsync(string[] rest, IEnumerable<KeyValuePair<string, string?>>? settings, TextWriter stdout, TextWriter stderr)
    {
        var options = ParseOptions(rest);
        if (options is null || !options.TryGetValue("patients", out var patientsText) || !int.TryParse(patientsText, out var patients) || patients is < 1 or > 1_000_000)
        {
            return UsageError(stderr, "seed synthetic needs --patients N with N between 1 and 1,000,000.");
        }

        var seed = 20261127;
        if (options.TryGetValue("seed", out var seedText) && !int.TryParse(seedText, out seed))
        {
            return UsageError(stderr, "--seed must be a whole number.");
        }

        return await WithServicesAsync(settings, async sp =>
        {
            await sp.GetRequiredService<DatabaseInitializer>().MigrateAsync();
            var result = await sp.GetRequiredService<SyntheticCohortSeeder>().SeedAsync(patients, seed);
            await stdout.WriteLineAsync(result.ToString());
            return Success;
        });
    }

    private static async Task<int> CreateUserAsync(string[] rest, IEnumerable<KeyValuePair<string, string?>>? settings, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var options = ParseOptions(rest);
        if (options is null || !options.TryGetValue("email", out var email) || !options.TryGetValue("role", out var role))
        {
            return UsageError(stderr, "users create needs --email E --role R.");
        }

        if (!Roles.All.Contains(role))
        {
            return UsageError(stderr, $"'{role}' is not a role. Roles: {string.Join(", ", Roles.All)}.");
        }

        // A password piped on stdin is used; on an interactive terminal one is generated and printed once.
        var password = Console.IsInputRedirected || stdin != Console.In ? (await stdin.ReadLineAsync())?.Trim() : null;
        return await WithServicesAsync(settings, async sp =>
        {
            await sp.GetRequiredService<DatabaseInitializer>().MigrateAsync();
            await DemoSeeder.EnsureRolesAsync(sp.GetRequiredService<RoleManager<IdentityRole>>());
            var result = await sp.GetRequiredService<CreateUserAccount>().HandleAsync(
                new NewUserAccount(email, options.GetValueOrDefault("name") ?? email, null, [role], password));
            if (!result.Succeeded)
            {
                await stderr.WriteLineAsync($"The user was not created: {string.Join(" ", result.Errors.Values)}");
                return Problem;
            }

            await stdout.WriteLineAsync($"Created {email} ({role}).");
            if (result.GeneratedPassword is { } generated)
            {
                await stdout.WriteLineAsync($"One-time password: {generated}");
            }

            return Success;
        });
    }

    private static async Task<int> VerifyAuditAsync(string[] rest, IEnumerable<KeyValuePair<string, string?>>? settings, TextWriter stdout, TextWriter stderr)
    {
        var options = ParseOptions(rest);
        if (options is null || options.Keys.Any(k => k != "anchor"))
        {
            return UsageError(stderr, "audit verify takes only --anchor SEQ:HASH.");
        }

        (long, string)? anchor = null;
        if (options.TryGetValue("anchor", out var anchorText))
        {
            var parts = anchorText.Split(':');
            if (parts.Length != 2 || !long.TryParse(parts[0], out var sequence) || sequence < 1 || parts[1].Length != 64 || !parts[1].All(char.IsAsciiHexDigit))
            {
                return UsageError(stderr, "--anchor must be SEQ:HASH, the sequence number and 64-hex-digit hash printed by an earlier audit verify.");
            }

            anchor = (sequence, parts[1].ToLowerInvariant());
        }

        return await WithServicesAsync(settings, async sp =>
        {
            AuditVerification result;
            try
            {
                result = await sp.GetRequiredService<AuditChainVerifier>().VerifyAsync(anchor);
            }
            catch (System.Data.Common.DbException ex)
            {
                await stderr.WriteLineAsync($"The audit trail could not be read ({ex.Message.Split('\n')[0]}). Is the database migrated and the connection string right?");
                return Usage;
            }

            if (!result.Intact)
            {
                await stderr.WriteLineAsync(result.ToString());
                return Problem;
            }

            // The head line is the anchor to keep outside the database (docs/operations.md).
            await stdout.WriteLineAsync(result.ToString());
            await stdout.WriteLineAsync($"Anchor: {result.HeadSequence}:{result.HeadHash}");
            return Success;
        });
    }

    /// <summary>Parses <c>--name value</c> pairs; null when the arguments are not in that form.</summary>
    private static Dictionary<string, string>? ParseOptions(string[] args)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                return null;
            }

            result[args[i][2..]] = args[i + 1];
        }

        return result;
    }

    private sealed class OptionsValidationOrConfigurationException(string message) : Exception(message);
}
