using MdtReview.Cli;
using MdtReview.Data;
using MdtReview.Data.Identity;
using MdtReview.Data.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.IntegrationTests.Cli;

/// <summary>The admin CLI against a real SQLite file: what an operator types, what they see, and the exit code.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"mdtreview-cli-{Guid.NewGuid():N}.db");

    private Dictionary<string, string?> Settings => new()
    {
        ["Database:Provider"] = "Sqlite",
        ["ConnectionStrings:MdtReview"] = $"Data Source={_file}",
        // The CLI runs as Production: writes are audited and need the key.
        ["Audit:HmacKey"] = MdtReview.Testing.TestDatabase.AuditKey,
    };

    private async Task<(int Exit, string Out, string Err)> RunAsync(string stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, new StringReader(stdin), stdout, stderr, Settings);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Migrate_applies_the_migrations_and_running_it_again_changes_nothing()
    {
        var first = await RunAsync("", "migrate");
        var second = await RunAsync("", "migrate");

        Assert.Equal(0, first.Exit);
        Assert.Contains("Migrations applied.", first.Out);
        Assert.Equal(0, second.Exit);
        Assert.True(File.Exists(_file));
    }

    [Fact]
    public async Task Users_create_takes_the_password_from_stdin_and_the_user_can_sign_in()
    {
        var result = await RunAsync("a long passphrase here\n", "users", "create", "--email", "new.pi@trust.test", "--role", Roles.TrialInvestigator, "--name", "Dr New PI");

        Assert.Equal(0, result.Exit);
        Assert.Contains("Created new.pi@trust.test (TrialInvestigator).", result.Out);
        Assert.DoesNotContain("One-time password", result.Out);
        await using var services = Services();
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync("new.pi@trust.test");
        Assert.NotNull(user);
        Assert.Equal("Dr New PI", user.DisplayName);
        Assert.True(await users.CheckPasswordAsync(user, "a long passphrase here"));
        Assert.Equal([Roles.TrialInvestigator], await users.GetRolesAsync(user));
    }

    [Fact]
    public async Task Users_create_without_a_password_on_stdin_generates_one_and_prints_it_once()
    {
        var result = await RunAsync("", "users", "create", "--email", "gen@trust.test", "--role", Roles.Oncologist);

        Assert.Equal(0, result.Exit);
        var line = Assert.Single(result.Out.Split('\n'), l => l.StartsWith("One-time password: ", StringComparison.Ordinal));
        var password = line["One-time password: ".Length..].Trim();
        Assert.Equal(16, password.Length);
    }

    [Fact]
    public async Task Users_create_refuses_a_short_password_and_writes_nothing()
    {
        var result = await RunAsync("short\n", "users", "create", "--email", "weak@trust.test", "--role", Roles.Oncologist);

        Assert.Equal(1, result.Exit);
        Assert.Contains("at least 12 characters", result.Err);
        await using var services = Services();
        await using var scope = services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync("weak@trust.test"));
    }

    [Theory]
    [InlineData("users", "create", "--email", "x@trust.test", "--role", "Surgeon")]
    [InlineData("users", "create", "--email", "x@trust.test")]
    [InlineData("seed", "synthetic", "--patients", "many")]
    [InlineData("seed", "synthetic")]
    [InlineData("frobnicate")]
    public async Task Bad_usage_exits_with_2_and_explains_on_stderr(params string[] args)
    {
        var result = await RunAsync("", args);

        Assert.Equal(2, result.Exit);
        Assert.Contains("Usage: mdtreview", result.Err);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task Rules_evaluate_of_a_missing_file_exits_with_2()
    {
        var result = await RunAsync("", "rules", "evaluate", "/nonexistent/scenarios.json");

        Assert.Equal(2, result.Exit);
        Assert.NotEqual("", result.Err);
        Assert.DoesNotContain("   at ", result.Err);
    }

    [Fact]
    public async Task PostgreSql_without_a_connection_string_is_a_usage_error_not_a_crash()
    {
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(["migrate"], new StringReader(""), new StringWriter(), stderr,
            new Dictionary<string, string?> { ["Database:Provider"] = "PostgreSql", ["ConnectionStrings:MdtReview"] = "" });

        Assert.Equal(2, exit);
        Assert.Contains("ConnectionStrings:MdtReview is not set", stderr.ToString());
    }

    private ServiceProvider Services()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddMdtReviewData(configuration);
        return services.BuildServiceProvider();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _file, _file + "-wal", _file + "-shm" })
        {
            File.Delete(file);
        }
    }
}
