using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Approval.Web.Tests.Browser.WalkSteps;

namespace Approval.Web.Tests.Browser;

/// <summary>
/// 加签 and 批量审批 in a real browser (issue 17): the town's reviewer asks a county committee member to look at one
/// branch's pledge first; the member sees it marked 加签, agrees with an opinion; the review comes back to the town,
/// whose history shows the ask and the opinion, and approves it. The county's department then selects the other 20
/// branches' pledge reviews on one inbox page and approves them together with one opinion. The branches' pledges are
/// submitted through the API (the pledge page is walked elsewhere).
/// </summary>
public sealed class AddSignBatchWalkTests
{
    private const string Password = "add-sign-batch-1";
    private const string AdminToken = "add-sign-batch-admin-token";
    private const int Branches = 21;

    private static string BranchName(int i) => $"第{i:00}村党支部";

    [Fact]
    public async Task ATownReviewerAddsASigner_AndTheCountyBatchApprovesTwentyPledges()
    {
        await BrowserHost.RunAsync(AdminToken, "2027-01-04T09:00:00+08:00", async host =>
        {
            var town = await SetUpAsync(host);
            await using var session = await BrowserSession.StartAsync(host.BaseAddress);
            var townReviewer = await session.SignInAsync("ab-town", Password);
            var expert = await session.SignInAsync("ab-expert", Password);
            var county = await session.SignInAsync("ab-county", Password);
            var first = $"承诺审核 · {BranchName(1)}";

            // 1. The town asks the county's committee member to look first (前加签).
            await OpenTaskAsync(townReviewer, "pledge-review", first, town);
            await townReviewer.ClickAsync("#sign-box summary");
            Assert.Contains("县评审委员", await townReviewer.InnerTextAsync("#signTo"));
            await townReviewer.SelectOptionAsync("#signTo", new SelectOptionValue { Label = "县评审委员" });
            await townReviewer.FillAsync("#signReason", "该村承诺涉及产业项目，请县评审委员先把关");
            await BrowserSession.ScreenshotAsync(townReviewer, "sign-01-add-signer");
            await BrowserSession.PhoneScreenshotAsync(townReviewer, "sign-01-add-signer");
            await townReviewer.ClickAsync("#sign-form button[type=submit]");
            await townReviewer.WaitForURLAsync("**/inbox");
            Assert.Contains("先行会签", await townReviewer.InnerTextAsync("main"));

            // 2. The member sees it marked 加签 with the countersign form, and agrees with an opinion.
            await expert.GotoAsync("/inbox");
            Assert.Contains("加签·请先提意见", await expert.InnerTextAsync("#tasks"));
            await OpenTaskAsync(expert, "pledge-review", first);
            Assert.Contains("镇组织委员 请您先提出意见", await expert.InnerTextAsync("#added-sign"));
            await expert.Locator("#countersign-note").WaitForAsync();
            await expert.FillAsync("#comment", "项目可行，建议明确完成时限");
            await BrowserSession.ScreenshotAsync(expert, "sign-02-countersign");
            await BrowserSession.PhoneScreenshotAsync(expert, "sign-02-countersign");
            await SubmitAsync(expert, "agree");

            // 3. The review is back with the town (a new task, so last of the twenty-one: on the second page), the ask and
            //    the opinion in its history; the town approves.
            await townReviewer.GotoAsync($"/inbox?step=pledge-review&org={town}");
            await townReviewer.GetByRole(AriaRole.Link, new() { Name = "下一页" }).ClickAsync();
            await townReviewer.GetByRole(AriaRole.Link, new() { Name = first, Exact = true }).ClickAsync();
            await townReviewer.WaitForURLAsync("**/tasks/**");
            var history = await townReviewer.InnerTextAsync("#history");
            Assert.Contains("前加签：承诺审核 · 镇组织委员 请 县评审委员", history);
            Assert.Contains("项目可行，建议明确完成时限", history);
            await BrowserSession.ScreenshotAsync(townReviewer, "sign-03-back-with-opinion");
            await SubmitAsync(townReviewer, "approve");

            // 4. The county selects the twenty other reviews on one page and approves them together.
            await county.GotoAsync("/inbox?step=pledge-review");
            Assert.Equal(Branches - 1, await county.Locator("#tasks tbody tr").CountAsync());
            await county.CheckAsync("#batch-all");
            Assert.Equal(Branches - 1, await county.Locator("input[name=ids]:checked").CountAsync());
            await county.FillAsync("#batchComment", "承诺内容具体，同意公开");
            await BrowserSession.ScreenshotAsync(county, "sign-04-batch-selected");
            await BrowserSession.PhoneScreenshotAsync(county, "sign-04-batch-selected");
            await county.ClickAsync("#batch-form button[type=submit]");
            await county.Locator("#batch-result").WaitForAsync(new() { Timeout = 60_000 });
            Assert.Contains($"已办理 {Branches - 1} 项，未能办理 0 项", await county.InnerTextAsync("#batch-result"));
            Assert.Equal(0, await county.Locator("#tasks tbody tr").CountAsync());
            await BrowserSession.ScreenshotAsync(county, "sign-05-batch-done");
            await BrowserSession.PhoneScreenshotAsync(county, "sign-05-batch-done");

            // Each was completed on its own, by the county, with the one opinion.
            await county.GotoAsync("/inbox?tab=done");
            Assert.Equal(Branches - 1, await county.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^承诺审核 · ") }).CountAsync());
        });
    }

    /// <summary>County → town → 21 branches; the town's department, a county committee member and the county's department; every branch pledged.</summary>
    private static async Task<string> SetUpAsync(HostProcess host)
    {
        using var api = new HttpClient { BaseAddress = host.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
        var county = await PostAsync(api, "/api/orgs", new { name = "青山县委", kind = "committee" });
        var town = await PostAsync(api, "/api/orgs", new { name = "城关镇党委", kind = "committee", parentId = county });
        for (var i = 1; i <= Branches; i++)
            await PostAsync(api, "/api/orgs", new { name = BranchName(i), kind = "branch", parentId = town, sector = "rural" });
        foreach (var (login, name, role, org) in new[]
        {
            ("ab-town", "镇组织委员", "org-department", town), ("ab-expert", "县评审委员", "committee", county), ("ab-county", "县组织部干部", "org-department", county),
        })
            await PostAsync(api, "/api/users", new { login, name, roles = new[] { new { role, orgId = org } }, password = Password });
        await PostAsync(api, "/api/campaigns", new { schemeKey = "double-ten", year = 2027, rootOrgId = county });
        var confirm = (await OpenTasksAsync(api)).Single(t => t.GetProperty("elementId").GetString() == "confirm-stars").GetProperty("id").GetString();
        var confirmed = await api.PostAsync($"/api/tasks/{confirm}/complete", JsonContent.Create(new { outcome = "confirm" }));
        Assert.True(confirmed.IsSuccessStatusCode, await confirmed.Content.ReadAsStringAsync());
        // The branches' pledges (the town's own committee pledges too; it stays open, out of this walk).
        var pledges = (await OpenTasksAsync(api)).Where(t => t.GetProperty("elementId").GetString() == "pledge" && t.GetProperty("orgId").GetString() != town).ToList();
        Assert.Equal(Branches, pledges.Count);
        foreach (var pledge in pledges)
        {
            var done = await api.PostAsync($"/api/tasks/{pledge.GetProperty("id").GetString()}/complete", JsonContent.Create(new
            {
                outcome = "submit", variables = new { stars = new[] { "study" }, measures = "建强村党支部班子", deeds = new[] { "修缮村道一公里" } },
            }));
            Assert.True(done.IsSuccessStatusCode, await done.Content.ReadAsStringAsync());
        }
        return town;
    }

    private static async Task<List<JsonElement>> OpenTasksAsync(HttpClient api) =>
        JsonDocument.Parse(await api.GetStringAsync("/api/tasks?pageSize=100")).RootElement.EnumerateArray().ToList();
}
