namespace Approval.Core.Attachments;

/// <summary>
/// <c>Approval:Attachments:*</c>: what a comment or a form may carry. Files go under <c>{DataDir}/attachments</c>.
/// Every limit refuses the whole upload with a field problem and leaves nothing behind.
/// </summary>
public sealed class AttachmentOptions : Configuration.ICheckedOptions
{
    public const string Section = "Attachments";

    /// <summary>One file; a scanned ledger page or a photo of a 承诺公示栏 is a few MB.</summary>
    public long MaxFileBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Files on one comment, one form field or one objection.</summary>
    public int MaxFiles { get; set; } = 5;

    /// <summary>
    /// The kinds accepted, by extension; each is also checked against the file's first bytes (<see cref="FileKinds"/>),
    /// so a renamed executable is refused. Only kinds <see cref="FileKinds"/> knows may be listed.
    /// </summary>
    public string[] AllowedExtensions { get; set; } = ["pdf", "jpg", "jpeg", "png", "docx", "xlsx", "txt"];

    /// <summary>
    /// A virus scanner run on each upload before it is accepted, <c>{path}</c> standing for the file
    /// (<c>clamdscan --no-summary {path}</c>): a non-zero exit refuses the file. Not set: files are not scanned.
    /// The command is split on spaces; no shell runs it.
    /// </summary>
    public string? ScanCommand { get; set; }

    /// <summary>How long a scan may take; one that takes longer refuses the file.</summary>
    public TimeSpan ScanTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public void Check(Configuration.OptionsProblems problems)
    {
        problems.Range(nameof(MaxFileBytes), MaxFileBytes, 1, 1L << 32);
        problems.Range(nameof(MaxFiles), MaxFiles, 1, 100);
        foreach (var extension in AllowedExtensions ?? []) problems.OneOf(nameof(AllowedExtensions), extension?.ToLowerInvariant(), FileKinds.Known);
        problems.Range(nameof(ScanTimeout), ScanTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        if (ScanCommand is { } command && !command.Contains("{path}", StringComparison.Ordinal))
            problems.Add(nameof(ScanCommand), "须包含 {path} / must contain {path}, where the file's path goes.");
    }
}
