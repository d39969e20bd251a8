using Approval.Core.Campaigns;
using Approval.Core.Forms;
using Approval.Core.Infrastructure;
using Approval.Core.Schemes;
using Approval.Core.Tasks;
using Approval.Core.Users;
using Dapper;

namespace Approval.Core.Demo;

/// <summary>
/// The demo's campaign: this year's 双十星 over the whole county, the stars confirmed, and a few pledges (公开承诺)
/// taken through their forms, so every inbox shows a mix: pledges to write, pledges to review, one returned, some
/// published.
/// </summary>
public sealed class DemoCampaign(Database database, CampaignService campaigns, TaskCompletion completion, SchemeCatalog schemes, TimeProvider clock)
{
    /// <summary>
    /// Scheme A (双十星): the one scheme of DOMAIN.md §2 with a catalogue for each of the county's four sectors and for
    /// a 镇党委, and for members as well as organizations.
    /// </summary>
    public const string SchemeKey = "double-ten";

    private static readonly Dictionary<string, (string Measures, string[] Deeds)> PledgeTexts = new()
    {
        ["rural"] = ("围绕乡村振兴,建强支部班子,带领群众增收致富", ["6月底前硬化村道1.5公里", "每名党员联系5户群众"]),
        ["community"] = ("落实网格化管理,党员亮身份、进楼院、办实事", ["建立楼院党小组6个", "每月开展2次邻里互助志愿服务"]),
        ["organ"] = ("立足岗位作表率,提升服务群众效能", ["窗口服务群众满意率达到95%以上", "每季度讲一次专题党课"]),
        ["non-public"] = ("党建引领企业发展,实现党的组织和工作全覆盖", ["培养入党积极分子2名", "设立党员先锋岗5个"]),
        ["township"] = ("围绕全镇中心工作抓班子、带队伍,推动基层党建全面进步", ["年内整顿提升软弱涣散村党组织1个", "建成镇党群服务中心"]),
    };

    /// <summary>Starts the campaign as <c>admin</c> and moves it on as the demo users would.</summary>
    public async Task StartAsync(IReadOnlyDictionary<string, string> orgIds, IReadOnlyDictionary<string, AppUser> users)
    {
        var countyId = orgIds[DemoCounty.CountyName];
        var year = clock.GetUtcNow().ToOffset(CampaignCalendar.Offset).Year;
        var (_, problems) = await campaigns.StartAsync(new NewCampaign(null, SchemeKey, year, countyId, null, null), "admin");
        DemoSeeder.Accepted(problems, "campaign");
        var confirm = Expect(await OpenTasksAsync("annual-campaign", "confirm-stars", countyId), 1, "confirm-stars")[0];
        await CompleteAsync(users["county"], confirm.Id, "confirm", null, null);

        async Task<string> PledgeAsync(string slug)
        {
            var org = DemoCounty.Find(slug);
            var task = Expect(await OpenTasksAsync("org-cycle", "pledge", orgIds[org.Name]), 1, $"pledge of {slug}")[0];
            var sector = org.Sector ?? "township"; // a committee is rated by the 镇党委 stars (CampaignHandlers.SectorOf)
            var (measures, deeds) = PledgeTexts[sector];
            await CompleteAsync(users[$"sec-{slug}"], task.Id, null, null, new { stars = VoteStars("organization", sector), measures, deeds });
            return task.InstanceId;
        }
        async Task ReviewAsync(string instanceId, string reviewer, string outcome, string? comment) =>
            await CompleteAsync(users[reviewer], (await OpenTaskAsync(instanceId, "pledge-review")).Id, outcome, comment, null);

        // 城关镇: two approved and published, one returned with a reason, three waiting for town1; the township's own
        // pledge waits for the county.
        await ReviewAsync(await PledgeAsync("dongjie"), "town1", "approve", "同意");
        await ReviewAsync(await PledgeAsync("xijie"), "town1", "approve", "同意");
        await ReviewAsync(await PledgeAsync("dongguan"), "town1", "return", "承诺实事不够具体,请写明完成时限和责任人后重新提交");
        foreach (var slug in new[] { "nanguan", "beiguan", "hongda", "chengguan" }) await PledgeAsync(slug);
        // 柳林镇: two waiting for town2; a county-level branch approved by the county.
        await PledgeAsync("liulincun");
        await PledgeAsync("zhangzhuang");
        await ReviewAsync(await PledgeAsync("jiaoyuju"), "county", "approve", "同意");
        await PledgeMembersAsync(orgIds, users);
    }

    /// <summary>东街社区: a review-committee member enters three members' pledges; the secretary approves two.</summary>
    private async Task PledgeMembersAsync(IReadOnlyDictionary<string, string> orgIds, IReadOnlyDictionary<string, AppUser> users)
    {
        var branch = DemoCounty.Find("dongjie");
        var pledges = Expect(await OpenTasksAsync("member-cycle", "pledge", orgIds[branch.Name]), branch.Members.Count, "member pledges").Take(3).ToList();
        foreach (var task in pledges)
            await CompleteAsync(users["committee1"], task.Id, null, null,
                new { stars = VoteStars("member", branch.Sector!), measures = "带头学习,亮明身份,服务群众", deeds = new[] { "结对帮扶困难群众1户", "每月参加一次社区志愿服务" } });
        foreach (var task in pledges.Take(2))
            await CompleteAsync(users[$"sec-{branch.Slug}"], (await OpenTaskAsync(task.InstanceId, "pledge-review")).Id, "approve", "同意", null);
    }

    /// <summary>A pledge chooses the stars its subject is voted on (民主测评), all of them in the demo.</summary>
    private string[] VoteStars(string subjectKind, string sector) =>
        SchemeEvaluator.StarsFor(schemes.Find(SchemeKey)!, new Subject(subjectKind, sector)).Where(s => s.Award == "vote").Select(s => s.Key).ToArray();

    private async Task CompleteAsync(AppUser user, string taskId, string? outcome, string? comment, object? values)
    {
        var done = await completion.CompleteAsync(user, taskId, new FormSubmission(outcome, comment, values is null ? null : DemoSeeder.Values(values)));
        if (done.Status != CompletionStatus.Completed)
            throw new InvalidOperationException($"Demo task {done.Task?.ElementId} was not completed by {user.Login}: {done.Status} " +
                string.Join("; ", done.Problems.Select(p => $"{p.Where}: {p.Message}")));
    }

    private async Task<IReadOnlyList<OpenTask>> OpenTasksAsync(string definitionKey, string elementId, string orgId)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<OpenTask>(
            "select id as Id, instance_id as InstanceId from tasks where status = 'open' and definition_key = @definitionKey and element_id = @elementId and org_id = @orgId order by created_at, id",
            new { definitionKey, elementId, orgId })).ToList();
    }

    private async Task<OpenTask> OpenTaskAsync(string instanceId, string elementId)
    {
        await using var connection = await database.OpenAsync();
        return await connection.QuerySingleAsync<OpenTask>(
            "select id as Id, instance_id as InstanceId from tasks where status = 'open' and instance_id = @instanceId and element_id = @elementId",
            new { instanceId, elementId });
    }

    /// <summary>The workflows fan out as the demo expects, or the seeding stops with what it found.</summary>
    private static IReadOnlyList<OpenTask> Expect(IReadOnlyList<OpenTask> tasks, int expected, string what) =>
        tasks.Count == expected ? tasks : throw new InvalidOperationException($"Demo expected {expected} open task(s) for {what}, found {tasks.Count}.");

    private sealed record OpenTask(string Id, string InstanceId);
}
