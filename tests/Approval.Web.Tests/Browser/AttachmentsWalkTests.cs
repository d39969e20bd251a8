using System.Net.Http.Json;
using System.Text.Json;
using Approval.Core.Tests.Mail;
using Microsoft.Playwright;
using static Approval.Web.Tests.Browser.WalkSteps;

namespace Approval.Web.Tests.Browser;

/// <summary>
/// 附件、评论与@提及 in a real browser (issue 17): a branch secretary attaches the scanned pledge (台账资料) to the
/// pledge form; the town's reviewer sees it on the review task and downloads it under its Chinese name; the reviewer
/// comments with an @mention of a colleague, picked by name, who gets the mail with the link through maildev.
/// </summary>
public sealed class AttachmentsWalkTests : IDisposable
{
    private const string Password = "attachments-walk-1";
    private const string AdminToken = "attachments-walk-admin-token";
    private const string Branch = "东坡村党支部";
    private static readonly byte[] ScannedPledge = "%PDF-1.4\n% 东坡村党支部公开承诺书（扫描件）\n%%EOF\n"u8.ToArray();
    private readonly MailDev _maildev = new();
    private readonly string _colleagueMail = $"li-{Guid.NewGuid():N}@example.org";

    [Fact]
    public async Task ASecretaryAttachesThePledge_TheReviewerDownloadsIt_AndMentionsAColleague()
    {
        var smtp = new Dictionary<string, string>
        {
            ["Approval__Smtp__Host"] = _maildev.Host,
            ["Approval__Smtp__Port"] = _maildev.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Approval__Smtp__Tls"] = "None",
        };
        await BrowserHost.RunAsync(AdminToken, "2027-01-04T09:00:00+08:00", smtp, async host =>
        {
            var (town, branch) = await SetUpAsync(host);
            await using var session = await BrowserSession.StartAsync(host.BaseAddress);
            var secretary = await session.SignInAsync("aw-secretary", Password);
            var reviewer = await session.SignInAsync("aw-town", Password);

            // 1. The secretary pledges with the scanned pledge attached.
            await OpenTaskAsync(secretary, "pledge", "公开承诺", branch);
            await secretary.Locator("input[name=stars]").First.CheckAsync();
            await secretary.FillAsync("#measures", "建强村党支部班子");
            await secretary.FillAsync("#deeds", "修缮村道一公里");
            await secretary.SetInputFilesAsync("#attachments", new FilePayload { Name = "东坡村公开承诺书.pdf", MimeType = "application/pdf", Buffer = ScannedPledge });
            await BrowserSession.ScreenshotAsync(secretary, "files-01-pledge-with-file");
            await BrowserSession.PhoneScreenshotAsync(secretary, "files-01-pledge-with-file");
            await SubmitAsync(secretary, "submit");

            // 2. The town's reviewer sees the file on the review task and downloads it under its own name.
            await OpenTaskAsync(reviewer, "pledge-review", $"承诺审核 · {Branch}", town);
            var files = await reviewer.InnerTextAsync("#form-files");
            Assert.Contains("东坡村公开承诺书.pdf", files);
            Assert.Contains("公开承诺 · 村支部书记", files);
            var download = await reviewer.RunAndWaitForDownloadAsync(() => reviewer.ClickAsync("#form-files a"));
            Assert.Equal("东坡村公开承诺书.pdf", download.SuggestedFilename);
            Assert.Equal(ScannedPledge, await File.ReadAllBytesAsync((await download.PathAsync())!));

            // 3. A comment naming a colleague from the picker; refused first for a file that is not what it says.
            await reviewer.SelectOptionAsync("#mention-picker", new SelectOptionValue { Label = "李明" });
            Assert.Equal("@李明 ", await reviewer.InputValueAsync("#commentBody"));
            await reviewer.Locator("#commentBody").PressSequentiallyAsync("请核对承诺书扫描件与实事清单是否一致。");
            await reviewer.SetInputFilesAsync("#commentFiles", new FilePayload { Name = "核对意见.pdf", MimeType = "application/pdf", Buffer = "not a pdf"u8.ToArray() });
            await reviewer.ClickAsync("#comment-form button[type=submit]");
            Assert.Contains("内容与扩展名 .pdf 不符", await reviewer.InnerTextAsync("#comment-form"));
            Assert.Contains("暂无评论", await reviewer.InnerTextAsync("#comments"));
            await reviewer.SetInputFilesAsync("#commentFiles", Array.Empty<FilePayload>());
            await reviewer.ClickAsync("#comment-form button[type=submit]");
            await reviewer.WaitForURLAsync("**#comments");
            var comments = await reviewer.InnerTextAsync("#comments");
            Assert.Contains("镇组织委员", comments);
            Assert.Contains("已通知：李明", comments);
            Assert.Contains("请核对承诺书扫描件与实事清单是否一致。", comments);
            await BrowserSession.ScreenshotAsync(reviewer, "files-02-review-files-and-comment");
            await BrowserSession.PhoneScreenshotAsync(reviewer, "files-02-review-files-and-comment");

            // 4. The outbox goes out with the next sweep (moved by the manual clock); the colleague has the mail.
            using var api = new HttpClient { BaseAddress = host.BaseAddress };
            api.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
            Assert.True((await api.PostAsJsonAsync("/api/clock/advance", new { by = "PT1M" })).IsSuccessStatusCode);
            var mail = Assert.Single(await DeliveredAsync());
            Assert.Equal($"【星级创建】镇组织委员在评论中提到了您：承诺审核 · {Branch}", mail.Subject);
            Assert.Contains("请核对承诺书扫描件与实事清单是否一致。", mail.Text);
            Assert.Matches(@"/tasks/[^\s]+#comments", mail.Text);

            // 5. The secretary reads the comment on the pledge page.
            await secretary.GotoAsync("/inbox?tab=done");
            await secretary.GetByRole(AriaRole.Link, new() { Name = "公开承诺", Exact = true }).First.ClickAsync();
            Assert.Contains("请核对承诺书扫描件", await secretary.InnerTextAsync("#comments"));
            Assert.Contains("东坡村公开承诺书.pdf", await secretary.InnerTextAsync("#form-files"));
            await BrowserSession.ScreenshotAsync(secretary, "files-03-secretary-reads");
            await BrowserSession.PhoneScreenshotAsync(secretary, "files-03-secretary-reads");
        });
    }

    /// <summary>
    /// The colleague's mails once delivered: the sweep the clock ran may find the row claimed by the host's own
    /// minutely dispatch, still talking to the SMTP server, so delivery is awaited (up to 30 s), not assumed.
    /// </summary>
    private async Task<IReadOnlyList<MailDev.Received>> DeliveredAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var mails = await _maildev.ForAsync(_colleagueMail);
            if (mails.Count > 0 || DateTime.UtcNow > deadline) return mails;
            await Task.Delay(200);
        }
    }

    /// <summary>County → town → one branch; the secretary, the town's reviewer and a colleague with a mailbox; the campaign started.</summary>
    private async Task<(string Town, string Branch)> SetUpAsync(HostProcess host)
    {
        using var api = new HttpClient { BaseAddress = host.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
        var county = await PostAsync(api, "/api/orgs", new { name = "青山县委", kind = "committee" });
        var town = await PostAsync(api, "/api/orgs", new { name = "城关镇党委", kind = "committee", parentId = county });
        var branch = await PostAsync(api, "/api/orgs", new { name = Branch, kind = "branch", parentId = town, sector = "rural" });
        foreach (var (login, name, role, org, email) in new[]
        {
            ("aw-secretary", "村支部书记", "secretary", branch, (string?)null), ("aw-town", "镇组织委员", "org-department", town, null),
            ("aw-colleague", "李明", "org-department", town, _colleagueMail),
        })
            await PostAsync(api, "/api/users", new { login, name, email, roles = new[] { new { role, orgId = org } }, password = Password });
        await PostAsync(api, "/api/campaigns", new { schemeKey = "double-ten", year = 2027, rootOrgId = county });
        var confirm = JsonDocument.Parse(await api.GetStringAsync("/api/tasks?pageSize=50")).RootElement.EnumerateArray()
            .Single(t => t.GetProperty("elementId").GetString() == "confirm-stars").GetProperty("id").GetString();
        var confirmed = await api.PostAsync($"/api/tasks/{confirm}/complete", JsonContent.Create(new { outcome = "confirm" }));
        Assert.True(confirmed.IsSuccessStatusCode, await confirmed.Content.ReadAsStringAsync());
        return (town, branch);
    }

    public void Dispose() => _maildev.Dispose();
}
