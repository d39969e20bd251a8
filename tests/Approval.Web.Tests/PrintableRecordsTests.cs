using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Ledger;
using Microsoft.Extensions.DependencyInjection;

namespace Approval.Web.Tests;

/// <summary>
/// 审批单 and 授牌 as pages (issue 17): the record for whoever may see the instance, a confidential opinion only upward,
/// the certificate public for a ratified result and refused with its reason for anything else; without a configured
/// Chromium the PDF addresses answer 503 and the pages say to print from the browser (PdfDownloadTests prints them).
/// </summary>
public sealed class PrintableRecordsTests : IAsyncLifetime
{
    private readonly ApprovalFactory _factory = new(DatabaseProvider.Sqlite);
    private PrintFixture _f = null!;

    public async Task InitializeAsync() => _f = await PrintFixture.SetUpAsync(_factory.Admin(), _factory.Client);

    public async Task DisposeAsync()
    {
        try { await _factory.AssertAnswersMatchTheDocumentAsync(); }
        finally { await _factory.DisposeAsync(); }
    }

    private async Task<PageBrowser> SignInAsync(string login)
    {
        var browser = _factory.AnonymousBrowser();
        var signedIn = await browser.PostFormAsync("/login", "/login", new() { ["Login"] = login, ["Password"] = PrintFixture.Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return browser;
    }

    private static async Task<string> TextAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    private string Record => $"/instances/{_f.InstanceId}/record";

    [Fact(DisplayName = "The record lists every step in order with who acted, when, the outcome and the opinion, under the campaign and year")]
    public async Task TheRecord_ListsEveryStep_ForTheLevelAbove()
    {
        var town = await SignInAsync("pr-town");
        var response = await town.GetAsync(Record);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await TextAsync(response);
        Assert.Contains("审批单", page);
        Assert.Contains("2027年度青山县委", page); // the campaign's name, in the header
        Assert.Contains(PrintFixture.BranchName, page);
        string[] inOrder = ["流程开始", "申报创星", "王书记", PrintFixture.Application, "征求执纪执法部门意见", "李纪委", PrintFixture.Confidential,
            "分级审批", "赵组织委员", "同意", PrintFixture.Approval, "流程结束"];
        var at = page.IndexOf("id=\"record-steps\"", StringComparison.Ordinal);
        foreach (var text in inOrder)
        {
            at = page.IndexOf(text, at, StringComparison.Ordinal);
            Assert.True(at >= 0, $"“{text}” is missing from the steps or out of order");
        }
        // A4 with its running header and numbered pages when printed.
        Assert.Contains("/css/records.css", page);
        Assert.Contains("counter(pages)", page);
    }

    [Fact(DisplayName = "A confidential opinion is never in a record read by the level below, nor in one printed for it")]
    public async Task TheConfidentialOpinion_IsShownUpwardOnly()
    {
        var secretary = await (await SignInAsync("pr-secretary")).GetAsync(Record);
        Assert.Equal(HttpStatusCode.OK, secretary.StatusCode);
        var page = await TextAsync(secretary);
        Assert.DoesNotContain(PrintFixture.Confidential, page);
        Assert.Contains("意见仅上级可见", page);
        Assert.Contains(PrintFixture.Approval, page);

        var forSubject = await TextAsync(await (await SignInAsync("pr-town")).GetAsync(Record + "?for=subject"));
        Assert.DoesNotContain(PrintFixture.Confidential, forSubject);
        Assert.Contains("供下级留存", forSubject);
    }

    [Fact(DisplayName = "Someone outside the instance's scope gets neither the record nor its PDF; an anonymous visitor is sent to sign in")]
    public async Task SomeoneOutsideTheScope_IsRefused()
    {
        foreach (var login in new[] { "pr-outsider", "pr-other" })
        {
            var browser = await SignInAsync(login);
            Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(Record)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(Record + ".pdf")).StatusCode);
        }
        var anonymous = await _factory.AnonymousBrowser().GetAsync(Record);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/login", anonymous.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await (await SignInAsync("pr-town")).GetAsync("/instances/nothing-here/record")).StatusCode);
    }

    [Fact(DisplayName = "Without a Chromium the pages say to print from the browser and the PDF addresses answer 503 with their code")]
    public async Task WithoutChromium_ThePdfIsUnavailable()
    {
        var town = await SignInAsync("pr-town");
        var page = await TextAsync(await town.GetAsync(Record));
        Assert.Contains("请用浏览器的“打印”", page);
        Assert.DoesNotContain("record.pdf", page);
        foreach (var url in new[] { Record + ".pdf", $"/ratings/{_f.RatingId}/certificate.pdf" })
        {
            var pdf = await town.GetAsync(url);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, pdf.StatusCode);
            Assert.Equal("application/problem+json", pdf.Content.Headers.ContentType?.MediaType);
            Assert.Equal("pdf-unavailable", (await pdf.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }
    }

    [Fact(DisplayName = "A ratified result's certificate is public like its notice: the subject, the level, the stars earned, who ratified it and when")]
    public async Task TheCertificate_OfARatifiedResult_IsPublic()
    {
        var response = await _factory.AnonymousBrowser().GetAsync($"/ratings/{_f.RatingId}/certificate");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await TextAsync(response);
        Assert.Contains("荣誉证书", page);
        Assert.Contains(PrintFixture.BranchName, page);
        Assert.Contains("八星级党组织", page);
        Assert.Contains("★★★★★★★★", page);
        Assert.Contains("宗旨星", page);
        Assert.DoesNotContain("创新星", page); // not earned
        Assert.Contains(PrintFixture.TownName, page); // the tier that approved it ratified it
        Assert.Contains($"2027-{_f.RatingId:D6}", page);

        var org = await TextAsync(await (await SignInAsync("pr-town")).GetAsync($"/orgs/{_f.Branch}"));
        Assert.Contains($"/ratings/{_f.RatingId}/certificate", org);
    }

    [Fact(DisplayName = "A demotion or a rating that does not exist has no certificate: 404 saying why, on the page and for the PDF")]
    public async Task AResultThatWasNotRatified_HasNoCertificate()
    {
        var ledger = _factory.Services.GetRequiredService<RatingsLedger>();
        await ledger.AppendAsync([new RatingEntry("organization", _f.Branch, _f.Branch, "double-ten", 1, 2027, 6, true, false, null, "demotion", [], null, "admin")]);
        var demotion = (await ledger.HistoryAsync("organization", _f.Branch)).Last().Id;

        var page = await _factory.AnonymousBrowser().GetAsync($"/ratings/{demotion}/certificate");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("不是经公示后批准授星的评星结果", await TextAsync(page));
        var missing = await _factory.AnonymousBrowser().GetAsync("/ratings/999999/certificate");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("没有这条评星记录", await TextAsync(missing));
        var pdf = await (await SignInAsync("pr-town")).GetAsync($"/ratings/{demotion}/certificate.pdf");
        Assert.Equal(HttpStatusCode.NotFound, pdf.StatusCode);
        Assert.Contains("不是经公示后批准授星的评星结果", (await pdf.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }
}
