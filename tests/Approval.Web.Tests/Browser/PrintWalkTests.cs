using System.Net.Http.Headers;
using Microsoft.Playwright;

namespace Approval.Web.Tests.Browser;

/// <summary>
/// Printing in a real browser (issue 17): the town's reviewer opens a done approval from 已办, prints its 审批单 (the
/// page, the page as the printer sees it, and the server's PDF rendered to an image), the branch's secretary reads the
/// same record without the confidential opinion, and the certificate of the ratified result is printed from the
/// organization's ledger and read by a visitor who has not signed in. The screenshots and PDFs stay in artifacts/.
/// </summary>
public sealed class PrintWalkTests
{
    private const string AdminToken = "print-walk-admin-token";

    [Fact]
    public async Task AReviewerPrintsTheRecord_AndTheCertificateOfTheRatifiedResult()
    {
        var chromium = Environment.GetEnvironmentVariable("APPROVAL_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        await BrowserHost.RunAsync(AdminToken, "2027-01-04T09:00:00+08:00", async host =>
        {
            HttpClient Client(string token) => new() { BaseAddress = host.BaseAddress, DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
            using var admin = Client(AdminToken);
            var f = await PrintFixture.SetUpAsync(admin, Client);
            await using var session = await BrowserSession.StartAsync(host.BaseAddress);
            var town = await session.SignInAsync("pr-town", PrintFixture.Password);

            // 1. From 已办 to the done approval, and from there to its 审批单.
            await town.GotoAsync("/inbox?tab=done");
            await town.GetByRole(AriaRole.Link, new() { Name = "分级审批", Exact = true }).First.ClickAsync();
            await town.ClickAsync("#print-record-link");
            await town.WaitForURLAsync("**/record");
            var record = await town.InnerTextAsync("#record");
            Assert.Contains(PrintFixture.Confidential, record);
            Assert.Contains("赵组织委员", record);
            await BrowserSession.ScreenshotAsync(town, "print-01-record");
            await BrowserSession.PhoneScreenshotAsync(town, "print-01-record");
            await PrintMediaScreenshotAsync(town, "print-02-record-as-printed");
            await DownloadPdfAsync(town, "#record-pdf", "print-03-record-pdf");

            // 2. The branch reads the same record without what is shown upward only.
            var secretary = await session.SignInAsync("pr-secretary", PrintFixture.Password);
            await secretary.GotoAsync($"/instances/{f.InstanceId}/record");
            var lower = await secretary.InnerTextAsync("#record");
            Assert.DoesNotContain(PrintFixture.Confidential, lower);
            Assert.Contains("意见仅上级可见", lower);
            await BrowserSession.ScreenshotAsync(secretary, "print-04-record-branch");

            // 3. The certificate, from the organization's ledger.
            await town.GotoAsync($"/orgs/{f.Branch}");
            await town.ClickAsync(".certificate-link");
            await town.WaitForURLAsync("**/certificate");
            Assert.Contains("八星级党组织", await town.InnerTextAsync("#certificate"));
            await BrowserSession.ScreenshotAsync(town, "print-05-certificate");
            await BrowserSession.PhoneScreenshotAsync(town, "print-05-certificate");
            await PrintMediaScreenshotAsync(town, "print-06-certificate-as-printed");
            await DownloadPdfAsync(town, "#certificate-pdf", "print-07-certificate-pdf");

            // 4. Public like the notice: a visitor reads and prints it from the browser (the server's PDF is for those signed in).
            var visitor = await session.PersonAsync();
            await visitor.GotoAsync($"/ratings/{f.RatingId}/certificate");
            Assert.Contains(PrintFixture.BranchName, await visitor.InnerTextAsync("#certificate"));
            Assert.Equal(0, await visitor.Locator("#certificate-pdf").CountAsync());
            Assert.Equal(1, await visitor.Locator("#print-certificate").CountAsync());
        }, new Dictionary<string, string> { ["Approval__Print__Chromium"] = chromium });
    }

    /// <summary>The page as the printer gets it (print media: no menu, no buttons).</summary>
    private static async Task PrintMediaScreenshotAsync(IPage page, string name)
    {
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        try
        {
            Assert.False(await page.Locator("header.site").IsVisibleAsync());
            Assert.False(await page.Locator(".print-actions").IsVisibleAsync());
            await BrowserSession.ScreenshotAsync(page, name);
        }
        finally { await page.EmulateMediaAsync(new() { Media = Media.Screen }); }
    }

    /// <summary>Downloads the page's PDF, checks it is A4, keeps it and its first page as an image.</summary>
    private static async Task DownloadPdfAsync(IPage page, string link, string name)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync(link));
        var file = Path.Combine(BrowserSession.ScreenshotDir, name + ".pdf");
        await download.SaveAsAsync(file);
        var pdf = new PdfFacts(await File.ReadAllBytesAsync(file));
        Assert.True(pdf.HasPdfHeader);
        Assert.All(pdf.Pages, size => Assert.Equal((595, 842), size));
        await pdf.RenderFirstPageAsync(Path.Combine(BrowserSession.ScreenshotDir, name + ".png"));
    }
}
