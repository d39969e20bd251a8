using Approval.Core.Campaigns;
using Approval.Core.Ledger;
using Approval.Core.Tasks;
using Approval.Engine.Runtime;

namespace Approval.Core.Tests.Cycle;

/// <summary>
/// 双十星 through the workflows, on each database: "'十星'分别由共性星和个性星组成". The owner publishes the 个性星
/// catalogue at 分类定星, an organization pledges its six common stars and four 个性星 and ends at ten stars; a member
/// ends at seven ("对'七星级'以下…整顿": seven is not rectification). Both pass through the discipline department's
/// "有意见" loop ("所有考核审定结果均征求执纪执法部门意见").
/// </summary>
public abstract class DoubleTenCycleTests(Func<(Core.Infrastructure.Database, Action)> database)
{
    private static readonly DateTimeOffset YearEnd = new(2027, 12, 2, 9, 0, 0, TimeSpan.FromHours(8));
    /// <summary>A rural organization's common stars: 学习、法纪 (daily)、组织生活、阵地、生态、扶贫.</summary>
    private static readonly string[] OrgCommon = ["study", "law", "org-life", "position", "ecology", "poverty"];
    /// <summary>A rural member's common stars: 宗旨、学习、法纪 (daily)、致富、生态、新风.</summary>
    private static readonly string[] MemberCommon = ["purpose", "study", "law", "wealth", "ecology", "civility"];

    private static readonly object Catalogue = new
    {
        catalogue = new object[]
        {
            new { name = "产业发展星", standard = "发展村集体产业,年增收5万元以上", subject = "organization", sectors = new[] { "rural" } },
            new { name = "乡村治理星", standard = "矛盾纠纷不出村", subject = "organization" },
            new { name = "文化传承星", standard = "每季度组织一次文化活动" },
            new { name = "带富星", standard = "带动2户以上群众增收", subject = "member" },
            new { name = "计生星", standard = "根据日常管理情况直接确定", award = "daily", subject = "member" },
        },
    };

    private static object Pledge(string[] stars, string[] individual, params (string Name, string Standard)[] own) => new
    {
        stars, individualStars = individual, ownStars = own.Select(o => new { name = o.Name, standard = o.Standard }).ToArray(),
        measures = "围绕乡村振兴带头实干", deeds = new[] { "修建村道2公里" },
    };

    private static Dictionary<string, object> Counts(IEnumerable<string> stars, int eligible, params string[] failing) =>
        stars.ToDictionary(s => s, s => (object)(failing.Contains(s) ? new { approve = 1, disapprove = eligible - 1, abstain = 0 } : new { approve = eligible, disapprove = 0, abstain = 0 }));

    [Fact(DisplayName = "A 双十星 organization with four 个性星 from the owner's catalogue and its own reaches ten stars through the discipline opinion's 有意见 loop")]
    public async Task AnOrganization_ReachesTenStars_WithIndividualStars()
    {
        await using var host = await CycleHost.StartAsync(database(), membersInBranchA: 3);
        var campaignId = await host.StartCampaignAsync("double-ten");
        await host.CompleteAsync(host.CountyDept, "confirm-stars", host.County.Id, values: Catalogue);
        var published = await host.Get<IndividualStarCatalogues>().ForCampaignAsync(campaignId);
        Assert.Equal(["产业发展星", "乡村治理星", "文化传承星", "带富星", "计生星"], published.Select(s => s.Name));

        var pledge = (await host.OpenTasksAsync("pledge", host.BranchA.Id)).Single(t => t.DefinitionKey == "org-cycle");
        // 带富星 is a member's star, and four slots are all there are: a fifth is refused by name.
        var wrongSubject = await host.SubmitAsync(host.SecretaryA, pledge.Id, null, null, Pledge(OrgCommon, ["ind-1", "ind-4"]));
        Assert.Equal("individualStars", Assert.Single(wrongSubject.Problems).Where);
        var five = await host.SubmitAsync(host.SecretaryA, pledge.Id, null, null,
            Pledge(OrgCommon, ["ind-1", "ind-2", "ind-3"], ("电商服务星", "建成村级电商服务点"), ("志愿服务星", "每月开展一次志愿服务")));
        Assert.Contains(five.Problems, p => p.Where == "individualStars" && p.Message.Contains("最多选4颗"));
        Assert.Equal(CompletionStatus.Completed, (await host.SubmitAsync(host.SecretaryA, pledge.Id, null, null,
            Pledge(OrgCommon, ["ind-1", "ind-2", "ind-3"], ("电商服务星", "建成村级电商服务点")))).Status);
        var review = (await host.OpenTasksAsync("pledge-review", host.Town.Id)).Single(t => t.InstanceId == pledge.InstanceId);
        Assert.Equal("承诺审核 · 东街村党支部", review.Name);
        Assert.Equal(CompletionStatus.Completed, (await host.SubmitAsync(host.TownDept, review.Id, "approve", null, null)).Status);
        var publishedPledge = Assert.Single(await host.Notices.ListAsync(current: false, null, 1, 50), n => n.Kind == "pledge" && n.SubjectId == host.BranchA.Id);
        Assert.Contains(publishedPledge.Content.GetProperty("individualStars").EnumerateArray(),
            s => s.GetProperty("name").GetString() == "电商服务星" && s.GetProperty("own").GetBoolean());

        await host.AdvanceToAsync(YearEnd);
        await host.CompleteAsync(host.SecretaryA, "self-evaluation", host.BranchA.Id, values: new { summary = "承诺事项全部兑现" });
        // Every vote star, the three catalogue 个性星 and its own one, approved by all three members.
        var session = (await host.CountVoteAsync(host.SecretaryA, await host.SingleTaskAsync("vote-session", host.BranchA.Id)))!;
        Assert.Equal(OrgCommon.Where(s => s != "law").Count() + 4, session.Stars.Count);
        Assert.Contains("individual:电商服务星", session.Stars);
        await host.CompleteAsync(host.SecretaryA, "vote-session", host.BranchA.Id, values: new { });

        // The first assessment goes to the discipline department, which has concerns: back to the assessor.
        await host.CompleteAsync(host.TownDept, "assessment", host.Town.Id, values: new { dailyStars = new { law = true } });
        var opinion = await host.SingleTaskAsync("discipline-opinion", host.Town.Id);
        var proposed = (await host.Runtime.GetInstanceAsync(opinion.InstanceId))!.Variables["result"];
        Assert.Equal(10, proposed.GetProperty("level").GetInt32());
        Assert.Empty(await host.OpenTasksAsync("tier-approval"));
        await host.CompleteAsync(host.TownDiscipline, "discipline-opinion", host.Town.Id, "concerns", "该村扶贫项目资金使用存在问题,请核实");
        Assert.Empty(await host.OpenTasksAsync("tier-approval"));
        var again = await host.SingleTaskAsync("assessment", host.Town.Id);
        var tasks = await host.Runtime.Store.ReadAsync(s => s.ListTasksAsync(again.InstanceId));
        // The opinion is shown upward only: the town sees it, the rated branch's secretary does not.
        var access = host.Get<TaskAccess>();
        Assert.Single(access.HiddenOpinions(host.SecretaryA, tasks));
        Assert.Empty(access.HiddenOpinions(host.TownDept, tasks));
        await host.CompleteAsync(host.TownDept, "assessment", host.Town.Id, values: new { dailyStars = new { law = true } });
        await host.CompleteAsync(host.TownDiscipline, "discipline-opinion", host.Town.Id, "clear");

        await host.CompleteAsync(host.TownDept, "tier-approval", host.Town.Id, "approve", "同意");
        await host.CompleteAsync(host.CountyDept, "tier-approval", host.County.Id, "approve", "同意");
        await host.AdvanceToAsync(YearEnd.AddDays(30));

        var rating = Assert.Single(await host.Get<RatingsLedger>().HistoryAsync("organization", host.BranchA.Id));
        Assert.Equal((10, false), (rating.Level, rating.Rectification));
        Assert.Equal(["产业发展星", "乡村治理星", "文化传承星", "电商服务星"], rating.Stars.Where(s => s.Individual && s.Awarded).Select(s => s.Name));
        Assert.Equal(10, rating.Stars.Count(s => s.Awarded));
        var campaign = (await host.Get<CampaignQueries>().GetAsync(campaignId))!;
        var stats = await host.Get<CampaignStatistics>().ForAsync(campaign, host.Clock.GetUtcNow());
        Assert.Contains(new Ratings.IndividualStarCount("organization", "电商服务星", true, 1, 1), stats.IndividualStars);
        Assert.Contains(new Ratings.IndividualStarCount("organization", "产业发展星", false, 1, 1), stats.IndividualStars);
    }

    [Fact(DisplayName = "A 双十星 member with a catalogue 个性星 and one of its own ends at seven stars, not in rectification, after the discipline opinion's 有意见 loop")]
    public async Task AMember_EndsAtSevenStars_AndIsNotRectified()
    {
        await using var host = await CycleHost.StartAsync(database(), membersInBranchA: 3);
        await host.StartCampaignAsync("double-ten");
        await host.CompleteAsync(host.CountyDept, "confirm-stars", host.County.Id, values: Catalogue);
        var pledge = (await host.OpenTasksAsync("pledge", host.BranchA.Id)).First(t => t.DefinitionKey == "member-cycle");
        Assert.StartsWith("党员承诺 · 党员", pledge.Name); // inbox rows name whose pledge it is
        // 产业发展星 is an organization's star in the catalogue.
        Assert.Equal("individualStars", Assert.Single((await host.SubmitAsync(host.SecretaryA, pledge.Id, null, null, Pledge(MemberCommon, ["ind-1"]))).Problems).Where);
        Assert.Equal(CompletionStatus.Completed, (await host.SubmitAsync(host.SecretaryA, pledge.Id, null, null,
            Pledge(MemberCommon, ["ind-4", "ind-5"], ("科技示范星", "推广一项实用技术")))).Status);
        var review = (await host.OpenTasksAsync("pledge-review", host.BranchA.Id)).Single(t => t.InstanceId == pledge.InstanceId);
        Assert.Equal(CompletionStatus.Completed, (await host.SubmitAsync(host.SecretaryA, review.Id, "approve", null, null)).Status);

        await host.AdvanceToAsync(YearEnd);
        async Task<TaskRecord> Mine(string element, string org) => (await host.OpenTasksAsync(element, org)).Single(x => x.InstanceId == pledge.InstanceId);
        Assert.Equal(CompletionStatus.Completed, (await host.SubmitAsync(host.SecretaryA, (await Mine("self-evaluation", host.BranchA.Id)).Id, null, null, new { summary = "认真履职" })).Status);
        // Five common vote stars and two voted 个性星 (计生星 comes from daily management); 致富星 and 科技示范星 fail the vote.
        // The tellers count 1 for and 2 against 致富星 and the member's own 科技示范星, every other star 3 for.
        string[] failing = ["wealth", "individual:科技示范星"];
        var vote = await Mine("vote-session", host.BranchA.Id);
        await host.CountVoteAsync(host.SecretaryA, vote, (star, eligible) => failing.Contains(star) ? new(eligible, 1, eligible - 1, 0) : new(eligible, eligible, 0, 0));
        Assert.Equal(CompletionStatus.Completed, (await host.SubmitAsync(host.SecretaryA, vote.Id, null, null, new { })).Status);
        var assessment = new { dailyStars = new Dictionary<string, bool> { ["law"] = true, ["ind-5"] = true } };
        Assert.Equal(CompletionStatus.Completed, (await host.SubmitAsync(host.SecretaryA, (await Mine("assessment", host.BranchA.Id)).Id, null, null, assessment)).Status);
        var opinion = await Mine("discipline-opinion", host.Town.Id);
        // Three members pledged in the same moment: which one came first is not fixed, so the name is read from its cycle.
        var memberName = (await host.Runtime.GetInstanceAsync(pledge.InstanceId))!.Variables["subjectName"].GetString();
        Assert.Equal($"征求执纪执法部门意见 · {memberName}", opinion.Name);
        Assert.Equal(CompletionStatus.Invalid, (await host.SubmitAsync(host.TownDiscipline, opinion.Id, "concerns", null, null)).Status);
        Assert.Equal(CompletionStatus.Completed, (await host.SubmitAsync(host.TownDiscipline, opinion.Id, "concerns", "该党员家庭存在违规建房问题", null)).Status);
        Assert.DoesNotContain(await host.OpenTasksAsync("upper-approval", host.Town.Id), t => t.InstanceId == pledge.InstanceId);
        Assert.Equal(CompletionStatus.Completed, (await host.SubmitAsync(host.SecretaryA, (await Mine("assessment", host.BranchA.Id)).Id, null, null, assessment)).Status);
        Assert.Equal(CompletionStatus.Completed, (await host.SubmitAsync(host.TownDiscipline, (await Mine("discipline-opinion", host.Town.Id)).Id, "clear", null, null)).Status);
        Assert.Equal(CompletionStatus.Completed, (await host.SubmitAsync(host.TownDept, (await Mine("upper-approval", host.Town.Id)).Id, "approve", "同意", null)).Status);
        await host.AdvanceToAsync(YearEnd.AddDays(30));

        var memberId = (await host.Runtime.GetInstanceAsync(pledge.InstanceId))!.Variables["memberId"].GetString()!;
        var rating = Assert.Single(await host.Get<RatingsLedger>().HistoryAsync("member", memberId));
        // 宗旨、学习、法纪、生态、新风 + 带富星、计生星 = 7; 致富星 and 科技示范星 missed.
        Assert.Equal((7, false), (rating.Level, rating.Rectification));
        Assert.Equal(["带富星", "计生星"], rating.Stars.Where(s => s.Individual && s.Awarded).Select(s => s.Name));
        Assert.Contains(rating.Stars, s => s is { Name: "科技示范星", Individual: true, Awarded: false });
    }

    [Fact(DisplayName = "Five-star-service rates organizations only: its campaign starts no member cycle and counts the organizations it rates")]
    public async Task ABandsCampaign_StartsNoMemberCycles()
    {
        await using var host = await CycleHost.StartAsync(database(), membersInBranchA: 3);
        var campaignId = await host.StartCampaignAsync("five-star-service");
        await host.CompleteAsync(host.CountyDept, "confirm-stars", host.County.Id);
        Assert.DoesNotContain(await host.OpenTasksAsync("pledge"), t => t.DefinitionKey == "member-cycle");
        Assert.Equal(3, (await host.OpenTasksAsync("pledge")).Count);
        Assert.Equal((3, 0), (await host.ScalarAsync<int>("select rated_orgs from campaigns where id = @campaignId", new { campaignId }),
            await host.ScalarAsync<int>("select rated_members from campaigns where id = @campaignId", new { campaignId })));
    }

    [Fact(DisplayName = "十星级党支部 rates village branches only, and a village branch with one star under 80% of its points ends at nine stars, qualified")]
    public async Task AVillageScheme_RatesVillageBranchesOnly_ToTheLedger()
    {
        await using var host = await CycleHost.StartAsync(database(), membersInBranchA: 3);
        var preview = await host.Get<CampaignService>().PreviewAsync(host.County.Id);
        Assert.Equal(new RatedCounts(1, 0), preview["ten-star-branch"]);
        Assert.Equal(new RatedCounts(3, 3), preview["double-ten"]);
        await host.StartCampaignAsync("ten-star-branch");
        await host.CompleteAsync(host.CountyDept, "confirm-stars", host.County.Id);
        var pledge = Assert.Single(await host.OpenTasksAsync("pledge"));
        Assert.Equal(host.BranchA.Id, pledge.OrgId);
        var stars = host.Get<Schemes.SchemeCatalog>().Find("ten-star-branch")!.Stars;
        await host.CompleteAsync(host.SecretaryA, "pledge", host.BranchA.Id, values: new
        {
            stars = stars.Select(s => s.Key).ToArray(), measures = "村党支部主动申报,对照十星逐项创建", deeds = new[] { "建成四室一场" },
        });
        await host.CompleteAsync(host.TownDept, "pledge-review", host.Town.Id, "approve");
        await host.AdvanceToAsync(YearEnd);
        await host.CompleteAsync(host.SecretaryA, "self-evaluation", host.BranchA.Id, values: new { summary = "对照十星自评" });
        // 十星 awards no star by vote: the task is submitted without one, and says so.
        Assert.Null(await host.CountVoteAsync(host.SecretaryA, await host.SingleTaskAsync("vote-session", host.BranchA.Id)));
        await host.CompleteAsync(host.SecretaryA, "vote-session", host.BranchA.Id, values: new { });
        // "通过考核所得分值在该星总分80%以上的得星,分值低于80%不得星": 村容整洁星 at 3.5 of its 5 points (70%) misses.
        var points = stars.ToDictionary(s => s.Key, s => s.Key == "tidy-village" ? 3.5m : s.MaxPoints);
        await host.CompleteAsync(host.TownDept, "assessment", host.Town.Id, values: new { itemScores = points });
        await host.CompleteAsync(host.TownDiscipline, "discipline-opinion", host.Town.Id, "clear");
        await host.CompleteAsync(host.TownDept, "tier-approval", host.Town.Id, "approve");
        await host.CompleteAsync(host.CountyDept, "tier-approval", host.County.Id, "approve");
        await host.AdvanceToAsync(YearEnd.AddDays(8));

        var rating = Assert.Single(await host.Get<RatingsLedger>().HistoryAsync("organization", host.BranchA.Id));
        // "达到九个星的为九星级党支部"; "五星级以上的(含五星级)为合格".
        Assert.Equal((9, true, false), (rating.Level, rating.Qualified, rating.Rectification));
        Assert.Contains(rating.Stars, s => s is { Name: "村容整洁星", Awarded: false });
    }
}

public sealed class SqliteDoubleTenCycleTests() : DoubleTenCycleTests(TestDatabases.Sqlite);

public sealed class PostgresDoubleTenCycleTests() : DoubleTenCycleTests(TestDatabases.Postgres);
