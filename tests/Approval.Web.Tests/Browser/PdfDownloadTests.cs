using System.Net;
using Approval.Core.Infrastructure;

namespace Approval.Web.Tests.Browser;

/// <summary>
/// The server's PDFs through the real Chromium (issue 17): the record and the certificate come out as A4 PDFs with
/// their Chinese text embedded, printed for the caller with the page's rules (the level below gets no confidential
/// opinion). Chromium is found as the browser walks find it and is required, never skipped (tests/run.sh installs it).
/// </summary>
public sealed class PdfDownloadTests : IAsyncLifetime
{
    private readonly ApprovalFactory _factory = new(DatabaseProvider.Sqlite, settings: new Dictionary<string, string> { ["Approval:Print:Chromium"] = Chromium() });
    private PrintFixture _f = null!;

    /// <summary>APPROVAL_TEST_CHROMIUM (tests/run.sh sets it) or Debian's; missing is a failure, as in <see cref="BrowserSession"/>.</summary>
    private static string Chromium()
    {
        var chromium = Environment.GetEnvironmentVariable("APPROVAL_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(chromium)) throw new InvalidOperationException($"Chromium is needed for the PDF tests and was not found at {chromium} (tests/run.sh installs it).");
        return chromium;
    }

    public async Task InitializeAsync() => _f = await PrintFixture.SetUpAsync(_factory.Admin(), _factory.Client);

    public async Task DisposeAsync()
    {
        try { await _factory.AssertAnswersMatchTheDocumentAsync(); }
        finally { await _factory.DisposeAsync(); }
    }

    private async Task<PdfFacts> DownloadAsync(string login, string url)
    {
        var browser = _factory.AnonymousBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync("/login", "/login", new() { ["Login"] = login, ["Password"] = PrintFixture.Password })).StatusCode);
        var response = await browser.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        return new PdfFacts(await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>A PDF of one or more A4 pages (595 × 842 points) that embeds a CJK font.</summary>
    private static void AssertA4WithChineseFont(PdfFacts pdf)
    {
        Assert.True(pdf.HasPdfHeader);
        Assert.True(pdf.PageCount >= 1);
        Assert.NotEmpty(pdf.Pages);
        Assert.All(pdf.Pages, page => Assert.Equal((595, 842), page));
        Assert.Contains(pdf.Fonts, font => font.Contains("WenQuanYi", StringComparison.Ordinal) || font.Contains("CJK", StringComparison.Ordinal)
            || font.Contains("SourceHan", StringComparison.Ordinal) || font.Contains("SimSun", StringComparison.Ordinal));
    }

    [Fact(DisplayName = "The record's PDF is A4 with its Chinese text embedded, and the confidential opinion only in the upper level's copy")]
    public async Task TheRecordPdf_IsA4WithItsChineseText()
    {
        var upper = await DownloadAsync("pr-town", $"/instances/{_f.InstanceId}/record.pdf");
        AssertA4WithChineseFont(upper);
        var text = await upper.TextAsync();
        Assert.Contains("审批单", text);
        Assert.Contains(PrintFixture.BranchName, text);
        Assert.Contains("分级审批", text);
        Assert.Contains(PrintFixture.Confidential, text.Replace("\n", "", StringComparison.Ordinal));

        var lower = await (await DownloadAsync("pr-secretary", $"/instances/{_f.InstanceId}/record.pdf")).TextAsync();
        Assert.Contains("审批单", lower);
        Assert.DoesNotContain("诫勉谈话", lower);
    }

    [Fact(DisplayName = "The certificate's PDF is A4 with the subject, its level and the ratifying organization in Chinese")]
    public async Task TheCertificatePdf_IsA4WithItsChineseText()
    {
        var pdf = await DownloadAsync("pr-secretary", $"/ratings/{_f.RatingId}/certificate.pdf");
        AssertA4WithChineseFont(pdf);
        var text = await pdf.TextAsync();
        Assert.Contains("荣誉证书", text);
        Assert.Contains(PrintFixture.BranchName, text);
        Assert.Contains("八星级党组织", text);
        Assert.Contains(PrintFixture.TownName, text);
    }
}
