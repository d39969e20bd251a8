using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Approval.Web.Printing;

public enum PdfFailure { None, Unavailable, Busy, Failed, TooLarge }

/// <summary>A PDF, or why there is none.</summary>
public sealed record PdfRendering(byte[]? Pdf, PdfFailure Failure, string? Detail = null);

/// <summary>
/// Prints an HTML document to PDF with a headless Chromium (<see cref="PrintOptions.Chromium"/>). The document is
/// rendered by the server for the caller, already authorized, and written to a temporary folder with its styles inline:
/// Chromium opens it as a file, holds no session and reaches no network (the document's Content-Security-Policy allows
/// nothing but its own styles; host names resolve to nothing). At most <see cref="PrintOptions.MaxConcurrent"/> run at
/// once, each stopped after <see cref="PrintOptions.Timeout"/>; the folder (page, profile, PDF) is removed afterwards.
/// </summary>
public sealed class ChromiumPdf(IOptions<PrintOptions> options, ILogger<ChromiumPdf> log) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrent, options.Value.MaxConcurrent);

    public bool IsAvailable => options.Value.IsConfigured;

    public async Task<PdfRendering> RenderAsync(string html, CancellationToken ct)
    {
        var settings = options.Value;
        if (!settings.IsConfigured) return new(null, PdfFailure.Unavailable);
        if (!await _slots.WaitAsync(settings.QueueWait, ct)) return new(null, PdfFailure.Busy);
        string? folder = null;
        try
        {
            folder = Directory.CreateTempSubdirectory("approval-pdf-").FullName;
            var page = Path.Combine(folder, "page.html");
            var pdf = Path.Combine(folder, "page.pdf");
            await File.WriteAllTextAsync(page, html, ct);
            var (exitCode, output) = await RunAsync(settings, folder, page, pdf, ct);
            if (exitCode is null) return Failed($"Chromium did not finish within {settings.Timeout.TotalSeconds:0} s.", output);
            var file = new FileInfo(pdf);
            if (!file.Exists || file.Length == 0) return Failed($"Chromium exited with {exitCode} and wrote no PDF.", output);
            if (file.Length > settings.MaxPdfBytes) return new(null, PdfFailure.TooLarge, $"The PDF is {file.Length} bytes, more than {settings.MaxPdfBytes}.");
            return new(await File.ReadAllBytesAsync(pdf, ct), PdfFailure.None);
        }
        finally
        {
            _slots.Release();
            try { if (folder is not null) Directory.Delete(folder, recursive: true); }
            catch (IOException e) { log.LogWarning(e, "The PDF folder {Folder} could not be removed", folder); }
        }
    }

    private PdfRendering Failed(string detail, string output)
    {
        log.LogError("PDF rendering failed: {Detail} Chromium said: {Output}", detail, output);
        return new(null, PdfFailure.Failed, detail);
    }

    /// <summary>Runs Chromium once; the exit code, or null when it was stopped at the timeout; and its last output lines.</summary>
    private static async Task<(int? ExitCode, string Output)> RunAsync(PrintOptions settings, string folder, string page, string pdf, CancellationToken ct)
    {
        var start = new ProcessStartInfo(settings.Chromium!)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
            WorkingDirectory = folder,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps", "--mute-audio",
            "--host-resolver-rules=MAP * ~NOTFOUND", $"--user-data-dir={Path.Combine(folder, "profile")}",
            "--no-pdf-header-footer", $"--print-to-pdf={pdf}", new Uri(page).AbsoluteUri,
        }) start.ArgumentList.Add(argument);
        // Its caches and settings stay in the folder removed afterwards, not in the server's home.
        start.Environment["HOME"] = folder;
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(folder, "config");
        start.Environment["XDG_CACHE_HOME"] = Path.Combine(folder, "cache");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{settings.Chromium} did not start.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.Timeout);
        int? exitCode;
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            exitCode = process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            ct.ThrowIfCancellationRequested();
            exitCode = null;
        }
        // A helper process Chromium left behind may keep the pipes open: its output is not worth waiting for.
        await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None));
        var output = (stdout.IsCompletedSuccessfully ? stdout.Result : "") + (stderr.IsCompletedSuccessfully ? stderr.Result : "");
        return (exitCode, output.Length > 2000 ? output[^2000..] : output);
    }

    public void Dispose() => _slots.Dispose();
}
