using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Approval.Core.Attachments;

/// <summary>
/// The virus-scan hook (<see cref="AttachmentOptions.ScanCommand"/>): the configured command runs on each file
/// before it is accepted; exit 0 accepts, anything else — a finding, a scanner error, a timeout — refuses. The
/// command is run directly (no shell), its arguments split on spaces, <c>{path}</c> replaced by the file's path.
/// </summary>
public sealed class ScanHook(IOptions<AttachmentOptions> options)
{
    public bool Configured => !string.IsNullOrWhiteSpace(options.Value.ScanCommand);

    /// <summary>Null when the file is accepted (or no scanner is set); otherwise why it was refused.</summary>
    public async Task<string?> ScanAsync(string path, string name, CancellationToken ct = default)
    {
        if (!Configured) return null;
        var parts = options.Value.ScanCommand!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var start = new ProcessStartInfo(parts[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var part in parts.Skip(1)) start.ArgumentList.Add(part.Replace("{path}", path, StringComparison.Ordinal));
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"扫描程序无法启动 / the scanner could not start: {e.Message}";
        }
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.ScanTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            return $"病毒扫描超时（{options.Value.ScanTimeout.TotalSeconds:0} 秒） / the virus scan took longer than {options.Value.ScanTimeout.TotalSeconds:0} s.";
        }
        if (process.ExitCode == 0) return null;
        // The scanner names the stored file; the person knows it by the name they uploaded.
        var said = (await output + await errors).Replace(path, name, StringComparison.Ordinal).Trim();
        if (said.Length > 200) said = said[..200];
        return $"病毒扫描未通过 / the virus scan refused the file{(said.Length > 0 ? ": " + said : "")}.";
    }
}
