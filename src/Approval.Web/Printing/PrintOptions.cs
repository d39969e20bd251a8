using Approval.Core.Configuration;

namespace Approval.Web.Printing;

/// <summary>
/// <c>Approval:Print</c>: the server's PDF downloads of records and certificates, made by a headless Chromium. Without
/// <see cref="Chromium"/> the server starts all the same: the pages print from the browser and the PDF addresses
/// answer 503.
/// </summary>
public sealed class PrintOptions : ICheckedOptions
{
    public const string Section = "Approval:Print";

    /// <summary>The Chromium (or Chrome) executable, e.g. <c>/usr/bin/chromium</c>; empty: no PDF from the server.</summary>
    public string? Chromium { get; set; }
    /// <summary>How long one PDF may take before Chromium is stopped and the download fails.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>How many Chromium processes may run at once (each takes ~100 MB and a core while it prints).</summary>
    public int MaxConcurrent { get; set; } = 2;
    /// <summary>How long a request waits for a free slot before it is told to try again (503).</summary>
    public TimeSpan QueueWait { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>The largest PDF handed out; a larger one is refused rather than held in memory.</summary>
    public int MaxPdfBytes { get; set; } = 20 * 1024 * 1024;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Chromium);

    public void Check(OptionsProblems problems)
    {
        if (IsConfigured && !File.Exists(Chromium))
            problems.Add(nameof(Chromium), $"找不到“{Chromium}” / '{Chromium}' does not exist (leave it empty to print from the browser only).");
        problems.Range(nameof(Timeout), Timeout, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5));
        problems.Range(nameof(MaxConcurrent), MaxConcurrent, 1, 16);
        problems.Range(nameof(QueueWait), QueueWait, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        problems.Range(nameof(MaxPdfBytes), MaxPdfBytes, 64 * 1024, 200 * 1024 * 1024);
    }
}
