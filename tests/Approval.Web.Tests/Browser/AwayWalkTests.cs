using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Approval.Web.Tests.Browser.WalkSteps;

namespace Approval.Web.Tests.Browser;

/// <summary>
/// 委托 and 抄送 in a real browser (issue 17): the town's reviewer, going away for training, delegates to the county's
/// department for two days; the county finds the pledge reviews marked 代<name>, approves one, and the history names
/// both; the reviewer meanwhile sees them marked 已委托. The administrator moves the demo clock past the period: the
/// next review is the reviewer's again, unmarked. The reviewer copies a committee member, who finds it unread under
/// 抄送我的, opens it, and finds it read.
/// </summary>
public sealed class AwayWalkTests
{
    private const string Password = "away-walk-password-1";
    private const string AdminToken = "away-walk-admin-token";
    private const string East = "东坡村党支部";
    private const string West = "西岭村党支部";

    [Fact]
    public async Task ADelegateActsWhileTheReviewerIsAway_AndACopiedColleagueReadsIt()
    {
        await BrowserHost.RunAsync(AdminToken, "2027-01-04T09:00:00+08:00", async host =>
        {
            var (town, east, west) = await SetUpAsync(host);
            await using var session = await BrowserSession.StartAsync(host.BaseAddress);
            var eastSecretary = await session.SignInAsync("aw-east", Password);
            var westSecretary = await session.SignInAsync("aw-west", Password);
            var reviewer = await session.SignInAsync("aw-town", Password);
            var county = await session.SignInAsync("aw-county", Password);
            var committee = await session.SignInAsync("aw-committee", Password);
            var admin = await session.SignInAsync("aw-admin", Password);
            await PledgeAsync(eastSecretary, east, "修缮村道一公里");

            // 1. The reviewer delegates to the county's department for today and tomorrow.
            await reviewer.GotoAsync("/account/delegation");
            Assert.Equal(["请选择", "县组织部干部"], (await reviewer.Locator("#To option").AllInnerTextsAsync()).Select(s => s.Trim()));
            await reviewer.SelectOptionAsync("#To", "aw-county");
            await reviewer.FillAsync("#Until", "2027-01-05");
            await reviewer.FillAsync("#Reason", "参加市委党校培训");
            await BrowserSession.ScreenshotAsync(reviewer, "away-01-delegation-form");
            await BrowserSession.PhoneScreenshotAsync(reviewer, "away-01-delegation-form");
            await reviewer.ClickAsync("#delegation-form button[type=submit]");
            await Assertions.Expect(reviewer.Locator("p.ok")).ToContainTextAsync("已委托县组织部干部代为办理");
            Assert.Contains("生效中", await reviewer.InnerTextAsync("#delegations"));
            await BrowserSession.ScreenshotAsync(reviewer, "away-02-delegation-set");

            // 2. A pledge arrives while the reviewer is away: both reviews are the county's to do, marked 代镇组织委员;
            //    the reviewer still sees them, marked 已委托.
            await PledgeAsync(westSecretary, west, "修缮村道一公里");
            await county.GotoAsync("/inbox?delegated=true");
            var held = await county.InnerTextAsync("#tasks");
            Assert.Contains($"承诺审核 · {East}", held);
            Assert.Contains($"承诺审核 · {West}", held);
            Assert.Equal(2, await county.Locator("#tasks .badge.delegated", new() { HasTextString = "代镇组织委员" }).CountAsync());
            await BrowserSession.ScreenshotAsync(county, "away-03-delegate-inbox");
            await BrowserSession.PhoneScreenshotAsync(county, "away-03-delegate-inbox");
            await reviewer.GotoAsync($"/inbox?step=pledge-review&org={town}");
            Assert.Equal(2, await reviewer.Locator("#tasks .badge.delegated", new() { HasTextString = "已委托县组织部干部" }).CountAsync());
            await BrowserSession.ScreenshotAsync(reviewer, "away-04-reviewer-sees-delegated");

            // 3. The county approves the east review 代 the reviewer; the history keeps both names.
            await OpenTaskAsync(county, "pledge-review", $"承诺审核 · {East}", town);
            await Assertions.Expect(county.Locator("#on-behalf")).ToContainTextAsync("代镇组织委员办理");
            await BrowserSession.ScreenshotAsync(county, "away-05-acting-for");
            await BrowserSession.PhoneScreenshotAsync(county, "away-05-acting-for");
            await SubmitAsync(county, "approve");
            await county.GotoAsync("/inbox?tab=done");
            await county.GetByRole(AriaRole.Link, new() { Name = $"承诺审核 · {East}", Exact = true }).ClickAsync();
            await Assertions.Expect(county.Locator("#completed-by")).ToContainTextAsync("县组织部干部 代 镇组织委员");
            Assert.Contains("承诺审核 · 县组织部干部 代 镇组织委员", await county.InnerTextAsync("#history"));
            await BrowserSession.ScreenshotAsync(county, "away-06-history-both");

            // 4. The period ends (the demo clock, no waiting): the west review is the reviewer's again, unmarked.
            await MoveClockAsync(admin, "2027-01-06T09:00");
            await county.GotoAsync("/inbox?delegated=true");
            Assert.Equal(0, await county.Locator("#tasks").CountAsync());
            await reviewer.GotoAsync($"/inbox?step=pledge-review&org={town}");
            Assert.Contains($"承诺审核 · {West}", await reviewer.InnerTextAsync("#tasks"));
            Assert.Equal(0, await reviewer.Locator("#tasks .badge.delegated").CountAsync());
            await BrowserSession.ScreenshotAsync(reviewer, "away-07-back-to-reviewer");

            // 5. The reviewer copies the committee member on the west review; the flow does not wait for it.
            Assert.Equal(403, (await committee.GotoAsync(await TaskAddressAsync(reviewer, town)))!.Status);
            await OpenTaskAsync(reviewer, "pledge-review", $"承诺审核 · {West}", town);
            await reviewer.ClickAsync("#copy-box summary");
            await reviewer.GetByLabel("刘委员").CheckAsync();
            await reviewer.FillAsync("#copyNote", "该支部承诺请评审委员会知悉");
            await BrowserSession.ScreenshotAsync(reviewer, "away-08-copy");
            await BrowserSession.PhoneScreenshotAsync(reviewer, "away-08-copy");
            await reviewer.ClickAsync("#copy-form button[type=submit]");
            await Assertions.Expect(reviewer.Locator("p.ok")).ToContainTextAsync("已抄送 刘委员");
            Assert.Contains("抄送：承诺审核 → 刘委员 · 镇组织委员", await reviewer.InnerTextAsync("#history"));
            Assert.Equal(1, await reviewer.Locator("#task-form").CountAsync()); // still the reviewer's to decide

            // 6. 抄送我的: unread, opened read-only, then read.
            await committee.GotoAsync("/inbox?tab=copies");
            await Assertions.Expect(committee.Locator("#copies-tab .badge")).ToHaveTextAsync("1");
            Assert.Equal(["抄送我的"], (await committee.Locator(".tabs a.active").AllInnerTextsAsync()).Select(s => s.Trim()[..4]));
            Assert.Contains("未读", await committee.InnerTextAsync("#copies"));
            await BrowserSession.ScreenshotAsync(committee, "away-09-copies-unread");
            await BrowserSession.PhoneScreenshotAsync(committee, "away-09-copies-unread");
            await committee.GetByRole(AriaRole.Link, new() { Name = $"承诺审核 · {West}", Exact = true }).ClickAsync();
            await Assertions.Expect(committee.Locator("#copied-banner")).ToContainTextAsync("抄送给您");
            Assert.Equal(0, await committee.Locator("#task-form").CountAsync());
            await BrowserSession.ScreenshotAsync(committee, "away-10-copy-opened");
            await committee.GotoAsync("/inbox?tab=copies");
            Assert.Contains("已读", await committee.InnerTextAsync("#copies"));
            Assert.Equal(0, await committee.Locator("#copies-tab .badge").CountAsync());
            await BrowserSession.ScreenshotAsync(committee, "away-11-copies-read");
            await BrowserSession.PhoneScreenshotAsync(committee, "away-11-copies-read");
        });
    }

    /// <summary>The west review's page address, as the reviewer's inbox links it.</summary>
    private static async Task<string> TaskAddressAsync(IPage reviewer, string town)
    {
        await reviewer.GotoAsync($"/inbox?step=pledge-review&org={town}");
        return (await reviewer.GetByRole(AriaRole.Link, new() { Name = $"承诺审核 · {West}", Exact = true }).GetAttributeAsync("href"))!;
    }

    /// <summary>County → town → two branches, their secretaries, the town's reviewer, the county's department, a committee member; the campaign started.</summary>
    private static async Task<(string Town, string East, string West)> SetUpAsync(HostProcess host)
    {
        using var api = new HttpClient { BaseAddress = host.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
        var county = await PostAsync(api, "/api/orgs", new { name = "青山县委", kind = "committee" });
        var town = await PostAsync(api, "/api/orgs", new { name = "城关镇党委", kind = "committee", parentId = county });
        var east = await PostAsync(api, "/api/orgs", new { name = East, kind = "branch", parentId = town, sector = "rural" });
        var west = await PostAsync(api, "/api/orgs", new { name = West, kind = "branch", parentId = town, sector = "rural" });
        foreach (var (login, name, role, org) in new[]
        {
            ("aw-east", "东坡村书记", "secretary", east), ("aw-west", "西岭村书记", "secretary", west), ("aw-town", "镇组织委员", "org-department", town),
            ("aw-county", "县组织部干部", "org-department", county), ("aw-committee", "刘委员", "committee", town), ("aw-admin", "系统管理员", "administrator", (string?)null),
        })
            await PostAsync(api, "/api/users", new { login, name, roles = new[] { new { role, orgId = org } }, password = Password });
        await StartDoubleTenAsync(api, county);
        return (town, east, west);
    }
}
