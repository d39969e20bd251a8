using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Approval.Web.Tests.Browser.WalkSteps;

namespace Approval.Web.Tests.Browser;

/// <summary>
/// Schemes C (五星级基层服务型党组织) and D (六好) through the UI only, in Chromium against a real host under the manual
/// clock: the steps their sources add to the year (申报创星, 党员群众测评's turnout, absences recorded with their dates,
/// the discipline opinion's 有意见 shown upward only, 工委会批准; the standards met and the committee's grading).
/// </summary>
public sealed class SchemeWalkTests
{
    private const string Password = "walk-password-1";
    private const string AdminToken = "scheme-walk-admin";

    private static async Task<Dictionary<string, string>> SetUpAsync(HostProcess host, (string Key, string Name, string Kind, string? Sector, string? Parent)[] orgs,
        int members, (string Login, string Role, string? Org)[] users)
    {
        using var api = new HttpClient { BaseAddress = host.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
        Task<string> Post(string url, object body) => PostAsync(api, url, body);
        var ids = new Dictionary<string, string>();
        foreach (var (key, name, kind, sector, parent) in orgs)
            ids[key] = await Post("/api/orgs", new { name, kind, sector, parentId = parent is null ? null : ids[parent] });
        foreach (var (key, _, kind, _, _) in orgs.Where(o => o.Kind == "branch"))
            for (var i = 1; i <= members; i++) await Post("/api/members", new { orgId = ids[key], name = $"{key}党员{i}", category = "employed" });
        foreach (var (login, role, org) in users)
            await Post("/api/users", new { login, name = login, roles = new[] { new { role, orgId = org is null ? null : ids[org] } }, password = Password });
        return ids;
    }

    [Fact(DisplayName = "五星级: application, turnout, recorded absences, the discipline opinion's 有意见 (shown upward only) and the 工委会, through the UI")]
    public async Task SchemeC_ThroughTheUi()
    {
        await BrowserHost.RunAsync(AdminToken, "2027-01-04T09:00:00+08:00", async host =>
        {
            var ids = await SetUpAsync(host, [
                ("owner", "市直机关工委", "working-committee", null, null), ("party", "市教育局机关党委", "committee", null, "owner"),
                ("one", "教育局第一党支部", "branch", "organ", "party"), ("two", "教育局第二党支部", "branch", "organ", "party"),
            ], members: 10, [
                ("walk-admin", "administrator", null), ("owner", "org-department", "owner"), ("party", "org-department", "party"),
                ("discipline", "discipline", "owner"), ("secretary", "secretary", "one"), ("owner-clerk", "org-department", "owner"),
                ("teller", "committee", "one"),
            ]);
            await using var session = await BrowserSession.StartAsync(host.BaseAddress);
            var admin = await session.SignInAsync("walk-admin", Password);
            var owner = await session.SignInAsync("owner", Password);
            var party = await session.SignInAsync("party", Password);
            var discipline = await session.SignInAsync("discipline", Password);
            var secretary = await session.SignInAsync("secretary", Password);
            var teller = await session.SignInAsync("teller", Password);
            const string One = "教育局第一党支部";

            // Scheme C rates organizations only ("机关党委、机关党总支负责所属基层党组织的考评").
            await admin.GotoAsync("/campaigns/new");
            await admin.SelectOptionAsync("#SchemeKey", "five-star-service");
            await admin.SelectOptionAsync("#RootOrgId", ids["owner"]);
            await Assertions.Expect(admin.Locator("#rated-counts-text")).ToContainTextAsync("3 个党组织、0 名党员");
            await admin.ClickAsync("#campaign-form button[type=submit]");
            await admin.WaitForURLAsync("**/campaigns");
            await CompleteAsync(owner, "confirm-stars", "分类定星确认", "confirm");

            await OpenTaskAsync(secretary, "pledge", "公开承诺", ids["one"]);
            await secretary.SelectOptionAsync("#targetLevel", "5");
            await secretary.FillAsync("#measures", "创建服务型党组织");
            await secretary.FillAsync("#deeds", "建成党员服务窗口");
            await SubmitAsync(secretary, "submit");
            await CompleteAsync(party, "pledge-review", $"承诺审核 · {One}", "approve", ids["party"]);

            // 申报创星 "(6月5日前完成)".
            await OpenTaskAsync(secretary, "application", "申报创星", ids["one"]);
            Assert.Contains("2027-06-05", await secretary.InnerTextAsync("main"));
            await secretary.SelectOptionAsync("#appliedLevel", "5");
            await secretary.FillAsync("#meetingDate", "2027-05-20");
            await secretary.FillAsync("#summary", "班子成员会议定位五星级，对照十个方面逐项自评");
            await BrowserSession.ScreenshotAsync(secretary, "c01-application");
            await BrowserSession.PhoneScreenshotAsync(secretary, "c01-application");
            await SubmitAsync(secretary, "submit");

            // The owner records a meeting the branch missed, with its date ("无故不参加市直工委组织召开的会议").
            await MoveClockAsync(admin, "2027-03-10T09:00");
            await owner.GotoAsync($"/orgs/{ids["one"]}");
            await owner.SelectOptionAsync("#AbsenceKind", "owner-meeting");
            await owner.FillAsync("#AbsenceDate", "2027-03-05");
            await owner.FillAsync("#AbsenceNote", "全市机关党建工作会议");
            await owner.ClickAsync("#absence-form button[type=submit]");
            await Assertions.Expect(owner.Locator("#absence-list")).ToContainTextAsync("2027-03-05");
            await BrowserSession.ScreenshotAsync(owner, "c02-absence-recorded");

            // Year end: the appraisal (党员群众测评) counted on the spot by two tellers, the secretary and a committee
            // member, each on their own page. Its turnout ("党员参与率一般不低于…80%"): 7 of 10 is invalid and is held
            // again (重新组织); 9 is enough. The masses' representatives' paper ballots are entered on the task.
            await MoveClockAsync(admin, "2027-11-15T09:00");
            await OpenTaskAsync(secretary, "self-evaluation", "党组织自评", ids["one"]);
            await secretary.FillAsync("#summary", "全年承诺事项全部兑现");
            await SubmitAsync(secretary, "submit");
            await OpenTaskAsync(secretary, "vote-session", "民主测评", ids["one"]);
            var vote = await CallVoteAsync(secretary, "show-of-hands");
            await EnterCountAsync(secretary, vote, _ => (6, 1, 0));
            await teller.GotoAsync("/inbox");
            Assert.Contains("请录入计票", await teller.InnerTextAsync("#waiting-votes"));
            await teller.GotoAsync(vote);
            // The second teller sees that a count is awaited, never the first teller's numbers.
            Assert.Contains("等待两位计票人", await teller.InnerTextAsync("#tally"));
            Assert.DoesNotContain("6", await teller.InnerTextAsync("#tally"));
            await EnterCountAsync(teller, vote, _ => (6, 1, 0));
            await Assertions.Expect(teller.Locator("#tally")).ToContainTextAsync("测评无效");
            await OpenTaskAsync(secretary, "vote-session", "民主测评", ids["one"]);
            await secretary.ClickAsync("#task-form button[name=outcome][value=submit]");
            await Assertions.Expect(secretary.Locator("#err-vote")).ToContainTextAsync("测评无效");
            await BrowserSession.ScreenshotAsync(secretary, "c03-turnout-refused");
            await secretary.GotoAsync(vote);
            await secretary.ClickAsync("#hold-again");
            await Assertions.Expect(secretary.Locator("p.ok")).ToContainTextAsync("重新组织");
            await EnterCountAsync(secretary, vote, _ => (8, 1, 0));
            await EnterCountAsync(teller, vote, _ => (8, 1, 0));
            await Assertions.Expect(teller.Locator("#tally")).ToContainTextAsync("9 / 10");
            await BrowserSession.ScreenshotAsync(teller, "c03b-tellers-agree");
            await BrowserSession.PhoneScreenshotAsync(teller, "c03b-tellers-agree");
            await OpenTaskAsync(secretary, "vote-session", "民主测评", ids["one"]);
            await secretary.FillAsync("#masses", "5");
            await secretary.FillAsync("[name='massBallots.satisfied']", "5");
            await secretary.FillAsync("[name='massBallots.dissatisfied']", "0");
            await secretary.FillAsync("[name='massBallots.abstain']", "0");
            await BrowserSession.ScreenshotAsync(secretary, "c03c-appraisal");
            await SubmitAsync(secretary, "submit");

            // The assessor sees the appraisal's rate and the counted absences, and enters 84 with both bonus clauses.
            await OpenTaskAsync(party, "assessment", $"上级考评 · {One}", ids["party"]);
            Assert.Contains("93%", await party.InnerTextAsync("#appraisal-rate"));
            Assert.Contains("无故不参加上级组织召开的会议", await party.InnerTextAsync("#absences-counted"));
            await party.FillAsync("#score", "84");
            await party.FillAsync("[name='facts.commendations']", "city");
            await party.FillAsync("[name='facts.innovations']", "city");
            await Assertions.Expect(party.Locator("#score-preview")).ToContainTextAsync("2027-03-05");
            await BrowserSession.ScreenshotAsync(party, "c04-assessment");
            await SubmitAsync(party, "submit");

            // "所有考核审定结果均征求执纪执法部门意见": 有意见 goes back to the assessor, and the branch does not see it.
            await OpenTaskAsync(discipline, "discipline-opinion", $"征求执纪执法部门意见 · {One}", ids["party"]);
            Assert.Contains("拟评定结果", await discipline.InnerTextAsync("#result-summary"));
            await discipline.FillAsync("#comment", "该支部有一名党员受到党纪处分，请核实考评");
            await SubmitAsync(discipline, "concerns");
            await OpenTaskAsync(party, "assessment", $"上级考评 · {One}", ids["party"]);
            Assert.Contains("请核实考评", await party.InnerTextAsync("#discipline-concerns"));
            await party.FillAsync("#score", "84");
            await party.FillAsync("[name='facts.commendations']", "city");
            await party.FillAsync("[name='facts.innovations']", "city");
            await party.FillAsync("[name='facts.memberViolations']", "1");
            await SubmitAsync(party, "submit");
            await secretary.GotoAsync("/inbox?tab=done");
            await secretary.GetByRole(AriaRole.Link, new() { Name = "民主测评", Exact = true }).First.ClickAsync();
            var history = await secretary.InnerTextAsync("#history");
            Assert.DoesNotContain("党纪处分", history);
            Assert.Contains("意见仅上级可见", history);
            await BrowserSession.ScreenshotAsync(secretary, "c05-opinion-hidden-from-the-branch");
            await CompleteAsync(discipline, "discipline-opinion", $"征求执纪执法部门意见 · {One}", "clear", ids["party"]);

            await CompleteAsync(party, "tier-approval", $"分级审批 · {One}", "approve", ids["party"]);
            await CompleteAsync(owner, "tier-approval", $"分级审批 · {One}", "approve", ids["owner"]);

            // The 7-day notice, then "公示无异议的,报工委会批准".
            await MoveClockAsync(admin, "2027-12-20T09:00");
            // One person approves one tier: who approved the owner's tier may not also record the 工委会's approval.
            await OpenTaskAsync(owner, "final-approval", $"工委会批准 · {One}", ids["owner"]);
            await owner.FillAsync("#comment", "工委会研究同意");
            await owner.ClickAsync("#task-form button[name=outcome][value=approve]");
            await Assertions.Expect(owner.Locator("p.error")).ToContainTextAsync("同一人不能审批两级");
            await BrowserSession.ScreenshotAsync(owner, "c06-one-person-one-tier");
            var clerk = await session.SignInAsync("owner-clerk", Password);
            await OpenTaskAsync(clerk, "final-approval", $"工委会批准 · {One}", ids["owner"]);
            await BrowserSession.ScreenshotAsync(clerk, "c06-final-approval");
            await clerk.FillAsync("#comment", "工委会研究同意");
            await SubmitAsync(clerk, "approve");
            await owner.GotoAsync($"/orgs/{ids["one"]}");
            // 84 + 3 + 3 − 3 (the meeting) − 2 (a member disciplined) = 85: "80—89分为四星级".
            Assert.Equal("★★★★", await owner.InnerTextAsync("#current-level"));
            await BrowserSession.ScreenshotAsync(owner, "c07-ledger");
            await BrowserSession.PhoneScreenshotAsync(owner, "c07-ledger");
        });
    }

    [Fact(DisplayName = "六好: the standards met at the assessment, and the committee's grading confirmed, through the UI")]
    public async Task SchemeD_ThroughTheUi()
    {
        await BrowserHost.RunAsync(AdminToken, "2027-01-04T09:00:00+08:00", async host =>
        {
            var ids = await SetUpAsync(host, [
                ("company", "某公司党委", "committee", null, null), ("branch-office", "某分公司党委", "committee", null, "company"),
                ("a", "网络部党支部", "branch", "non-public", "branch-office"), ("b", "市场部党支部", "branch", "non-public", "branch-office"),
            ], members: 0, [
                ("walk-admin", "administrator", null), ("company", "org-department", "company"), ("office", "org-department", "branch-office"),
                ("discipline", "discipline", "company"), ("secretary-a", "secretary", "a"), ("secretary-b", "secretary", "b"),
            ]);
            await using var session = await BrowserSession.StartAsync(host.BaseAddress);
            var admin = await session.SignInAsync("walk-admin", Password);
            var company = await session.SignInAsync("company", Password);
            var office = await session.SignInAsync("office", Password);
            var discipline = await session.SignInAsync("discipline", Password);
            var secretaries = new[] { ("a", "网络部党支部", await session.SignInAsync("secretary-a", Password)), ("b", "市场部党支部", await session.SignInAsync("secretary-b", Password)) };

            await admin.GotoAsync("/campaigns/new");
            await admin.SelectOptionAsync("#SchemeKey", "six-good");
            await admin.SelectOptionAsync("#RootOrgId", ids["company"]);
            await Assertions.Expect(admin.Locator("#rated-counts-text")).ToContainTextAsync("2 个党组织、0 名党员");
            await admin.ClickAsync("#campaign-form button[type=submit]");
            await admin.WaitForURLAsync("**/campaigns");
            await CompleteAsync(company, "confirm-stars", "分类定星确认", "confirm");
            foreach (var (key, name, secretary) in secretaries)
            {
                await OpenTaskAsync(secretary, "pledge", "公开承诺", ids[key]);
                await secretary.FillAsync("#measures", "对标六好逐项落实");
                await secretary.FillAsync("#deeds", "建成标准化党员活动室");
                await SubmitAsync(secretary, "submit");
                await CompleteAsync(office, "pledge-review", $"承诺审核 · {name}", "approve", ids["branch-office"]);
            }

            await MoveClockAsync(admin, "2027-11-15T09:00");
            foreach (var (key, name, secretary) in secretaries)
            {
                await OpenTaskAsync(secretary, "self-evaluation", "党组织自评", ids[key]);
                await secretary.FillAsync("#summary", "对照六好标准自评");
                await SubmitAsync(secretary, "submit");
                // 六好 awards nothing by vote: the task says so and is submitted as it is.
                await OpenTaskAsync(secretary, "vote-session", "民主测评", ids[key]);
                Assert.Contains("不设民主测评", await secretary.InnerTextAsync("#no-vote"));
                await SubmitAsync(secretary, "submit");

                // "达成目标得分,不达成不得分": every standard met for 网络部; 市场部 misses the first standard of each dimension.
                await OpenTaskAsync(office, "assessment", $"上级考评 · {name}", ids["branch-office"]);
                foreach (var box in await office.Locator("input[name^='standards.']").AllAsync())
                {
                    var field = (await box.GetAttributeAsync("name"))!;
                    if (key == "a" || !field.EndsWith(".0", StringComparison.Ordinal)) await box.CheckAsync();
                }
                if (key == "b") await BrowserSession.ScreenshotAsync(office, "d01-standards");
                await SubmitAsync(office, "submit");
                await CompleteAsync(discipline, "discipline-opinion", $"征求执纪执法部门意见 · {name}", "clear", ids["branch-office"]);
                await CompleteAsync(office, "tier-approval", $"分级审批 · {name}", "approve", ids["branch-office"]);
                await CompleteAsync(company, "tier-approval", $"分级审批 · {name}", "approve", ids["company"]);
            }

            // The round's end: the branch office's committee grades its two branches ("且呈正态分布").
            await MoveClockAsync(admin, "2027-12-07T09:00");
            await OpenTaskAsync(office, "grade-organizations", "等次评定 · 某分公司党委", ids["branch-office"]);
            var list = await office.InnerTextAsync("#grading-list");
            Assert.Contains("网络部党支部", list);
            Assert.Contains("良好", list);
            Assert.Contains("基本合格", list);
            await BrowserSession.ScreenshotAsync(office, "d02-grading");
            await BrowserSession.PhoneScreenshotAsync(office, "d02-grading");
            await SubmitAsync(office, "confirm");

            await MoveClockAsync(admin, "2027-12-08T10:00");
            var visitor = await session.PersonAsync();
            await visitor.GotoAsync("/notices");
            await visitor.GetByRole(AriaRole.Link, new() { Name = "网络部党支部", Exact = true }).ClickAsync();
            Assert.Equal("良好", await visitor.InnerTextAsync("#result-grade"));
            await BrowserSession.ScreenshotAsync(visitor, "d03-notice-with-grade");
            await MoveClockAsync(admin, "2027-12-20T09:00");
            await company.GotoAsync($"/orgs/{ids["b"]}");
            Assert.Equal("基本合格", await company.InnerTextAsync("#current-level"));
        });
    }
}
