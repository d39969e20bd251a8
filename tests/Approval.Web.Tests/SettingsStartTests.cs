using System.Diagnostics;

namespace Approval.Web.Tests;

/// <summary>
/// The real app refuses to start on a setting out of its range (issue 16 §1: a digest hour of 25 was accepted and
/// the digest never came): it exits with code 1 before it opens a database or a port, and names the key to fix.
/// </summary>
public sealed class SettingsStartTests
{
    [Fact]
    public async Task ADigestHourOf25_StopsTheStart_NamingTheSetting()
    {
        var start = new ProcessStartInfo("dotnet", [HostProcess.WebDll])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(HostProcess.WebDll)!,
        };
        start.Environment["Approval__Reminders__DigestHour"] = "25";
        // A free port of its own, so that a host that did start would not take another test's.
        start.Environment["Urls"] = "http://127.0.0.1:0";
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("The host started with a digest hour of 25.");
        }
        Assert.Equal(1, process.ExitCode);
        var said = await errors + await output;
        Assert.Contains("Approval:Reminders:DigestHour", said);
        Assert.Contains("0 到 23", said);
    }
}
