using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Users;

namespace Approval.Web.Tests;

/// <summary>The vote page (/votes/{id}): status, the tally only once it may be shown, 结束测评, ballots and tellers' counts.</summary>
public sealed class VotePageTests : IAsyncLifetime
{
    private readonly ApprovalFactory _factory = new(DatabaseProvider.Sqlite);

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Every /api answer these tests got is one the published OpenAPI document describes (issue 16 §3).</summary>
    public async Task DisposeAsync()
    {
        try { await _factory.AssertAnswersMatchTheDocumentAsync(); }
        finally { await _factory.DisposeAsync(); }
    }

    private async Task<string> BranchAsync()
    {
        var response = await _factory.Admin().PostAsJsonAsync("/api/orgs", new { name = "东街社区党支部", kind = "branch", sector = "community" });
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }

    private async Task<string> VoteAsync(string org, object details)
    {
        var body = JsonSerializer.SerializeToElement(details).EnumerateObject().ToDictionary(p => p.Name, p => (object)p.Value);
        foreach (var (key, value) in new Dictionary<string, object> { ["subjectKind"] = "organization", ["subjectId"] = org, ["orgId"] = org, ["schemeKey"] = "double-ten", ["year"] = 2026 })
            body[key] = value;
        var response = await _factory.Admin().PostAsJsonAsync("/api/votes", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }

    [Fact(DisplayName = "A secret vote's page hides the tally while 进行中, offers 结束测评 to the organizer only, and shows the counts once 已结束")]
    public async Task SecretVotePage_HidesTheTallyUntilTheOrganizerEndsIt()
    {
        var org = await BranchAsync();
        var voters = new[] { "v1", "v2", "v3", "v4", "v5" };
        foreach (var login in voters)
            await _factory.Admin().PostAsJsonAsync("/api/members", new { orgId = org, name = login, category = "employed", login });
        var id = await VoteAsync(org, new { mode = "secret", stars = new[] { "study" }, voters });
        var organizer = await _factory.BrowserAsync("town-dept", new RoleGrant(Roles.OrgDepartment, org));

        foreach (var login in voters)
        {
            var voter = await _factory.BrowserAsync(login);
            Assert.DoesNotContain("close-vote", await voter.TextAsync($"/votes/{id}"));
            var cast = await voter.PostFormAsync($"/votes/{id}", $"/votes/{id}?handler=Cast", new() { ["choice.study"] = login == "v5" ? "disapprove" : "approve" });
            Assert.Equal(HttpStatusCode.Redirect, cast.StatusCode);
            Assert.Contains("你已投票", await voter.TextAsync($"/votes/{id}"));
        }

        var open = await organizer.TextAsync($"/votes/{id}");
        Assert.Contains("进行中", open);
        Assert.Contains("无记名投票的结果在测评结束后公布", open);
        Assert.Contains("close-vote", open);

        Assert.Equal(HttpStatusCode.Redirect, (await organizer.PostFormAsync($"/votes/{id}", $"/votes/{id}?handler=Close", [])).StatusCode);
        var closed = await organizer.TextAsync($"/votes/{id}");
        Assert.Contains("已结束", closed);
        Assert.DoesNotContain("close-vote", closed);
        Assert.Contains("<td>4</td><td>1</td><td>0</td>", closed);
    }

    [Fact(DisplayName = "A member casts the ballots of all the branch's member votes on one page; the organizer ends them all at once")]
    public async Task ABranchsMemberVotes_AreCastOnOnePage_AndEndedTogether()
    {
        var org = await BranchAsync();
        var voters = new[] { "w1", "w2", "w3" };
        var members = new List<string>();
        foreach (var login in voters)
        {
            var created = await _factory.Admin().PostAsJsonAsync("/api/members", new { orgId = org, name = $"党员{login}", category = "employed", login });
            members.Add(JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!);
        }
        var ids = new List<string>();
        foreach (var member in members)
        {
            var response = await _factory.Admin().PostAsJsonAsync("/api/votes", new
            {
                subjectKind = "member", subjectId = member, orgId = org, schemeKey = "double-ten", year = 2026, mode = "secret", stars = new[] { "study", "purpose" }, voters,
            });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            ids.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!);
        }

        var voter = await _factory.BrowserAsync("w1");
        var inbox = await voter.TextAsync("/inbox");
        Assert.Contains($"/votes/ballot?org={org}", inbox);
        Assert.Contains("一次投完本组织的 3 项测评", inbox);
        var ballot = $"/votes/ballot?org={org}";
        Assert.Contains("共 3 项", await voter.TextAsync(ballot));
        // Two subjects chosen in full, the third only half: two ballots are cast, the third is left and named.
        var fields = new Dictionary<string, string>
        {
            [$"choice.{ids[0]}.study"] = "approve", [$"choice.{ids[0]}.purpose"] = "approve",
            [$"choice.{ids[1]}.study"] = "disapprove", [$"choice.{ids[1]}.purpose"] = "abstain",
            [$"choice.{ids[2]}.study"] = "approve",
        };
        Assert.Equal(HttpStatusCode.Redirect, (await voter.PostFormAsync(ballot, ballot, fields)).StatusCode);
        var after = await voter.TextAsync(ballot);
        Assert.Contains("已投 2 票", after);
        Assert.Contains("党员w3", after);
        Assert.Contains("共 1 项", after);

        var organizer = await _factory.BrowserAsync("town-dept", new RoleGrant(Roles.OrgDepartment, org));
        var held = await organizer.TextAsync($"/votes?org={org}");
        Assert.Contains("结束全部进行中的测评（3 项）", held);
        Assert.Contains($"action=\"/votes?org={org}&amp;handler=CloseAll\"", held); // the organization stays in the form's address
        Assert.Equal(HttpStatusCode.Redirect, (await organizer.PostFormAsync($"/votes?org={org}", $"/votes?org={org}&handler=CloseAll", [])).StatusCode);
        var ended = await organizer.TextAsync($"/votes?org={org}");
        Assert.Contains("已结束 3 项测评", ended);
        Assert.DoesNotContain("close-all", ended);
        // Once ended, nothing waits for the member any more.
        Assert.Contains("没有等待你投票的测评", await voter.TextAsync(ballot));
        // Somebody outside the branch does not read its votes.
        var other = await _factory.Admin().PostAsJsonAsync("/api/orgs", new { name = "西关社区党支部", kind = "branch", sector = "community" });
        var otherId = JsonDocument.Parse(await other.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        var outsider = await _factory.BrowserAsync("other-dept", new RoleGrant(Roles.OrgDepartment, otherId));
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync($"/votes?org={org}")).StatusCode);
    }

    [Fact(DisplayName = "Each teller's page shows only their own state; the tally appears when the two counts agree")]
    public async Task TellerPages_ShowNeitherCount_UntilTheTwoAgree()
    {
        var org = await BranchAsync();
        var id = await VoteAsync(org, new { mode = "show-of-hands", stars = new[] { "study" }, eligible = 10 });
        var first = await _factory.BrowserAsync("teller-1", new RoleGrant(Roles.Committee, org));
        var second = await _factory.BrowserAsync("teller-2", new RoleGrant(Roles.Committee, org));
        Dictionary<string, string> Count(int approve) => new()
        {
            ["counts.study.approve"] = $"{approve}", ["counts.study.disapprove"] = $"{10 - approve}", ["counts.study.abstain"] = "0",
        };

        Assert.Equal(HttpStatusCode.Redirect, (await first.PostFormAsync($"/votes/{id}", $"/votes/{id}?handler=Counts", Count(7))).StatusCode);
        var secondsView = await second.TextAsync($"/votes/{id}");
        Assert.Contains("等待两位计票人分别录入计数", secondsView);
        Assert.DoesNotContain("value=\"7\"", secondsView);

        await second.PostFormAsync($"/votes/{id}", $"/votes/{id}?handler=Counts", Count(6));
        Assert.Contains("两位计票人的计数不一致", await first.TextAsync($"/votes/{id}"));

        await second.PostFormAsync($"/votes/{id}", $"/votes/{id}?handler=Counts", Count(7));
        var agreed = await first.TextAsync($"/votes/{id}");
        Assert.Contains("<td>7</td><td>3</td><td>0</td>", agreed);
        Assert.DoesNotContain("teller-form", agreed);
    }
}
