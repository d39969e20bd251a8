using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Approval.Core.Infrastructure;

namespace Approval.Benchmarks;

/// <summary>
/// The real web app (the Release build of src/Approval.Web, built with this project) as a child process on the
/// benchmark's database: the pages are measured through HTTP, as a browser or an API client sees them.
/// </summary>
internal sealed class BenchWebHost : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private BenchWebHost(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The settings under which the app runs on a benchmark's database (printed for APPROVAL_BENCH_KEEP).</summary>
    public static Dictionary<string, string> Settings(Database database, DateTimeOffset clock) => new()
    {
        ["Approval__Database"] = database.Provider.ToString(),
        ["ConnectionStrings__Approval"] = database.ConnectionString,
        // The city's clock stands where the campaign started: no timer is due, so nothing runs behind the measurement.
        ["Approval__Clock"] = "Manual",
        ["Approval__ClockStart"] = clock.ToString("O"),
        ["Approval__Obligations"] = "false",
    };

    public static async Task<BenchWebHost> StartAsync(Database database, DateTimeOffset clock)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var dll = WebDll();
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var (key, value) in Settings(database, clock)) start.Environment[key] = value;
        start.Environment["Urls"] = address.ToString();
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var host = new BenchWebHost(Process.Start(start)!, address);
        host._process.OutputDataReceived += (_, e) => host.Keep(e.Data);
        host._process.ErrorDataReceived += (_, e) => host.Keep(e.Data);
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        for (var deadline = DateTime.UtcNow.AddMinutes(5); DateTime.UtcNow < deadline; await Task.Delay(200))
        {
            if (host._process.HasExited) throw new InvalidOperationException($"The app exited with {host._process.ExitCode}:\n{host.Output}");
            try
            {
                if ((await probe.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return host;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
        }
        host.Dispose();
        throw new TimeoutException($"The app did not become healthy:\n{host.Output}");
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_output) { _output.Add(line); if (_output.Count > 60) _output.RemoveAt(0); }
    }

    public string Output { get { lock (_output) return string.Join('\n', _output); } }

    /// <summary>tests/Approval.Benchmarks/bin/Release/net10.0/ → src/Approval.Web/bin/Release/net10.0/Approval.Web.dll</summary>
    private static string WebDll()
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = bin.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, "src", "Approval.Web", "bin", bin.Parent!.Name, bin.Name, "Approval.Web.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build src/Approval.Web first: {dll} is missing.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
