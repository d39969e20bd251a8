using Approval.Core.Campaigns;
using Approval.Core.Ledger;
using Approval.Core.Ratings;
using Approval.Core.Tasks;

namespace Approval.Core.Tests.Cycle;

/// <summary>
/// 六好 (000/稿八) through the workflows, on each database: "达成目标得分,不达成不得分" at the assessment, then the grading
/// committee (基层党委, here the town) grades the branches it rated once every one has an approved score ("按年度对党支部
/// 划分等级…且呈正态分布"), and the grades go on the notices, the ledger and the statistics.
/// </summary>
public abstract class SixGoodCycleTests(Func<(Core.Infrastructure.Database, Action)> database)
{
    private static readonly DateTimeOffset YearEnd = new(2027, 12, 2, 9, 0, 0, TimeSpan.FromHours(8));

    /// <summary>Every standard of every dimension met, except the ones named (dimension, index).</summary>
    private static object Standards(params (string Dimension, int Index)[] missed)
    {
        var counts = new Dictionary<string, int> { ["leadership"] = 4, ["members"] = 5, ["org-life"] = 4, ["systems"] = 6, ["foundation"] = 3, ["impact"] = 3 };
        return new
        {
            standards = counts.ToDictionary(d => d.Key, d => Enumerable.Range(0, d.Value).Where(i => !missed.Contains((d.Key, i)))
                .ToDictionary(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture), _ => true)),
        };
    }

    [Fact(DisplayName = "六好: the town grades its two branches once both have approved scores; the grades reach the notice, the ledger and the statistics")]
    public async Task TheCommittee_GradesItsBranches_AtTheEndOfTheRound()
    {
        await using var host = await CycleHost.StartAsync(database());
        var campaignId = await host.StartCampaignAsync("six-good");
        await host.CompleteAsync(host.CountyDept, "confirm-stars", host.County.Id);
        // Branches only ("对党支部划分等级"): the town and the county are not rated.
        Assert.Equal(new[] { host.BranchA.Id, host.BranchB.Id }.Order(), (await host.OpenTasksAsync("pledge")).Select(t => t.OrgId!).Order());
        foreach (var (user, org) in new[] { (host.SecretaryA, host.BranchA), (host.SecretaryB, host.BranchB) })
        {
            await host.CompleteAsync(user, "pledge", org.Id, values: new { measures = "对标六好逐项落实", deeds = new[] { "建成标准化活动室" } });
            var review = (await host.OpenTasksAsync("pledge-review", host.Town.Id)).Single();
            Assert.Equal(CompletionStatus.Completed, (await host.SubmitAsync(host.TownDept, review.Id, "approve", null, null)).Status);
        }
        await host.AdvanceToAsync(YearEnd);

        async Task AssessAsync(Orgs.Organization org, Users.AppUser secretary, object standards, bool approveAtCounty)
        {
            await host.CompleteAsync(secretary, "self-evaluation", org.Id, values: new { summary = "对照六好标准自评" });
            await host.VoteAsync(secretary, org.Id);
            await host.CompleteAsync(host.TownDept, "assessment", host.Town.Id, values: standards);
            await host.CompleteAsync(host.TownDiscipline, "discipline-opinion", host.Town.Id, "clear");
            await host.CompleteAsync(host.TownDept, "tier-approval", host.Town.Id, "approve");
            if (approveAtCounty) await host.CompleteAsync(host.CountyDept, "tier-approval", host.County.Id, "approve");
        }
        await AssessAsync(host.BranchA, host.SecretaryA, Standards(), approveAtCounty: true);                               // 100
        await AssessAsync(host.BranchB, host.SecretaryB, Standards(("leadership", 0), ("impact", 0)), approveAtCounty: false); // 100 − 5 − 7 = 88

        // The round opens, but B's score is not approved yet: the town waits, checking daily.
        var opens = (await host.Get<CampaignQueries>().GetAsync(campaignId))!.Calendar.GetProperty("gradingOpens").GetDateTimeOffset();
        await host.AdvanceToAsync(opens.AddHours(1));
        Assert.Empty(await host.OpenTasksAsync("grade-organizations"));
        await host.CompleteAsync(host.CountyDept, "tier-approval", host.County.Id, "approve");
        await host.AdvanceToAsync(opens.AddDays(1).AddHours(2));
        var grading = await host.SingleTaskAsync("grade-organizations", host.Town.Id);
        Assert.Equal("等次评定 · 城关镇党委", grading.Name);
        var candidates = (await host.Runtime.GetInstanceAsync(grading.InstanceId))!.Variables["gradingCandidates"]
            .EnumerateArray().Select(c => (c.GetProperty("name").GetString(), c.GetProperty("score").GetDecimal(), c.GetProperty("grade").GetString())).ToList();
        // Two branches at 20/40/30/10 %: the better one's rank falls in 良好, the other's in 基本合格.
        Assert.Equal([("东街村党支部", 100m, "良好"), ("西关社区党支部", 88m, "基本合格")], candidates);
        Assert.Empty(await host.Notices.ListAsync(current: true, null, 1, 20)); // no notice before the grades
        await host.CompleteAsync(host.TownDept, "grade-organizations", host.Town.Id, "confirm");

        await host.AdvanceToAsync(host.Clock.GetUtcNow().AddDays(1).AddHours(1));
        var notices = await host.Notices.ListAsync(current: true, null, 1, 20);
        Assert.Equal("良好", notices.Single(n => n.SubjectId == host.BranchA.Id).Content.GetProperty("grade").GetString());
        await host.AdvanceToAsync(host.Clock.GetUtcNow().AddDays(8));

        var ledger = host.Get<RatingsLedger>();
        Assert.Equal(("良好", 100m), (await ledger.HistoryAsync("organization", host.BranchA.Id)).Single() is var a ? (a.Grade, a.Score) : default);
        Assert.Equal("基本合格", (await ledger.HistoryAsync("organization", host.BranchB.Id)).Single().Grade);
        var stats = await host.Get<CampaignStatistics>().ForAsync((await host.Get<CampaignQueries>().GetAsync(campaignId))!, host.Clock.GetUtcNow());
        Assert.Equal([("基本合格", 1), ("良好", 1)], stats.Grades.OrderBy(g => g.Grade, StringComparer.Ordinal));
    }
}

public sealed class SqliteSixGoodCycleTests() : SixGoodCycleTests(TestDatabases.Sqlite);

public sealed class PostgresSixGoodCycleTests() : SixGoodCycleTests(TestDatabases.Postgres);
