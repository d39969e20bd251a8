using Microsoft.Playwright;

namespace Approval.Web.Tests.Browser;

/// <summary>
/// Chromium driven by Playwright against a real host process: Debian's chromium (Playwright cannot download its
/// own here), one browser context per person so each keeps their own sign-in. Screenshots go to
/// <c>$APPROVAL_TEST_ARTIFACTS/screenshots</c> (tests/run.sh keeps them in <c>artifacts/</c>).
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    // What the Content-Security-Policy blocked on any page: a script, style or handler the policy does not allow is
    // a broken page, so a walk that met one fails when its session ends.
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _blocked = new();
    public Uri BaseAddress { get; }
    public static string ScreenshotDir => Path.Combine(
        Environment.GetEnvironmentVariable("APPROVAL_TEST_ARTIFACTS") is { Length: > 0 } dir ? dir : Path.Combine(AppContext.BaseDirectory, "artifacts"), "screenshots");

    private BrowserSession(IPlaywright playwright, IBrowser browser, Uri baseAddress) => (_playwright, _browser, BaseAddress) = (playwright, browser, baseAddress);

    public static async Task<BrowserSession> StartAsync(Uri baseAddress)
    {
        var chromium = Environment.GetEnvironmentVariable("APPROVAL_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(chromium)) throw new InvalidOperationException($"Chromium is needed for the browser tests and was not found at {chromium} (tests/run.sh installs it).");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        Directory.CreateDirectory(ScreenshotDir);
        return new BrowserSession(playwright, browser, baseAddress);
    }

    /// <summary>A new person at the browser: their own cookies; confirmation dialogs are accepted, as a user would.</summary>
    public async Task<IPage> PersonAsync()
    {
        var context = await _browser.NewContextAsync(new() { BaseURL = BaseAddress.ToString(), Locale = "zh-CN", ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal)) _blocked.Enqueue($"{page.Url}: {message.Text}");
        };
        return page;
    }

    public async Task<IPage> SignInAsync(string login, string password)
    {
        var page = await PersonAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#login", login);
        await page.FillAsync("#password", password);
        await page.ClickAsync("form button[type=submit]");
        // As SubmitAsync waits for a form: the sign-in hashes the password (PBKDF2, 600,000 rounds) on two cores shared
        // with the other test classes' sign-ins; 20 s ran out once in a full run (the walk passed alone).
        try
        {
            await page.WaitForURLAsync("**/inbox", new() { Timeout = 60_000 });
        }
        catch (PlaywrightException)
        {
            // Say where the sign-in landed and what the page said, so a failure in a full run can be understood.
            await ScreenshotAsync(page, $"sign-in-failed-{login}");
            var text = await page.EvaluateAsync<string>("() => document.body ? document.body.innerText.slice(0, 2000) : ''");
            throw new System.TimeoutException($"Signing in as {login} did not reach /inbox in 60 s; the page is {page.Url}:\n{text}");
        }
        return page;
    }

    /// <summary>A full-page screenshot, then back to the top (a full-page capture of a tall page can leave the next click short of its target).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDir, name + ".png"), FullPage = true });
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
    }

    /// <summary>
    /// The page on a phone-sized screen (390 × 844): a full-page screenshot named <paramref name="name"/>-phone, and
    /// the page's width checked to fit (wide tables scroll inside their own box); then back to the wide screen.
    /// </summary>
    public static async Task PhoneScreenshotAsync(IPage page, string name)
    {
        await page.SetViewportSizeAsync(390, 844);
        try
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDir, name + "-phone.png"), FullPage = true });
            var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
            Assert.True(widths[0] <= widths[1] + 1, $"{name}: the page is {widths[0]}px wide on a {widths[1]}px phone screen");
        }
        finally
        {
            await page.SetViewportSizeAsync(1280, 900);
            await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        if (!_blocked.IsEmpty) throw new InvalidOperationException("The Content-Security-Policy blocked:\n" + string.Join("\n", _blocked.Distinct()));
    }
}
