namespace Approval.Core.Configuration;

/// <summary><c>Approval:PublicUrl</c>: the address users reach the web UI at; mails and calendar feeds link tasks under it.</summary>
public sealed class PublicUrlOptions : ICheckedOptions
{
    public string PublicUrl { get; set; } = "http://127.0.0.1:5000";

    public void Check(OptionsProblems problems)
    {
        if (!Uri.TryCreate(PublicUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            problems.Add(nameof(PublicUrl), $"须为 http 或 https 的完整地址，现为“{PublicUrl}” / must be an absolute http(s) address, not '{PublicUrl}'.");
    }
}
