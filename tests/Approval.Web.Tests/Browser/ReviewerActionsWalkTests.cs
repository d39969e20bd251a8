using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Approval.Web.Tests.Browser.WalkSteps;

namespace Approval.Web.Tests.Browser;

/// <summary>
/// 撤回, 转交 and 退回 in a real browser (issue 17): a branch secretary pledges, takes the pledge back before the town
/// has looked at it, pledges again; the town's reviewer hands the review to the county's department (本人回避); the
/// county returns it to the pledge step with a reason; the secretary finds it in the inbox again with the reason in
/// its history. The tree and the campaign are set up by the API.
/// </summary>
public sealed class ReviewerActionsWalkTests
{
    private const string Password = "reviewer-actions-1";
    private const string AdminToken = "reviewer-actions-admin-token";
    private const string Branch = "东坡村党支部";

    [Fact]
    public async Task ASecretaryWithdraws_AndATownReviewerReturnsThePledge()
    {
        await BrowserHost.RunAsync(AdminToken, "2027-01-04T09:00:00+08:00", async host =>
        {
            var (town, branch) = await SetUpAsync(host);
            await using var session = await BrowserSession.StartAsync(host.BaseAddress);
            var secretary = await session.SignInAsync("ra-secretary", Password);
            var townReviewer = await session.SignInAsync("ra-town", Password);
            var reviewer = await session.SignInAsync("ra-county", Password);

            // 1. The secretary pledges, then takes it back from 已办 before the town has acted.
            await PledgeAsync(secretary, branch, "修缮村道一公里");
            await secretary.GotoAsync("/inbox?tab=done");
            await secretary.GetByRole(AriaRole.Link, new() { Name = "公开承诺", Exact = true }).First.ClickAsync();
            await secretary.Locator("#withdraw-form").WaitForAsync();
            await BrowserSession.ScreenshotAsync(secretary, "actions-01-withdraw-offered");
            await BrowserSession.PhoneScreenshotAsync(secretary, "actions-01-withdraw-offered");
            await secretary.ClickAsync("#withdraw-form button");
            await secretary.Locator("#task-form").WaitForAsync();
            Assert.Contains("撤回：公开承诺", await secretary.InnerTextAsync("#history"));
            await BrowserSession.ScreenshotAsync(secretary, "actions-02-withdrawn");
            await AssertNoReviewAsync(townReviewer, town);

            // 2. Pledged again; the town returns it to the pledge step, with a reason.
            await secretary.FillAsync("#measures", "建强村党支部班子，党员联系农户");
            await secretary.FillAsync("#deeds", "修缮村道两公里");
            await SubmitAsync(secretary, "submit");
            await OpenTaskAsync(townReviewer, "pledge-review", $"承诺审核 · {Branch}", town);
            await townReviewer.ClickAsync("#transfer-box summary");
            Assert.Equal(["县组织部干部"], (await townReviewer.Locator("#transferTo option").AllInnerTextsAsync()).Select(s => s.Trim()));
            await townReviewer.FillAsync("#transferReason", "本人系该支部联系人，申请回避");
            await BrowserSession.ScreenshotAsync(townReviewer, "actions-03-transfer");
            await BrowserSession.PhoneScreenshotAsync(townReviewer, "actions-03-transfer");
            await townReviewer.ClickAsync("#transfer-form button[type=submit]");
            await townReviewer.WaitForURLAsync("**/inbox");
            await AssertNoReviewAsync(townReviewer, town);
            await OpenTaskAsync(reviewer, "pledge-review", $"承诺审核 · {Branch}", town);
            Assert.Contains("转交：承诺审核 · 镇组织委员 → 县组织部干部", await reviewer.InnerTextAsync("#history"));
            await reviewer.ClickAsync("#return-box summary");
            Assert.Equal(["公开承诺"], (await reviewer.Locator("#returnTo option").AllInnerTextsAsync()).Select(s => s.Trim()));
            await reviewer.ClickAsync("#return-form button[type=submit]");
            Assert.Contains("请填写退回原因", await reviewer.InnerTextAsync("#return-form")); // refused without a reason, nothing changed
            await reviewer.FillAsync("#returnReason", "实事项目没有完成时限，请补充");
            await BrowserSession.ScreenshotAsync(reviewer, "actions-04-return");
            await BrowserSession.PhoneScreenshotAsync(reviewer, "actions-04-return");
            await reviewer.ClickAsync("#return-form button[type=submit]");
            await reviewer.WaitForURLAsync("**/inbox");

            // 3. The pledge is back in the secretary's inbox, the reason in its history.
            await OpenTaskAsync(secretary, "pledge", "公开承诺", branch);
            var history = await secretary.InnerTextAsync("#history");
            Assert.Contains("退回：承诺审核 → 公开承诺 · 县组织部干部", history);
            Assert.Contains("实事项目没有完成时限", history);
            await BrowserSession.ScreenshotAsync(secretary, "actions-05-returned");
            await BrowserSession.PhoneScreenshotAsync(secretary, "actions-05-returned");
        });
    }

    private static async Task AssertNoReviewAsync(IPage reviewer, string town)
    {
        await reviewer.GotoAsync($"/inbox?step=pledge-review&org={town}");
        Assert.Equal(0, await reviewer.GetByRole(AriaRole.Link, new() { Name = $"承诺审核 · {Branch}", Exact = true }).CountAsync());
    }

    /// <summary>County → town → one branch, a secretary and the town's organization department; the campaign started and its stars confirmed.</summary>
    private static async Task<(string Town, string Branch)> SetUpAsync(HostProcess host)
    {
        using var api = new HttpClient { BaseAddress = host.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
        var county = await PostAsync(api, "/api/orgs", new { name = "青山县委", kind = "committee" });
        var town = await PostAsync(api, "/api/orgs", new { name = "城关镇党委", kind = "committee", parentId = county });
        var branch = await PostAsync(api, "/api/orgs", new { name = Branch, kind = "branch", parentId = town, sector = "rural" });
        foreach (var (login, name, role, org) in new[]
        {
            ("ra-secretary", "村支部书记", "secretary", branch), ("ra-town", "镇组织委员", "org-department", town), ("ra-county", "县组织部干部", "org-department", county),
        })
            await PostAsync(api, "/api/users", new { login, name, roles = new[] { new { role, orgId = org } }, password = Password });
        await StartDoubleTenAsync(api, county);
        return (town, branch);
    }
}
