using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Approval.Web.Tests.Browser.WalkSteps;

namespace Approval.Web.Tests.Browser;

/// <summary>
/// 民主测评以党支部为单位, in Chromium: the branch's members reach their year-end vote (set up through the API, as the
/// year walk does the same steps through the UI); the secretary calls every member's secret ballot in one step, each
/// member casts all of them on one page from the inbox, the secretary ends them together, and a member's task then
/// takes its tally.
/// </summary>
public sealed class MemberVoteWalkTests
{
    private const string Password = "walk-password-1";
    private const string AdminToken = "member-vote-admin";
    private static readonly string[] Members = ["王建国", "李秀英", "张伟"];

    [Fact]
    public async Task ABranchVotesOnItsMembers_InOneMeeting_ThroughTheUi()
    {
        await BrowserHost.RunAsync(AdminToken, "2027-01-04T09:00:00+08:00", async host =>
        {
            using var api = new HttpClient { BaseAddress = host.BaseAddress };
            api.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
            var branch = await ReachTheVoteAsync(api);

            await using var session = await BrowserSession.StartAsync(host.BaseAddress);
            var secretary = await session.SignInAsync("secretary", Password);
            await OpenTaskAsync(secretary, "vote-session", $"支部民主测评 · {Members[0]}", branch);
            Assert.True(await secretary.IsCheckedAsync("input[name=voteAll]"));
            await secretary.SelectOptionAsync("#voteMode", "secret");
            await secretary.ClickAsync("#call-vote-button");
            await secretary.WaitForURLAsync("**/votes?org=**");
            await Assertions.Expect(secretary.Locator("p.ok")).ToContainTextAsync("已为 3 名党员发起测评");
            await BrowserSession.ScreenshotAsync(secretary, "f01-branch-votes-called");
            await BrowserSession.PhoneScreenshotAsync(secretary, "f01-branch-votes-called");
            var held = secretary.Url;

            for (var i = 1; i <= Members.Length; i++)
            {
                var member = await session.SignInAsync($"member-{i}", Password);
                await member.ClickAsync("#waiting-votes a.button");
                await member.WaitForURLAsync("**/votes/ballot?org=**");
                foreach (var radio in await member.Locator("#ballot-form input[type=radio][value=approve]").AllAsync()) await radio.CheckAsync();
                if (i == 1)
                {
                    await BrowserSession.ScreenshotAsync(member, "f02-one-ballot-for-the-branch");
                    await BrowserSession.PhoneScreenshotAsync(member, "f02-one-ballot-for-the-branch");
                }
                await member.ClickAsync("#ballot-form button[type=submit]");
                await Assertions.Expect(member.Locator("p.ok")).ToContainTextAsync("已投 3 票");
                Assert.Equal(1, await member.Locator("#no-ballots").CountAsync());
            }

            await secretary.GotoAsync(held);
            await secretary.ClickAsync("#close-all");
            await Assertions.Expect(secretary.Locator("p.ok")).ToContainTextAsync("已结束 3 项测评");
            Assert.Equal(3, await secretary.Locator("#votes td:has-text('结果已确定')").CountAsync());
            await BrowserSession.ScreenshotAsync(secretary, "f03-branch-votes-ended");

            await OpenTaskAsync(secretary, "vote-session", $"支部民主测评 · {Members[0]}", branch);
            Assert.Contains("3 / 3", await secretary.InnerTextAsync("#vote-state"));
            await SubmitAsync(secretary, "submit");
        });
    }

    /// <summary>The tree, the people, a double-ten campaign, and each member's pledge, review and self-evaluation.</summary>
    private static async Task<string> ReachTheVoteAsync(HttpClient api)
    {
        Task<string> Post(string url, object body) => PostAsync(api, url, body);
        var county = await Post("/api/orgs", new { name = "青山县委", kind = "committee" });
        var town = await Post("/api/orgs", new { name = "城关镇党委", kind = "committee", parentId = county });
        var branch = await Post("/api/orgs", new { name = "东街村党支部", kind = "branch", parentId = town, sector = "rural" });
        foreach (var (name, i) in Members.Select((n, i) => (n, i + 1)))
        {
            await Post("/api/members", new { orgId = branch, name, category = "employed", login = $"member-{i}" });
            await Post("/api/users", new { login = $"member-{i}", name, roles = Array.Empty<object>(), password = Password });
        }
        await Post("/api/users", new { login = "secretary", name = "书记", roles = new[] { new { role = "secretary", orgId = branch } }, password = Password });
        Assert.True((await api.PostAsJsonAsync("/api/campaigns", new { schemeKey = "double-ten", year = 2027, rootOrgId = county })).IsSuccessStatusCode);

        await CompleteAllAsync(api, "annual-campaign", "confirm-stars", "confirm", new { });
        await CompleteAllAsync(api, "member-cycle", "pledge", null,
            new { stars = new[] { "purpose", "study", "wealth", "ecology", "civility" }, measures = "带头学习，服务群众", deeds = new[] { "帮扶困难户1户" } });
        await CompleteAllAsync(api, "member-cycle", "pledge-review", "approve", new { });
        Assert.True((await api.PostAsJsonAsync("/api/clock/advance", new { by = "P331D" })).IsSuccessStatusCode); // to 1 December
        await CompleteAllAsync(api, "member-cycle", "self-evaluation", null, new { summary = "认真履行党员义务" });
        return branch;
    }

    private static async Task CompleteAllAsync(HttpClient api, string definition, string element, string? outcome, object values)
    {
        var tasks = (await api.GetFromJsonAsync<JsonElement>("/api/tasks?pageSize=500")).EnumerateArray()
            .Where(t => t.GetProperty("definitionKey").GetString() == definition && t.GetProperty("elementId").GetString() == element).ToList();
        Assert.NotEmpty(tasks);
        foreach (var task in tasks)
        {
            var response = await api.PostAsJsonAsync($"/api/tasks/{task.GetProperty("id").GetString()}/complete", new { outcome, variables = values });
            Assert.True(response.IsSuccessStatusCode, $"{element}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
