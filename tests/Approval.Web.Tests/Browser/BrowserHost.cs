namespace Approval.Web.Tests.Browser;

/// <summary>
/// A real host process for a browser test: its own data folder, the manual clock from <paramref name="clockStart"/>,
/// a bootstrap administrator token, no demo data or recurring obligations; killed and cleaned up afterwards. A failure
/// that is not an assertion carries the host's last output lines.
/// </summary>
public static class BrowserHost
{
    /// <summary>With further settings for the host (<c>Approval__Smtp__Host</c>…).</summary>
    public static Task RunAsync(string adminToken, string clockStart, IReadOnlyDictionary<string, string> settings, Func<HostProcess, Task> test) =>
        RunAsync(adminToken, clockStart, test, settings);

    /// <param name="settings">More environment for a test's feature (e.g. <c>Approval__Print__Chromium</c>).</param>
    public static async Task RunAsync(string adminToken, string clockStart, Func<HostProcess, Task> test, IReadOnlyDictionary<string, string>? settings = null)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), $"approval-browser-{Guid.NewGuid():N}");
        var environment = new Dictionary<string, string>
        {
            ["Approval__DataDir"] = dataDir,
            ["Approval__Clock"] = "Manual",
            ["Approval__ClockStart"] = clockStart,
            ["Approval__BootstrapAdminToken"] = adminToken,
            ["Approval__Demo"] = "false",
            ["Approval__Obligations"] = "false",
            ["ASPNETCORE_WEBROOT"] = Path.Combine(HostProcess.WebProjectDir, "wwwroot"),
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) environment[key] = value;
        using var host = new HostProcess(environment);
        try
        {
            await host.StartAsync();
            try { await test(host); }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException) { throw new InvalidOperationException($"{e.Message}\nHost output:\n{host.Output}", e); }
        }
        finally
        {
            host.Kill();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
        }
    }
}
