using System.Net;
using System.Text.RegularExpressions;
using Approval.Core.Infrastructure;

namespace Approval.Web.Tests;

/// <summary>Issue 14 §5: every page answers with a Content-Security-Policy without inline scripts, and frame and sniffing protection.</summary>
public sealed partial class SecurityHeadersTests : IDisposable
{
    private readonly ApprovalFactory _factory = new(DatabaseProvider.Sqlite);

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData("/login")]
    [InlineData("/notices")]
    [InlineData("/no-such-page")]
    public async Task Pages_AnswerWithSecurityHeaders(string path)
    {
        var response = await _factory.AnonymousBrowser().GetAsync(path);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("'unsafe-inline'", csp.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task ApiAnswers_AreNotSniffed()
    {
        var response = await _factory.Admin().GetAsync("/api/definitions");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    /// <summary>The policy would block them in the browser: a page that needs one is broken, so none may come back.</summary>
    [Fact]
    public void Pages_HaveNoInlineScriptsOrEventHandlers()
    {
        var pages = Directory.EnumerateFiles(Path.Combine(HostProcess.WebProjectDir, "Pages"), "*.cshtml", SearchOption.AllDirectories);
        var offending = pages.SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, number: i + 1)))
            .Where(l => InlineScript().IsMatch(l.line) || EventHandler().IsMatch(l.line))
            .Select(l => $"{Path.GetFileName(l.file)}:{l.number}: {l.line.Trim()}");
        Assert.Empty(offending);
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"\son[a-z]+\s*=\s*[""']", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandler();
}
