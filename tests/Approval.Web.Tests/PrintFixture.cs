using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Approval.Web.Tests;

/// <summary>
/// What the printable records are printed from (issue 17), built over HTTP so the page tests, the PDF tests and the
/// browser walk share it: a county with two towns and a branch under each, a 2027 campaign, and one branch's rating
/// run through the cycle's own steps and handlers — the branch applies (申报), the town's discipline inspection gives
/// its confidential opinion, the town approves (分级审批), the result is posted (公示), the notice runs out without
/// objections and the result is ratified (授星入账) into the ledger.
/// </summary>
public sealed class PrintFixture
{
    public const string Password = "print-records-1";
    public const string BranchName = "东街村党支部";
    public const string CountyName = "青山县委";
    public const string TownName = "城关镇党委";
    /// <summary>The discipline inspection's opinion: shown upward only.</summary>
    public const string Confidential = "该支部书记曾受诫勉谈话，建议持续关注";
    public const string Application = "申报八星级：村道硬化两公里，党员联系农户全覆盖";
    public const string Approval = "同意评定为八星级";

    public string Branch { get; private set; } = "";
    public string OtherBranch { get; private set; } = "";
    public string Town { get; private set; } = "";
    public string Campaign { get; private set; } = "";
    public string InstanceId { get; private set; } = "";
    public long RatingId { get; private set; }
    /// <summary>API tokens by login: pr-secretary (the branch), pr-discipline and pr-town (the town), pr-outsider (the other town), pr-other (the other branch).</summary>
    public Dictionary<string, string> Tokens { get; } = [];

    private static readonly string Process = global::Approval.Testing.Bpmn.Document("""
        <bpmn:process id="printRating" name="党组织创星审批" isExecutable="true">
          <bpmn:startEvent id="start"/>
          <bpmn:userTask id="application" name="申报创星" camunda:candidateGroups="secretary" ap:org="${orgId}"/>
          <bpmn:userTask id="discipline-opinion" name="征求执纪执法部门意见" camunda:candidateGroups="discipline" ap:org="${upperOrgId}"/>
          <bpmn:userTask id="tier-approval" name="分级审批" camunda:candidateGroups="org-department" ap:org="${upperOrgId}"/>
          <bpmn:serviceTask id="publish" name="发布公示" camunda:topic="notice.publish"/>
          <bpmn:intermediateCatchEvent id="period-ends" name="公示期满">
            <bpmn:timerEventDefinition><bpmn:timeDate>${noticeClosesAt}</bpmn:timeDate></bpmn:timerEventDefinition>
          </bpmn:intermediateCatchEvent>
          <bpmn:serviceTask id="close" name="公示期满无异议" camunda:topic="notice.close"/>
          <bpmn:serviceTask id="ratify" name="授星入账" camunda:topic="rating.ratify"/>
          <bpmn:endEvent id="end"/>
          <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="application"/>
          <bpmn:sequenceFlow id="f2" sourceRef="application" targetRef="discipline-opinion"/>
          <bpmn:sequenceFlow id="f3" sourceRef="discipline-opinion" targetRef="tier-approval"/>
          <bpmn:sequenceFlow id="f4" sourceRef="tier-approval" targetRef="publish"/>
          <bpmn:sequenceFlow id="f5" sourceRef="publish" targetRef="period-ends"/>
          <bpmn:sequenceFlow id="f6" sourceRef="period-ends" targetRef="close"/>
          <bpmn:sequenceFlow id="f7" sourceRef="close" targetRef="ratify"/>
          <bpmn:sequenceFlow id="f8" sourceRef="ratify" targetRef="end"/>
        </bpmn:process>
        """);

    /// <param name="admin">An administrator's API client.</param>
    /// <param name="client">An API client for a token, on the same server.</param>
    public static async Task<PrintFixture> SetUpAsync(HttpClient admin, Func<string, HttpClient> client)
    {
        var f = new PrintFixture();
        var county = await PostAsync(admin, "/api/orgs", new { name = CountyName, kind = "committee" });
        f.Town = await PostAsync(admin, "/api/orgs", new { name = TownName, kind = "committee", parentId = county });
        var town2 = await PostAsync(admin, "/api/orgs", new { name = "柳林镇党委", kind = "committee", parentId = county });
        f.Branch = await PostAsync(admin, "/api/orgs", new { name = BranchName, kind = "branch", parentId = f.Town, sector = "rural" });
        f.OtherBranch = await PostAsync(admin, "/api/orgs", new { name = "河口村党支部", kind = "branch", parentId = town2, sector = "rural" });
        foreach (var (login, name, role, org) in new[]
        {
            ("pr-secretary", "王书记", "secretary", f.Branch), ("pr-discipline", "李纪委", "discipline", f.Town), ("pr-town", "赵组织委员", "org-department", f.Town),
            ("pr-outsider", "孙组织委员", "org-department", town2), ("pr-other", "周书记", "secretary", f.OtherBranch),
        })
        {
            var created = await admin.PostAsJsonAsync("/api/users", new { login, name, roles = new[] { new { role, orgId = org } }, password = Password });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            f.Tokens[login] = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        }
        f.Campaign = await PostAsync(admin, "/api/campaigns", new { schemeKey = "double-ten", year = 2027, rootOrgId = county });

        var deployed = await admin.PostAsync("/api/definitions", new StringContent(Process, Encoding.UTF8, "application/xml"));
        Assert.True(deployed.IsSuccessStatusCode, await deployed.Content.ReadAsStringAsync());
        f.InstanceId = await PostAsync(admin, "/api/instances", new
        {
            definitionKey = "printRating", businessKey = $"campaign:{f.Campaign}",
            variables = new
            {
                campaignId = f.Campaign, year = 2027, schemeKey = "double-ten", schemeVersion = 1, subjectKind = "organization", subjectId = f.Branch,
                subjectName = BranchName, orgId = f.Branch, upperOrgId = f.Town, noticeKind = "rating", result = Result,
            },
        });
        await CompleteAsync(client(f.Tokens["pr-secretary"]), f.InstanceId, "application", "submit", Application);
        await CompleteAsync(client(f.Tokens["pr-discipline"]), f.InstanceId, "discipline-opinion", "concerns", Confidential);
        await CompleteAsync(client(f.Tokens["pr-town"]), f.InstanceId, "tier-approval", "approve", Approval);
        // The notice runs its seven days (Decisions: 公示 7 calendar days) with no objection; then the result is ratified.
        var advanced = await admin.PostAsJsonAsync("/api/clock/advance", new { by = "P8D" });
        Assert.True(advanced.IsSuccessStatusCode, await advanced.Content.ReadAsStringAsync());
        var ratings = await admin.GetFromJsonAsync<JsonElement>($"/api/ratings?orgId={f.Branch}");
        f.RatingId = ratings.EnumerateArray().Single(r => r.GetProperty("current").GetProperty("subjectId").GetString() == f.Branch)
            .GetProperty("current").GetProperty("id").GetInt64();
        return f;
    }

    private static readonly object Result = new
    {
        level = 8, qualified = true, rectification = false, score = (decimal?)null, explanation = Array.Empty<object>(),
        stars = new[] { "宗旨星", "学习星", "法纪星", "团结星", "勤廉星", "奉献星", "致富星", "和谐星" }
            .Select((name, i) => new { key = $"s{i}", name, awarded = true, individual = i >= 6, reason = new { code = "text", args = new { text = "民主测评通过" } } })
            .Append(new { key = "s8", name = "创新星", awarded = false, individual = true, reason = new { code = "text", args = new { text = "未达标" } } }),
    };

    private static async Task CompleteAsync(HttpClient actor, string instanceId, string step, string outcome, string comment)
    {
        var tasks = await actor.GetFromJsonAsync<JsonElement>("/api/tasks?status=open&pageSize=200");
        var task = tasks.EnumerateArray().Single(t => t.GetProperty("instanceId").GetString() == instanceId && t.GetProperty("elementId").GetString() == step);
        var done = await actor.PostAsJsonAsync($"/api/tasks/{task.GetProperty("id").GetString()}/complete", new { outcome, comment });
        Assert.True(done.IsSuccessStatusCode, $"{step}: {await done.Content.ReadAsStringAsync()}");
    }

    private static async Task<string> PostAsync(HttpClient api, string url, object body)
    {
        var response = await api.PostAsJsonAsync(url, body);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
