using System.Collections.Concurrent;
using MdtReview.BrowserTests.Infrastructure;
using MdtReview.Data.Seeding;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;

[assembly: AssemblyFixture(typeof(BrowserFixture))]

namespace MdtReview.BrowserTests.Infrastructure;

/// <summary>
/// Starts the app and Debian's Chromium once for the whole assembly. Sign-ins are cached per user as Playwright storage
/// state, so a test that is not about signing in starts already signed in, in its own fresh browser context.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>
    /// How long an action or expectation waits for what a person waits for. A wait ends as soon as its condition holds;
    /// 15 s was outlasted once by a referrals tab rendering with all four test projects loading 2 cores.
    /// </summary>
    public const float WaitTimeout = 30_000;

    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] _chromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"mdtreview-browser-{Guid.NewGuid():N}.db");
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _storageStates = new(StringComparer.OrdinalIgnoreCase);
    private MdtReviewAppFactory? _factory;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The app's origin, on <c>localhost</c> rather than 127.0.0.1: WebAuthn (the passkey script) needs a domain.</summary>
    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser fixture has not started.");

    /// <summary>The app's services, for tests that pick demo records by a stable property or add test data (never to change what a test then checks through the UI).</summary>
    public IServiceProvider Services => _factory?.Services ?? throw new InvalidOperationException("The browser fixture has not started.");

    /// <summary>Where screenshots go: <c>screenshots/</c> beside the test assembly.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium not found at {ChromiumPath}: run tests/run.sh, which installs it.");
        }

        Directory.CreateDirectory(ScreenshotFolder);
        // Expect() waits as long as actions do (the contexts' 15 s): on a loaded 2-core machine the first interactive
        // render after a cold start can take more than Playwright's default 5 s.
        Assertions.SetDefaultExpectTimeout(WaitTimeout);

        try
        {
            _factory = new MdtReviewAppFactory(_databasePath);
            _factory.UseKestrel(0);
            var serverStart = Task.Run(_factory.StartServer);

            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = _chromiumArgs,
            });

            await serverStart;
            var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            BaseUrl = $"http://localhost:{new Uri(address).Port}";
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
            _browser = null;
        }

        _playwright?.Dispose();
        _playwright = null;
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
            _factory = null;
        }

        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_databasePath + suffix);
        }
    }

    /// <summary>A fresh browser context (own cookies, own storage) on the app's origin.</summary>
    public Task<IBrowserContext> NewContextAsync(string? storageState = null) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            StorageState = storageState,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = "en-GB",
            TimezoneId = "Europe/London",
        });

    /// <summary>The cookies of <paramref name="user"/> signed in through the login page; signs in once per user and run.</summary>
    public Task<string> StorageStateAsync(DemoUser user) =>
        _storageStates.GetOrAdd(user.Email, _ => new Lazy<Task<string>>(() => SignInForStorageStateAsync(user))).Value;

    private async Task<string> SignInForStorageStateAsync(DemoUser user)
    {
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await LoginPage.SignInAsync(page, user.Email, DemoUsers.Password);
        await LoginPage.WaitForHomeAsync(page, user.DisplayName);
        return await context.StorageStateAsync();
    }
}
