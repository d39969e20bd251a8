using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Approval.Web.Tests.Browser.WalkSteps;

namespace Approval.Web.Tests.Browser;

/// <summary>
/// A whole campaign year for a small tree (county → town → one village branch with five members), through the UI
/// only, in a real browser against a real host under the manual clock. Only the tree and the people are set up by
/// the API beforehand, as an administrator's import would. Screenshots of the main pages are kept as artifacts.
/// </summary>
public sealed class YearWalkTests
{
    private const string Password = "walk-password-1";
    private const string AdminToken = "walk-admin-token";
    private const string Branch = "东街村党支部";

    [Fact]
    public async Task AYear_FromCampaignToRatingToDemotion_ThroughTheUi()
    {
        await BrowserHost.RunAsync(AdminToken, "2027-01-04T09:00:00+08:00", async host =>
        {
            var (county, town, branch) = await SetUpTreeAsync(host);
            await using var session = await BrowserSession.StartAsync(host.BaseAddress);
            await WalkAsync(session, county, town, branch);
        });
    }

    private static readonly string[] Members = ["王建国", "李秀英", "张伟", "刘洋", "陈静"];

    private static async Task<(string County, string Town, string Branch)> SetUpTreeAsync(HostProcess host)
    {
        using var api = new HttpClient { BaseAddress = host.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
        Task<string> Post(string url, object body) => PostAsync(api, url, body);
        var county = await Post("/api/orgs", new { name = "青山县委", kind = "committee" });
        var town = await Post("/api/orgs", new { name = "城关镇党委", kind = "committee", parentId = county });
        var branch = await Post("/api/orgs", new { name = Branch, kind = "branch", parentId = town, sector = "rural" });
        // Every member has an account on the roster, so the branch can vote in the system (无记名投票).
        foreach (var (name, i) in Members.Select((n, i) => (n, i + 1)))
        {
            await Post("/api/members", new { orgId = branch, name, category = "employed", login = $"member-{i}" });
            await Post("/api/users", new { login = $"member-{i}", name, roles = Array.Empty<object>(), password = Password });
        }
        foreach (var (login, role, org) in new[]
        {
            ("walk-admin", "administrator", (string?)null), ("county", "org-department", county), ("town", "org-department", town),
            ("secretary", "secretary", branch), ("discipline", "discipline", county),
        })
            await Post("/api/users", new { login, name = login, roles = new[] { new { role, orgId = org } }, password = Password });
        return (county, town, branch);
    }

    private static async Task WalkAsync(BrowserSession session, string county, string town, string branch)
    {
        var admin = await session.SignInAsync("walk-admin", Password);
        var countyDept = await session.SignInAsync("county", Password);
        var townDept = await session.SignInAsync("town", Password);
        var secretary = await session.SignInAsync("secretary", Password);
        var discipline = await session.SignInAsync("discipline", Password);
        await BrowserSession.ScreenshotAsync(secretary, "01-inbox-empty");

        // 1. The administrator starts the campaign; the county confirms its stars (分类定星).
        await admin.GotoAsync("/campaigns/new");
        await admin.SelectOptionAsync("#SchemeKey", "double-ten");
        await admin.FillAsync("#Year", "2027");
        await admin.SelectOptionAsync("#RootOrgId", county);
        // The page counts whom the scheme rates under the chosen organization: the town, the branch and its five members.
        await Assertions.Expect(admin.Locator("#rated-counts-text")).ToContainTextAsync("2 个党组织、5 名党员");
        await BrowserSession.ScreenshotAsync(admin, "02-campaign-start");
        await admin.ClickAsync("#campaign-form button[type=submit]");
        await admin.WaitForURLAsync("**/campaigns");
        await OpenTaskAsync(countyDept, "confirm-stars", "分类定星确认");
        // The 个性星 catalogue: the scheme's own three (计生星、作风星、稳定星) and one the county adds for villages.
        Assert.Equal("计生星", await countyDept.InputValueAsync("[name='catalogue.0.name']"));
        await countyDept.FillAsync("[name='catalogue.3.name']", "产业发展星");
        await countyDept.FillAsync("[name='catalogue.3.standard']", "发展村集体产业，年增收5万元以上");
        await countyDept.Locator("[name='catalogue.3.sectors'][value='rural']").CheckAsync();
        await BrowserSession.ScreenshotAsync(countyDept, "02b-star-catalogue");
        await BrowserSession.PhoneScreenshotAsync(countyDept, "02b-star-catalogue");
        await SubmitAsync(countyDept, "confirm");

        // 2. The secretary pledges; the town returns it with a reason; the secretary fixes it; the town approves.
        await OpenTaskAsync(secretary, "pledge", "公开承诺", branch);
        await secretary.Locator("input[name=stars]").First.CheckAsync();
        await secretary.FillAsync("#measures", "建强村党支部班子，党员联系农户");
        await secretary.FillAsync("#deeds", "修缮村道两公里");
        await BrowserSession.ScreenshotAsync(secretary, "03-pledge-form");
        await SubmitAsync(secretary, "submit");
        await OpenTaskAsync(townDept, "pledge-review", $"承诺审核 · {Branch}", town);
        await townDept.FillAsync("#comment", "承诺实事过少，请补充");
        await SubmitAsync(townDept, "return");
        await OpenTaskAsync(secretary, "pledge", "公开承诺", branch);
        Assert.Contains("承诺实事过少", await secretary.InnerTextAsync("#history"));
        foreach (var box in await secretary.Locator("input[name=stars]").AllAsync()) await box.CheckAsync();
        // 个性星: one from the county's catalogue, one the branch names itself (the reviewer sees it marked 自拟).
        await secretary.GetByLabel("产业发展星", new() { Exact = false }).CheckAsync();
        await secretary.FillAsync("#ownStars\\.0\\.name", "电商服务星");
        await secretary.FillAsync("#ownStars\\.0\\.standard", "建成村级电商服务站");
        await BrowserSession.PhoneScreenshotAsync(secretary, "03a-pledge-individual-stars");
        await secretary.FillAsync("#measures", "建强村党支部班子，党员联系农户");
        await secretary.FillAsync("#deeds", "修缮村道两公里\n建成村级活动室\n开办农民夜校");
        await SubmitAsync(secretary, "submit");
        await OpenTaskAsync(townDept, "pledge-review", $"承诺审核 · {Branch}", town);
        var pledged = await townDept.InnerTextAsync("#pledge-summary");
        Assert.Contains("学习星", pledged);
        Assert.Contains("产业发展星", pledged);
        Assert.Matches("电商服务星.*自拟", pledged.Replace("\n", " "));
        await BrowserSession.ScreenshotAsync(townDept, "03b-pledge-review");
        await BrowserSession.PhoneScreenshotAsync(townDept, "03b-pledge-review");
        await SubmitAsync(townDept, "approve");

        // 3. Monthly reports, March to November: the clock moves a month at a time.
        for (var month = 3; month <= 11; month++)
        {
            await MoveClockAsync(admin, $"2027-{month:00}-02T09:00");
            await OpenTaskAsync(secretary, "monthly-report", "月度践诺报告", branch);
            await secretary.FillAsync("#done", $"{month}月：入户走访30户，办结群众诉求5件");
            if (month == 3) await BrowserSession.ScreenshotAsync(secretary, "04-monthly-report");
            await SubmitAsync(secretary, "submit");
        }

        // 4. Year end: self-evaluation, the vote session with two tellers, the town's assessment with live scoring,
        //    the discipline opinion.
        await MoveClockAsync(admin, "2027-12-01T09:00");
        await OpenTaskAsync(secretary, "self-evaluation", "党组织自评", branch);
        foreach (var box in await secretary.Locator("input[name^='stars.']").AllAsync()) await box.CheckAsync();
        await secretary.FillAsync("#summary", "全年践诺率100%，群众满意");
        await SubmitAsync(secretary, "submit");

        // 无记名投票: the secretary calls the vote from the task; the five members vote in the system; the tally stays
        // hidden until the secretary ends the vote, and the task then takes it (nobody types the counts).
        await OpenTaskAsync(secretary, "vote-session", "民主测评", branch);
        await BrowserSession.ScreenshotAsync(secretary, "05a-vote-call");
        await BrowserSession.PhoneScreenshotAsync(secretary, "05a-vote-call");
        var vote = await CallVoteAsync(secretary, "secret");
        for (var i = 1; i <= Members.Length; i++)
        {
            var member = await session.SignInAsync($"member-{i}", Password);
            if (i == 1)
            {
                // A member finds the ballot in the inbox (待投票), and it leaves once cast.
                Assert.Contains($"民主测评 · {Branch}", await member.InnerTextAsync("#waiting-votes"));
                await BrowserSession.ScreenshotAsync(member, "05b-inbox-ballot-waiting");
            }
            await CastBallotAsync(member, vote);
            if (i == 1)
            {
                await member.GotoAsync("/inbox");
                Assert.Equal(0, await member.Locator("#waiting-votes").CountAsync());
                await member.GotoAsync(vote);
                Assert.Contains("结果在测评结束后公布", await member.InnerTextAsync("#tally"));
                await BrowserSession.ScreenshotAsync(member, "05b-ballot-cast");
                await BrowserSession.PhoneScreenshotAsync(member, "05b-ballot-cast");
            }
        }
        await secretary.GotoAsync(vote);
        Assert.Contains("结果在测评结束后公布", await secretary.InnerTextAsync("#tally"));
        await secretary.ClickAsync("#close-vote");
        await Assertions.Expect(secretary.Locator("#vote-status")).ToHaveTextAsync("已结束");
        Assert.Contains("5 / 5", await secretary.InnerTextAsync("#tally"));
        await BrowserSession.ScreenshotAsync(secretary, "05c-vote-tally");
        await BrowserSession.PhoneScreenshotAsync(secretary, "05c-vote-tally");
        await OpenTaskAsync(secretary, "vote-session", "民主测评", branch);
        Assert.Contains("结果已确定", await secretary.InnerTextAsync("#vote-state"));
        await BrowserSession.ScreenshotAsync(secretary, "05d-vote-session");
        await SubmitAsync(secretary, "submit");

        await OpenTaskAsync(townDept, "assessment", $"上级考评 · {Branch}", town);
        foreach (var input in await townDept.Locator("input[name^='itemScores.']").AllAsync())
            await input.FillAsync((await input.GetAttributeAsync("max"))!);
        foreach (var box in await townDept.Locator("input[name^='dailyStars.']").AllAsync()) await box.CheckAsync();
        await townDept.FillAsync("[name='facts.satisfactionRate']", "96");
        await townDept.Locator("#score-preview .stars").WaitForAsync();
        await BrowserSession.ScreenshotAsync(townDept, "06-assessment-live-scoring");
        await SubmitAsync(townDept, "submit");
        await CompleteAsync(discipline, "discipline-opinion", $"征求执纪执法部门意见 · {Branch}", "clear", town);

        // 5. Approvals up two tiers (town, then county); the owner keeps a result over the quota if asked.
        await CompleteAsync(townDept, "tier-approval", $"分级审批 · {Branch}", "approve", town);
        await CompleteAsync(countyDept, "tier-approval", $"分级审批 · {Branch}", "approve", county);
        await countyDept.GotoAsync("/inbox?step=quota-review");
        if (await countyDept.GetByRole(AriaRole.Link, new() { Name = $"名额超限审核 · {Branch}", Exact = true }).CountAsync() > 0)
        {
            await OpenTaskAsync(countyDept, "quota-review", $"名额超限审核 · {Branch}", county);
            await countyDept.FillAsync("#comment", "该村创建成效突出，维持评定结果");
            await SubmitAsync(countyDept, "keep");
        }

        // 6. The notice is on the public board; an anonymous visitor objects; the town investigates and dismisses it.
        var visitor = await session.PersonAsync();
        await visitor.GotoAsync("/notices");
        await visitor.GetByRole(AriaRole.Link, new() { Name = Branch, Exact = true }).ClickAsync();
        var noticeUrl = visitor.Url;
        var level = await visitor.InnerTextAsync("#result-summary .stars");
        Assert.Equal("★★★★★★★★", level); // six common stars and the two 个性星
        Assert.Contains("电商服务星（个性星）", await visitor.InnerTextAsync("#result-summary"));
        await BrowserSession.ScreenshotAsync(visitor, "07-notice");
        await BrowserSession.PhoneScreenshotAsync(visitor, "07-notice");
        await visitor.FillAsync("#ObjectorName", "赵群众");
        await visitor.FillAsync("#Contact", "13800000000");
        await visitor.FillAsync("#ObjectionText", "该村今年村道修缮尚未完工，承诺未全部兑现。");
        await visitor.ClickAsync("#objection-form button[type=submit]");
        await visitor.Locator("p.ok").WaitForAsync();
        await BrowserSession.ScreenshotAsync(visitor, "08-objection-filed");

        await OpenTaskAsync(townDept, "investigate", "异议核查", town);
        Assert.Contains("村道修缮尚未完工", await townDept.ContentAsync());
        await townDept.FillAsync("#comment", "经核实，村道已于11月完工，异议不成立");
        await BrowserSession.ScreenshotAsync(townDept, "09-objection-review");
        await SubmitAsync(townDept, "dismiss");

        // 7. The notice ends: the rating is ratified and the ledger shows the stars.
        await MoveClockAsync(admin, "2027-12-31T09:00");
        await townDept.GotoAsync($"/orgs/{branch}");
        Assert.Equal(level, await townDept.InnerTextAsync("#current-level"));
        Assert.Contains("年度评定", await townDept.InnerTextAsync("#ledger"));
        Assert.Contains("产业发展星（个性星）", await townDept.InnerTextAsync("#ledger"));
        await BrowserSession.ScreenshotAsync(townDept, "10-ledger");
        await admin.GotoAsync("/stats");
        await BrowserSession.ScreenshotAsync(admin, "11-statistics");

        // 8. 动态管理: the town opens a re-check, proposes one star less, the county approves, a demotion notice runs,
        //    and the ledger shows the lower level.
        await townDept.FillAsync("#Reason", "群众反映活动室长期关闭");
        await townDept.ClickAsync("#recheck-form button[type=submit]");
        await townDept.Locator("p.ok").WaitForAsync();
        await OpenTaskAsync(townDept, "inspection", "复检核查", town);
        await townDept.FillAsync("#findings", "活动室自10月起关闭，党员活动不正常");
        var options = await townDept.Locator("#proposedLevel option").AllInnerTextsAsync();
        await townDept.SelectOptionAsync("#proposedLevel", new SelectOptionValue { Index = 1 });
        await BrowserSession.ScreenshotAsync(townDept, "12-recheck-findings");
        await SubmitAsync(townDept, "demote");
        await CompleteAsync(countyDept, "demotion-approval", "降星审批", "approve", county);

        await visitor.GotoAsync("/notices");
        Assert.Contains("降星公示", await visitor.InnerTextAsync("#notices"));
        await MoveClockAsync(admin, "2028-01-10T09:00");
        await townDept.GotoAsync($"/orgs/{branch}");
        Assert.Equal(options[1], await townDept.InnerTextAsync("#current-level"));
        Assert.Contains("降星", await townDept.InnerTextAsync("#ledger"));
        await BrowserSession.ScreenshotAsync(townDept, "13-ledger-after-demotion");
        await visitor.GotoAsync("/notices?past=true");
        Assert.Contains("降星公示", await visitor.InnerTextAsync("#notices"));
        await visitor.GotoAsync(noticeUrl);
        await BrowserSession.ScreenshotAsync(visitor, "14-notice-closed");
    }
}
