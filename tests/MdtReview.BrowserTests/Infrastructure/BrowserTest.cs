using System.Text.RegularExpressions;
using MdtReview.Data.Seeding;
using Microsoft.Playwright;
using Xunit;

namespace MdtReview.BrowserTests.Infrastructure;

/// <summary>
/// Base of every browser test: hands out fresh browser contexts (anonymous or signed in as a demo user), closes them after
/// the test, and screenshots every open page of a test that failed.
/// </summary>
public abstract partial class BrowserTest(BrowserFixture fixture) : IAsyncLifetime
{
    private readonly List<IBrowserContext> _contexts = [];

    protected BrowserFixture Fixture { get; } = fixture;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (TestContext.Current.TestState?.Result == TestResult.Failed)
        {
            await ScreenshotOpenPagesAsync();
        }

        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>A page in a new anonymous context.</summary>
    protected async Task<IPage> NewPageAsync()
    {
        var context = await Fixture.NewContextAsync();
        _contexts.Add(context);
        context.SetDefaultTimeout(BrowserFixture.WaitTimeout);
        return await context.NewPageAsync();
    }

    /// <summary>A page in a new anonymous context on another origin (an app this test started itself).</summary>
    protected async Task<IPage> NewPageOnAsync(string baseUrl)
    {
        var context = await Fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = "en-GB",
            TimezoneId = "Europe/London",
        });
        _contexts.Add(context);
        context.SetDefaultTimeout(BrowserFixture.WaitTimeout);
        return await context.NewPageAsync();
    }

    /// <summary>A page in a new context that already carries <paramref name="user"/>'s sign-in cookie.</summary>
    protected async Task<IPage> NewSignedInPageAsync(DemoUser user)
    {
        var context = await Fixture.NewContextAsync(await Fixture.StorageStateAsync(user));
        _contexts.Add(context);
        context.SetDefaultTimeout(BrowserFixture.WaitTimeout);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// Picks an option of a select as a person does: opens the list, waits until it is open, clicks the option, and waits
    /// until the list has closed and the field shows the choice.
    /// </summary>
    internal static async Task ChooseAsync(ILocator scope, string label, string option)
    {
        var field = scope.GetByRole(AriaRole.Combobox, new() { Name = label, Exact = true });
        await field.ClickAsync();
        await Assertions.Expect(field).ToHaveAttributeAsync("aria-expanded", "true");
        await scope.Page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
        await Assertions.Expect(field).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(field).ToHaveTextAsync(option);
    }

    /// <inheritdoc cref="ChooseAsync(ILocator, string, string)"/>
    internal static Task ChooseAsync(IPage page, string label, string option) => ChooseAsync(page.Locator("body"), label, option);

    protected static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.Current.TestOutputHelper?.WriteLine($"Screenshot: {path}");
        return path;
    }

    private async Task ScreenshotOpenPagesAsync()
    {
        var display = TestContext.Current.Test?.TestDisplayName ?? "test";
        var className = TestContext.Current.TestClass?.TestClassName;
        if (className is not null && display.StartsWith(className + ".", StringComparison.Ordinal))
        {
            display = display[(className.Length + 1)..];
        }

        var test = UnsafeFileCharacters().Replace(display, "_").Trim('_');
        test = test.Length > 120 ? test[..120] : test;
        var pages = _contexts.SelectMany(c => c.Pages).Where(p => !p.IsClosed).ToList();
        for (var i = 0; i < pages.Count; i++)
        {
            try
            {
                await ScreenshotAsync(pages[i], $"failed-{test}-{i + 1}");
            }
            catch (PlaywrightException e)
            {
                TestContext.Current.TestOutputHelper?.WriteLine($"No failure screenshot of page {i + 1}: {e.Message}");
            }
        }
    }

    [GeneratedRegex(@"[^A-Za-z0-9_.-]+")]
    private static partial Regex UnsafeFileCharacters();
}
