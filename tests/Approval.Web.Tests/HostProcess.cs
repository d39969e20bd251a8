using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Approval.Web.Tests;

/// <summary>
/// The real app as a child process (<c>dotnet Approval.Web.dll</c>, built with the same configuration as the
/// tests), so a test can kill it with SIGKILL and start it again on the same database.
/// </summary>
public sealed class HostProcess : IDisposable
{
    private readonly Dictionary<string, string> _environment;
    private Process? _process;
    private readonly List<string> _output = [];

    public HostProcess(Dictionary<string, string> environment)
    {
        Port = FreePort();
        _environment = new Dictionary<string, string>(environment) { ["Urls"] = $"http://127.0.0.1:{Port}" };
    }

    public int Port { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");
    public string Output { get { lock (_output) return string.Join('\n', _output.TakeLast(40)); } }

    /// <summary>The web project's source folder (its wwwroot is served by a host started from the build output).</summary>
    public static string WebProjectDir => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(WebDll)!, "..", "..", ".."));

    public static string WebDll
    {
        get
        {
            // tests/Approval.Web.Tests/bin/<Configuration>/net10.0/ → src/Approval.Web/bin/<Configuration>/net10.0/
            var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = testBin.Parent!.Name;
            var root = testBin.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
            var dll = Path.Combine(root, "src", "Approval.Web", "bin", configuration, testBin.Name, "Approval.Web.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build src/Approval.Web ({configuration}) first: {dll} is missing.");
        }
    }

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet", [WebDll])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(WebDll)!,
        };
        foreach (var (key, value) in _environment) start.Environment[key] = value;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.Add(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.Add(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The host exited with {_process.ExitCode}:\n{Output}");
            try
            {
                if ((await probe.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The host did not become healthy:\n{Output}");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing; whatever was not committed is gone.</summary>
    public void Kill()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
