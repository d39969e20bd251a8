using Approval.Core.Ledger;
using Approval.Core.Tasks;
using Approval.Core.Users;
using Approval.Core.Voting;
using Approval.Core.Schemes;
using Approval.Engine.Runtime;

namespace Approval.Core.Tests.Cycle;

/// <summary>
/// Scheme C (五星级基层服务型党组织, 000/稿六) through the workflows, on each database: the mid-year application
/// ("申报创星…(6月5日前完成)"), the appraisal's turnout ("党员参与率一般不低于…80%"), 复审, both quotas at the approving
/// level, the 7-day notice and "公示无异议的,报工委会批准" — ratified "每年12月底前" when everyone takes their whole time.
/// </summary>
public abstract class FiveStarServiceCycleTests(Func<(Core.Infrastructure.Database, Action)> database)
{
    private static readonly object Pledge = new { targetLevel = 5, measures = "建强支部班子", deeds = new[] { "建成党员服务站" } };

    /// <summary>Moves the clock to an hour before the task is due, then completes it: each step takes its whole period.</summary>
    private static async Task ActLateAsync(CycleHost host, AppUser user, string elementId, string orgId, string? outcome = null, string? comment = null, object? values = null)
    {
        var task = await host.SingleTaskAsync(elementId, orgId);
        Assert.NotNull(task.DueAt);
        if (task.DueAt!.Value.AddHours(-1) > host.Clock.GetUtcNow()) await host.AdvanceToAsync(task.DueAt.Value.AddHours(-1));
        await host.CompleteAsync(user, elementId, orgId, outcome, comment, values);
    }

    private static async Task PledgeAsync(CycleHost host)
    {
        await host.CompleteAsync(host.CountyDept, "confirm-stars", host.County.Id);
        foreach (var (user, org) in new[] { (host.SecretaryA, host.BranchA), (host.SecretaryB, host.BranchB), (host.TownSecretary, host.Town) })
            await host.CompleteAsync(user, "pledge", org.Id, values: Pledge);
        foreach (var task in await host.OpenTasksAsync("pledge-review", host.Town.Id))
            Assert.Equal(CompletionStatus.Completed, (await host.SubmitAsync(host.TownDept, task.Id, "approve", null, null)).Status);
        await host.CompleteAsync(host.CountyDept, "pledge-review", host.County.Id, "approve");
    }

    [Fact(DisplayName = "With the default calendar a five-star result through the application round, two tiers, 复审, the quota review, a 7-day notice and the 工委会 is ratified by 31 December")]
    public async Task AFiveStarResult_IsRatifiedByTheEndOfDecember()
    {
        await using var host = await CycleHost.StartAsync(database(), membersInBranchA: 10);
        var campaignId = await host.StartCampaignAsync("five-star-service", reviewOrgId: host.County.Id);
        await PledgeAsync(host);

        // 申报创星 "(6月5日前完成)": due on 5 June of the campaign's year.
        var application = await host.SingleTaskAsync("application", host.BranchA.Id);
        Assert.Equal(new DateTimeOffset(2027, 6, 5, 0, 0, 0, TimeSpan.FromHours(8)), application.DueAt);
        Assert.Equal(3, (await host.OpenTasksAsync("application")).Count);
        await ActLateAsync(host, host.SecretaryA, "application", host.BranchA.Id,
            values: new { appliedLevel = 5, meetingDate = "2027-05-20", summary = "班子成员会议定位五星级,对照十个方面逐项自评" });

        await host.AdvanceToAsync(new DateTimeOffset(2027, 11, 15, 9, 0, 0, TimeSpan.FromHours(8)));
        await ActLateAsync(host, host.SecretaryA, "self-evaluation", host.BranchA.Id, values: new { summary = "承诺事项全部兑现" });
        // "党员参与率一般不低于基层党组织党员总数的80%": 7 of 10 members is an invalid appraisal; 8 is enough.
        var vote = await host.SingleTaskAsync("vote-session", host.BranchA.Id);
        var session = (await host.CountVoteAsync(host.SecretaryA, vote, (_, eligible) => new VoteCount(eligible, 6, 1, 0)))!;
        var invalid = await host.SubmitAsync(host.SecretaryA, vote.Id, null, null, new { });
        Assert.Contains(invalid.Problems, p => p.Where == "vote" && p.Message.Contains("测评无效"));
        // 重新组织: the invalid round's counts are discarded; in the second round 8 members take part, and the five
        // representatives of the masses (not on the roster) are entered apart: 7 + 5 satisfied of 8 + 5 ballots.
        Assert.Empty(await host.Get<VoteStore>().HoldAgainAsync(session.Id, null));
        foreach (var teller in new[] { "teller-wang", "teller-zhao" })
            Assert.Empty(await host.Get<VoteStore>().EnterCountsAsync(session.Id, teller, new Dictionary<string, VoteCount> { ["appraisal"] = new(10, 7, 1, 0) }));
        await ActLateAsync(host, host.SecretaryA, "vote-session", host.BranchA.Id,
            values: new { masses = 5, massBallots = new { satisfied = 5, dissatisfied = 0, abstain = 0 } });

        // 84 points and both bonus clauses, each at its city value: "市级3分" + "市级3分" = 90, five stars.
        await ActLateAsync(host, host.TownDept, "assessment", host.Town.Id,
            values: new { score = 84, facts = new { commendations = new[] { "city" }, innovations = new[] { "city" } } });
        var proposed = (await host.Runtime.GetInstanceAsync(vote.InstanceId))!.Variables["result"];
        Assert.Contains(proposed.GetProperty("explanation").EnumerateArray(), l => l.GetProperty("code").GetString() == "assessment.appraisal"
            && (l.GetProperty("args").GetProperty("satisfied").GetString(), l.GetProperty("args").GetProperty("cast").GetString(),
                l.GetProperty("args").GetProperty("rate").GetString()) == ("12", "13", "92%"));
        Assert.Equal((90m, 5), (proposed.GetProperty("score").GetDecimal(), proposed.GetProperty("level").GetInt32()));
        await ActLateAsync(host, host.TownDiscipline, "discipline-opinion", host.Town.Id, "clear");
        await ActLateAsync(host, host.TownDept, "tier-approval", host.Town.Id, "approve", "同意");
        await ActLateAsync(host, host.CountyDept, "tier-approval", host.County.Id, "approve", "同意");
        await ActLateAsync(host, host.CountyReviewer, "re-examination", host.County.Id, "approve", "复审同意");
        // Three organizations rated: 10% allows no five-star one ("五星级…数量一般不超过…10%").
        await ActLateAsync(host, host.CountyDept, "quota-review", host.County.Id, "keep", "创建成效突出,维持五星");
        Assert.Empty(await host.OpenTasksAsync("final-approval"));
        await host.AdvanceToAsync(host.Clock.GetUtcNow().AddDays(7).AddMinutes(1)); // the 7-day notice ("为期一周的公示")
        var final = await host.SingleTaskAsync("final-approval", host.County.Id);
        Assert.Equal("工委会批准 · 东街村党支部", final.Name);
        await ActLateAsync(host, host.CountyClerk, "final-approval", host.County.Id, "approve", "工委会研究同意");

        var rating = Assert.Single(await host.Get<RatingsLedger>().HistoryAsync("organization", host.BranchA.Id));
        Assert.Equal(5, rating.Level);
        Assert.True(rating.RecordedAt <= new DateTimeOffset(2027, 12, 31, 23, 59, 59, TimeSpan.FromHours(8)), $"ratified {rating.RecordedAt:O}");
        Assert.Equal(4, rating.Approvals.Count); // the town, the county, 复审 and the 工委会
        Assert.Equal("ratified", await host.ScalarAsync<string>("select status from campaign_results where campaign_id = @campaignId and subject_id = @id",
            new { campaignId, id = host.BranchA.Id }));
    }

    [Theory(DisplayName = "The floor \"一星级以下…不低于…10%\" is checked at the approving level: the last result above it goes to the owner's review")]
    [InlineData(55, false)] // branch B at one star meets the floor of one in three
    [InlineData(85, true)]  // nobody at one star or none: the town's four stars would break it
    public async Task TheFloor_IsCheckedAtTheApprovingLevel(int scoreOfB, bool reviewed)
    {
        await using var host = await CycleHost.StartAsync(database());
        await host.StartCampaignAsync("five-star-service");
        await PledgeAsync(host);
        await host.AdvanceToAsync(new DateTimeOffset(2027, 12, 1, 9, 0, 0, TimeSpan.FromHours(8)));
        foreach (var (org, secretary, assessor, discipline, score) in new[]
        {
            (host.BranchA, host.SecretaryA, host.TownDept, host.TownDiscipline, 85), (host.BranchB, host.SecretaryB, host.TownDept, host.TownDiscipline, scoreOfB),
            (host.Town, host.TownSecretary, host.CountyDept, host.CountyDiscipline, 85),
        })
        {
            await host.CompleteAsync(secretary, "self-evaluation", org.Id, values: new { summary = "全年工作总结" });
            await host.VoteAsync(secretary, org.Id);
            await host.CompleteAsync(assessor, "assessment", org.ParentId!, values: new { score });
            await host.CompleteAsync(discipline, "discipline-opinion", org.ParentId!, "clear");
            if (org != host.Town) await host.CompleteAsync(host.TownDept, "tier-approval", host.Town.Id, "approve");
            await host.CompleteAsync(host.CountyDept, "tier-approval", host.County.Id, "approve");
        }
        var review = await host.OpenTasksAsync("quota-review", host.County.Id);
        Assert.Equal(reviewed, review.Count == 1);
        if (!reviewed) return;
        var reasons = (await host.Runtime.GetInstanceAsync(review[0].InstanceId))!.Variables["quotaReasons"];
        var floor = Assert.Single(reasons.EnumerateArray());
        Assert.Equal(("quota.floor", "1"), (floor.GetProperty("code").GetString(), floor.GetProperty("args").GetProperty("bound").GetString()));
        await host.CompleteAsync(host.CountyDept, "quota-review", host.County.Id, "lower", values: new { quotaLevel = 1 });
        var notice = (await host.Notices.ListAsync(current: true, null, 1, 20)).Single(n => n.SubjectId == host.Town.Id);
        Assert.Equal(1, notice.Content.GetProperty("level").GetInt32());
    }
}

public sealed class SqliteFiveStarServiceCycleTests() : FiveStarServiceCycleTests(TestDatabases.Sqlite);

public sealed class PostgresFiveStarServiceCycleTests() : FiveStarServiceCycleTests(TestDatabases.Postgres);
