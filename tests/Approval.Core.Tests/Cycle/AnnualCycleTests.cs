using System.Text.Json;
using Approval.Core.Explanations;
using Approval.Core.Notices;
using Approval.Core.Orgs;
using Approval.Core.Tasks;
using Approval.Core.Users;

namespace Approval.Core.Tests.Cycle;

/// <summary>
/// The shipped workflows walked through a whole campaign year under the manual clock, through the task forms, on
/// each database. Scheme C (五星级, 100 points) keeps the entries short; the member test uses 双十星's vote stars.
/// </summary>
public abstract class AnnualCycleTests(Func<(Core.Infrastructure.Database, Action)> database)
{
    private static readonly DateTimeOffset YearEnd = new(2027, 12, 2, 9, 0, 0, TimeSpan.FromHours(8));

    private Task<CycleHost> HostAsync(int members = 0, IReadOnlyDictionary<string, string?>? settings = null) =>
        CycleHost.StartAsync(database(), members, settings);

    /// <summary>Confirms the stars, has every organization pledge (A's first pledge returned once) and approved.</summary>
    private static async Task PledgeAllAsync(CycleHost host, bool fileEveryReportOfA = false)
    {
        await host.CompleteAsync(host.CountyDept, "confirm-stars", host.County.Id);
        var pledge = new { targetLevel = 5, measures = "围绕乡村振兴,建强支部班子", deeds = new[] { "修建村道2公里", "建立党员责任区" } };
        await host.CompleteAsync(host.SecretaryA, "pledge", host.BranchA.Id, values: pledge with { });
        await host.CompleteAsync(host.TownDept, "pledge-review", host.Town.Id, "return", "实事不够具体,请补充完成时限");
        await host.CompleteAsync(host.SecretaryA, "pledge", host.BranchA.Id, values: new { targetLevel = 5, measures = pledge.measures, deeds = new[] { "6月底前修建村道2公里" } });
        await host.CompleteAsync(host.SecretaryB, "pledge", host.BranchB.Id, values: pledge);
        await host.CompleteAsync(host.TownSecretary, "pledge", host.Town.Id, values: pledge);
        foreach (var task in await host.OpenTasksAsync("pledge-review", host.Town.Id))
            Assert.Equal(CompletionStatus.Completed, (await host.SubmitAsync(host.TownDept, task.Id, "approve", null, null)).Status);
        await host.CompleteAsync(host.CountyDept, "pledge-review", host.County.Id, "approve");
        if (fileEveryReportOfA)
            for (var month = 3; month <= 11; month++)
            {
                await host.AdvanceToAsync(new DateTimeOffset(2027, month, 2, 9, 0, 0, TimeSpan.FromHours(8)));
                await host.CompleteAsync(host.SecretaryA, "monthly-report", host.BranchA.Id, values: new { done = $"{month}月:走访群众12户,解决饮水问题" });
            }
        await host.AdvanceToAsync(YearEnd);
    }

    /// <summary>Self-evaluation, the vote session, the discipline opinion and the upper organization's assessment.</summary>
    private static async Task EvaluateAsync(CycleHost host, Organization org, AppUser secretary, AppUser assessor, AppUser discipline, decimal score)
    {
        await host.CompleteAsync(secretary, "self-evaluation", org.Id, values: new { summary = "全年承诺事项基本兑现" });
        await host.VoteAsync(secretary, org.Id);
        await AssessAsync(host, org, assessor, discipline, score);
    }

    private static async Task AssessAsync(CycleHost host, Organization org, AppUser assessor, AppUser discipline, decimal score)
    {
        var upper = org.ParentId!;
        Approval.Engine.Runtime.TaskRecord? assessment = null;
        foreach (var task in await host.OpenTasksAsync("assessment", upper))
            if ((await host.Runtime.GetInstanceAsync(task.InstanceId))!.Variables["orgId"].GetString() == org.Id)
                assessment = assessment is null ? task : throw new InvalidOperationException($"Two assessments are open for {org.Id}.");
        Assert.NotNull(assessment);
        var done = await host.SubmitAsync(assessor, assessment.Id, null, null, new { score, facts = new { satisfactionRate = 96 } });
        Assert.Equal(CompletionStatus.Completed, done.Status);
        // "所有考核审定结果均征求执纪执法部门意见": asked on the proposed result, before any tier approves it.
        var opinion = (await host.OpenTasksAsync("discipline-opinion", upper)).Single(t => t.InstanceId == assessment.InstanceId);
        Assert.Equal(CompletionStatus.Completed, (await host.SubmitAsync(discipline, opinion.Id, "clear", null, null)).Status);
    }

    /// <summary>The town, then the county, approve the branch's result (分级授星).</summary>
    private static async Task ApproveBothTiersAsync(CycleHost host)
    {
        await host.CompleteAsync(host.TownDept, "tier-approval", host.Town.Id, "approve", "同意");
        await host.CompleteAsync(host.CountyDept, "tier-approval", host.County.Id, "approve", "同意");
    }

    /// <summary>"公示无异议的,报工委会批准": the owner (the county) approves every result whose notice has closed.</summary>
    private static async Task FinalApproveAllAsync(CycleHost host)
    {
        foreach (var task in await host.OpenTasksAsync("final-approval", host.County.Id))
            Assert.Equal(CompletionStatus.Completed, (await host.SubmitAsync(host.CountyClerk, task.Id, "approve", "工委会研究同意", null)).Status);
    }

    /// <summary>A campaign year up to branch A's result (85 points, four stars) approved and on the notice board.</summary>
    private static async Task NoticeBranchAAsync(CycleHost host)
    {
        await host.StartCampaignAsync("five-star-service");
        await PledgeAllAsync(host);
        await EvaluateAsync(host, host.BranchA, host.SecretaryA, host.TownDept, host.TownDiscipline, 85);
        await ApproveBothTiersAsync(host);
    }

    [Fact(DisplayName = "Scheme C counts the owner's meetings, trainings and tasks recorded with their dates as absences, not the branch's own missed meetings")]
    public async Task OwnerAbsences_AreCounted_TheBranchesOwnMeetingsAreNot()
    {
        // Only the branch committee meeting, quarterly: by December the first three quarters have lapsed unrecorded.
        var file = Path.Combine(Path.GetTempPath(), $"obligations-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """
            { "graceDays": 5, "remind": { "before": "P3D", "every": "P1D", "escalateAfter": "P3D" },
              "obligations": [ { "key": "committee-meeting", "name": "支部委员会会议", "cadence": "quarterly", "orgKinds": ["branch"], "absence": true } ] }
            """);
        try
        {
            await using var host = await HostAsync(settings: new Dictionary<string, string?> { ["Approval:Obligations"] = "true", ["Approval:ObligationsFile"] = file });
            await host.StartCampaignAsync("five-star-service");
            await PledgeAllAsync(host, fileEveryReportOfA: true); // month by month: the clock opens each period where it stops
            Assert.Equal(3, await host.ScalarAsync<int>("select count(*) from obligation_records where org_id = @id and status = 'missed'", new { id = host.BranchA.Id }));
            // "无故不参加市直工委组织召开的会议、培训或不按时完成市直工委安排部署的工作任务(一次扣3分…)"
            var absences = host.Get<Ratings.AbsenceEventStore>();
            foreach (var (kind, date, note) in new[] { ("owner-meeting", "2027-03-05", "全市党建工作会议"), ("owner-training", "2027-06-10", "党务干部培训班"), ("owner-task", "2027-09-15", "党员信息采集") })
                Assert.NotNull((await absences.RecordAsync(new(host.BranchA.Id, kind, date, note), "town-dept")).Id);
            var (none, problems) = await absences.RecordAsync(new(host.BranchA.Id, "missed-report", "2028-01-01", ""), "town-dept");
            Assert.Null(none);
            Assert.Equal(["kind", "occurredOn", "note"], problems.Select(p => p.Where));
            await EvaluateAsync(host, host.BranchA, host.SecretaryA, host.TownDept, host.TownDiscipline, 95);
            await ApproveBothTiersAsync(host);

            var notice = Assert.Single(await host.Notices.ListAsync(current: true, null, 1, 20));
            var explanation = notice.Content.GetProperty("explanation").Deserialize<List<Explanation>>(Approval.Core.Workflow.HandlerContext.Json)!;
            var counted = Assert.Single(explanation, line => line.Code == ExplanationCodes.AbsencesCounted.Code);
            Assert.Equal("3", counted.Args["count"]);
            Assert.All(new[] { "2027-03-05", "2027-06-10", "2027-09-15" }, date => Assert.Contains(date, counted.Args["events"]));
            Assert.DoesNotContain("组织生活未按期开展", counted.Args["events"]);
            Assert.DoesNotContain("月度践诺报告逾期未报", counted.Args["events"]);
            // 95 less 3 × 3 points is 86, four stars; "年度内累计超过3次及以上的…应降低一个星级" takes one more.
            Assert.Equal(3, notice.Content.GetProperty("level").GetInt32());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task AWholeYear_RatifiesEveryOrganization_AndClosesTheCampaignWithStatistics()
    {
        await using var host = await HostAsync();
        var campaignId = await host.StartCampaignAsync("five-star-service");
        await PledgeAllAsync(host);

        Assert.Equal(3, await host.ScalarAsync<int>("select count(*) from notices where kind = 'pledge' and status = 'published'"));
        // A returned pledge is in the history with its reason; no monthly report was filed, so each month lapsed.
        Assert.Equal(8, await host.ScalarAsync<int>("select count(*) from practice_records where subject_id = @id and kind = 'missed'", new { id = host.BranchA.Id }));

        await EvaluateAsync(host, host.BranchA, host.SecretaryA, host.TownDept, host.TownDiscipline, 88);
        await ApproveBothTiersAsync(host);

        var notice = Assert.Single(await host.Notices.ListAsync(current: true, null, 1, 20));
        Assert.Equal((host.BranchA.Id, "rating", "open"), (notice.SubjectId, notice.Kind, notice.Status));
        // The lapsed reports are not what Scheme C's absence rule names ("无故不参加市直工委组织召开的会议、培训或不按时完成
        // 市直工委安排部署的工作任务"): 88 points are four stars.
        Assert.Equal(4, notice.Content.GetProperty("level").GetInt32());
        Assert.DoesNotContain(notice.Content.GetProperty("explanation").EnumerateArray(), line => line.GetProperty("code").GetString() == ExplanationCodes.AbsencesCounted.Code);

        await EvaluateAsync(host, host.BranchB, host.SecretaryB, host.TownDept, host.TownDiscipline, 55);
        await ApproveBothTiersAsync(host);
        await host.CompleteAsync(host.TownSecretary, "self-evaluation", host.Town.Id, values: new { summary = "全镇党建工作稳步推进" });
        await host.VoteAsync(host.TownSecretary, host.Town.Id);
        await AssessAsync(host, host.Town, host.CountyDept, host.CountyDiscipline, 75);
        await host.CompleteAsync(host.CountyDept, "tier-approval", host.County.Id, "approve", "同意");

        await host.AdvanceToAsync(YearEnd.AddDays(8));
        await FinalApproveAllAsync(host);

        var ledger = host.Get<Ledger.RatingsLedger>();
        var a = Assert.Single(await ledger.HistoryAsync("organization", host.BranchA.Id));
        Assert.Equal((4, "annual", 2027), (a.Level, a.Source, a.Year));
        Assert.Equal([host.Town.Id, host.County.Id, host.County.Id], a.Approvals.Select(x => x.OrgId)); // the tiers, then the 工委会
        var b = (await ledger.HistoryAsync("organization", host.BranchB.Id)).Single(); // "50—59分为一星级": and "'一星级'…集中整顿"
        Assert.Equal((1, true), (b.Level, b.Rectification));
        Assert.Equal(3, (await ledger.HistoryAsync("organization", host.Town.Id)).Single().Level);   // "70—79分为三星级"
        var campaign = await host.Get<Campaigns.CampaignQueries>().GetAsync(campaignId);
        Assert.Equal("closed", campaign!.Status);
        Assert.Equal(3, await host.ScalarAsync<int>("select count(*) from campaign_results where campaign_id = @campaignId and status = 'ratified'", new { campaignId }));
    }

    [Fact(DisplayName = "A running campaign keeps the scheme version it started with after the administrator saves a new one; the next campaign starts on the new one")]
    public async Task ARunningCampaign_IsScoredOnTheVersionItStartedWith()
    {
        await using var host = await HostAsync();
        var campaignId = await host.StartCampaignAsync("five-star-service");
        var schemes = host.Get<Core.Schemes.SchemeCatalog>();
        var saved = await schemes.SaveAsync(SchemeVersionTests.StricterBands(schemes.Find("five-star-service")!), "admin", "分数段提高10分");
        Assert.Equal(2, saved.Scheme!.Version);

        await PledgeAllAsync(host);
        await EvaluateAsync(host, host.BranchA, host.SecretaryA, host.TownDept, host.TownDiscipline, 85);
        await ApproveBothTiersAsync(host);
        await host.AdvanceToAsync(YearEnd.AddDays(8));
        await FinalApproveAllAsync(host);

        // Version 1's bands: 85 is four stars ("80—89分为四星级"). Version 2's, ten points higher, would make it three.
        var rating = Assert.Single(await host.Get<Ledger.RatingsLedger>().HistoryAsync("organization", host.BranchA.Id));
        Assert.Equal((4, 1), (rating.Level, rating.SchemeVersion));
        Assert.Equal(1, await host.ScalarAsync<int>("select scheme_version from campaigns where id = @campaignId", new { campaignId }));
        var (next, problems) = await host.Get<Campaigns.CampaignService>().StartAsync(new Campaigns.NewCampaign(null, "five-star-service", 2028, host.County.Id, null, null), "admin");
        Assert.Empty(problems);
        Assert.Equal(2, await host.ScalarAsync<int>("select scheme_version from campaigns where id = @next", new { next }));
    }

    [Fact]
    public async Task AnObjectionDuringTheNotice_PausesRatification_UntilTheInvestigationDismissesIt()
    {
        await using var host = await HostAsync();
        await NoticeBranchAAsync(host);
        var notice = Assert.Single(await host.Notices.ListAsync(current: true, null, 1, 20));

        var (invalid, problems) = await host.Notices.FileObjectionAsync(notice.Id, new NewObjection("", "1", "太短"), "10.0.0.1");
        Assert.Equal(ObjectionOutcome.Invalid, invalid);
        Assert.Equal(["name", "contact", "content"], problems.Select(p => p.Where));
        Assert.Equal(0, await host.ScalarAsync<int>("select count(*) from objections"));

        var (filed, _) = await host.Notices.FileObjectionAsync(notice.Id, new NewObjection("群众甲", "13800000000", "该村道路修建承诺没有兑现,仅修了几百米。"), "10.0.0.1");
        Assert.Equal(ObjectionOutcome.Filed, filed);
        Assert.Equal("investigating", (await host.Notices.GetAsync(notice.Id))!.Status);
        var investigation = await host.SingleTaskAsync("investigate", host.Town.Id);
        // Who objected is for the investigating organization's department only: not the county above, not the administrator.
        Assert.True(TaskAccess.SeesObjectors(host.TownDept, investigation.OrgId));
        Assert.False(TaskAccess.SeesObjectors(host.CountyDept, investigation.OrgId));
        Assert.False(TaskAccess.SeesObjectors(host.Admin, investigation.OrgId));
        Assert.False(TaskAccess.SeesObjectors(host.TownDiscipline, investigation.OrgId));

        // The week passes while the investigation is open: nothing is ratified.
        await host.AdvanceToAsync(YearEnd.AddDays(10));
        Assert.Empty(await host.Get<Ledger.RatingsLedger>().HistoryAsync("organization", host.BranchA.Id));
        var refused = await host.SubmitAsync(host.TownDept, investigation.Id, "dismiss", null, null);
        Assert.Equal(CompletionStatus.Invalid, refused.Status);
        Assert.Equal("comment", Assert.Single(refused.Problems).Where);
        await host.CompleteAsync(host.TownDept, "investigate", host.Town.Id, "dismiss", "经实地核查,道路已按承诺修建2公里,异议不成立");

        Assert.Equal("dismissed", await host.ScalarAsync<string>("select status from objections"));
        Assert.Equal("closed", (await host.Notices.GetAsync(notice.Id))!.Status);
        Assert.Empty(await host.Get<Ledger.RatingsLedger>().HistoryAsync("organization", host.BranchA.Id)); // the 工委会 has not approved yet
        await FinalApproveAllAsync(host);
        Assert.Equal(4, (await host.Get<Ledger.RatingsLedger>().HistoryAsync("organization", host.BranchA.Id)).Single().Level);
        var (late, _) = await host.Notices.FileObjectionAsync(notice.Id, new NewObjection("群众乙", "13900000000", "公示结束后提交的异议内容示例。"), "10.0.0.2");
        Assert.Equal(ObjectionOutcome.NoticeClosed, late);
    }

    [Fact]
    public async Task AnUpheldObjection_SendsTheRatingBackToAssessment_AndNoticesTheNewResult()
    {
        await using var host = await HostAsync();
        await NoticeBranchAAsync(host);
        var first = Assert.Single(await host.Notices.ListAsync(current: true, null, 1, 20));
        await host.Notices.FileObjectionAsync(first.Id, new NewObjection("群众甲", "13800000000", "支部书记长期不在村,组织生活不正常。"), "10.0.0.1");
        await host.CompleteAsync(host.TownDept, "investigate", host.Town.Id, "uphold", "核查属实,重新考评");

        Assert.Equal("withdrawn", (await host.Notices.GetAsync(first.Id))!.Status);
        await AssessAsync(host, host.BranchA, host.TownDept, host.TownDiscipline, 75);
        await ApproveBothTiersAsync(host);
        var second = Assert.Single(await host.Notices.ListAsync(current: true, null, 1, 20));
        Assert.NotEqual(first.Id, second.Id);
        await host.AdvanceToAsync(YearEnd.AddDays(20));
        await FinalApproveAllAsync(host);

        var rating = Assert.Single(await host.Get<Ledger.RatingsLedger>().HistoryAsync("organization", host.BranchA.Id));
        Assert.Equal((3, second.Id), (rating.Level, rating.NoticeId)); // re-assessed at 75: "70—79分为三星级"
    }

    [Fact]
    public async Task ATierThatRejects_EndsTheCycleWithoutARating()
    {
        await using var host = await HostAsync();
        var campaignId = await host.StartCampaignAsync("five-star-service");
        await PledgeAllAsync(host);
        await EvaluateAsync(host, host.BranchA, host.SecretaryA, host.TownDept, host.TownDiscipline, 95);
        await host.CompleteAsync(host.TownDept, "tier-approval", host.Town.Id, "approve");
        var refused = await host.SubmitAsync(host.CountyDept, (await host.SingleTaskAsync("tier-approval", host.County.Id)).Id, "reject", null, null);
        Assert.Equal(CompletionStatus.Invalid, refused.Status);
        await host.CompleteAsync(host.CountyDept, "tier-approval", host.County.Id, "reject", "材料不实");

        Assert.Equal("rejected", await host.ScalarAsync<string>("select status from campaign_results where campaign_id = @campaignId and subject_id = @id",
            new { campaignId, id = host.BranchA.Id }));
        Assert.Empty(await host.Notices.ListAsync(current: true, null, 1, 20));
        Assert.Empty(await host.Get<Ledger.RatingsLedger>().HistoryAsync("organization", host.BranchA.Id));
    }

    [Fact]
    public async Task AFiveStarResult_GoesToTheReviewOrganization_AndOverTheQuotaToTheOwner()
    {
        await using var host = await HostAsync();
        await host.StartCampaignAsync("five-star-service", reviewOrgId: host.County.Id);
        await PledgeAllAsync(host, fileEveryReportOfA: true);
        Assert.Equal(9, await host.ScalarAsync<int>("select count(*) from practice_records where subject_id = @id and kind = 'report'", new { id = host.BranchA.Id }));
        await EvaluateAsync(host, host.BranchA, host.SecretaryA, host.TownDept, host.TownDiscipline, 95);
        await ApproveBothTiersAsync(host);
        await host.CompleteAsync(host.CountyReviewer, "re-examination", host.County.Id, "approve", "复审同意");

        // Three organizations in the campaign: 10% allows no five-star one.
        var quota = await host.SingleTaskAsync("quota-review", host.County.Id);
        var tooHigh = await host.SubmitAsync(host.CountyDept, quota.Id, "lower", null, new { quotaLevel = 5 });
        Assert.Equal("quotaLevel", Assert.Single(tooHigh.Problems).Where);
        await host.CompleteAsync(host.CountyDept, "quota-review", host.County.Id, "lower", values: new { quotaLevel = 4 });

        var notice = Assert.Single(await host.Notices.ListAsync(current: true, null, 1, 20));
        Assert.Equal(4, notice.Content.GetProperty("level").GetInt32());
        await host.AdvanceToAsync(YearEnd.AddDays(8));
        await FinalApproveAllAsync(host);
        Assert.Equal(4, (await host.Get<Ledger.RatingsLedger>().HistoryAsync("organization", host.BranchA.Id)).Single().Level);
    }

    [Fact(DisplayName = "One person approves one tier of a subject: the county department who approved the town's tier is refused the county's and the 工委会's; the same tier again after a return is theirs")]
    public async Task OnePerson_ApprovesOneTier()
    {
        await using var host = await HostAsync();
        await host.StartCampaignAsync("five-star-service");
        await PledgeAllAsync(host);
        await EvaluateAsync(host, host.BranchA, host.SecretaryA, host.TownDept, host.TownDiscipline, 85);

        // The county's department covers the town, so it may take the town's tier; then the county's tier is someone else's.
        await host.CompleteAsync(host.CountyDept, "tier-approval", host.Town.Id, "approve", "同意");
        var countyTier = await host.SingleTaskAsync("tier-approval", host.County.Id);
        var refused = await host.SubmitAsync(host.CountyDept, countyTier.Id, "approve", "同意", null);
        Assert.Equal(CompletionStatus.Invalid, refused.Status);
        Assert.Equal("outcome", Assert.Single(refused.Problems).Where);
        Assert.Contains("同一人不能审批两级", refused.Problems[0].Message);
        Assert.Equal(Engine.Runtime.TaskStatus.Open, (await host.Runtime.Store.ReadAsync(s => s.GetTaskAsync(countyTier.Id)))!.Status);

        // Returned at the county: the result is assessed again, and the same person takes the same (town) tier again.
        await host.CompleteAsync(host.CountyClerk, "tier-approval", host.County.Id, "return", "请补充走访记录");
        await AssessAsync(host, host.BranchA, host.TownDept, host.TownDiscipline, 85);
        Assert.Equal(CompletionStatus.Completed,
            (await host.SubmitAsync(host.CountyDept, (await host.SingleTaskAsync("tier-approval", host.Town.Id)).Id, "approve", "已补充", null)).Status);
        await host.CompleteAsync(host.CountyClerk, "tier-approval", host.County.Id, "approve", "同意");

        await host.AdvanceToAsync(YearEnd.AddDays(8));
        var final = await host.SingleTaskAsync("final-approval", host.County.Id);
        Assert.Equal(CompletionStatus.Invalid, (await host.SubmitAsync(host.CountyClerk, final.Id, "approve", "工委会研究同意", null)).Status);
        Assert.Equal(CompletionStatus.Completed, (await host.SubmitAsync(host.CountyReviewer, final.Id, "approve", "工委会研究同意", null)).Status);
        var rating = Assert.Single(await host.Get<Ledger.RatingsLedger>().HistoryAsync("organization", host.BranchA.Id));
        Assert.Equal(["county-dept", "county-clerk", "county-reviewer"], rating.Approvals.Select(a => a.By));
    }

    [Fact(DisplayName = "A township secretary reads the branches' tasks below but acts only on the township's own; a branch's secretary acts on the branch's")]
    public async Task ASecretary_ActsOnTheirOwnOrganization()
    {
        await using var host = await HostAsync();
        await host.StartCampaignAsync("five-star-service");
        await host.CompleteAsync(host.CountyDept, "confirm-stars", host.County.Id);
        var access = host.Get<TaskAccess>();
        var branchPledge = await host.SingleTaskAsync("pledge", host.BranchA.Id);
        var townPledge = await host.SingleTaskAsync("pledge", host.Town.Id);
        Assert.False(access.CanAct(host.TownSecretary, branchPledge));
        Assert.True(access.CanView(host.TownSecretary, [branchPledge]));
        Assert.True(access.CanAct(host.TownSecretary, townPledge));
        Assert.True(access.CanAct(host.SecretaryA, branchPledge));
        Assert.False(access.CanView(host.SecretaryB, [branchPledge]));
        Assert.False(access.Holds(host.TownSecretary, host.BranchA.Id, Roles.Secretary));
        Assert.True(access.Sees(host.TownSecretary, host.BranchA.Id, Roles.Secretary));

        var inbox = await host.Get<TaskQueries>().ListAsync(host.TownSecretary, new TaskFilter { ElementId = "pledge" });
        Assert.Equal([townPledge.Id], inbox.Items.Select(t => t.Id));
        var refused = await host.SubmitAsync(host.TownSecretary, branchPledge.Id, null, null, new { targetLevel = 5, measures = "代填", deeds = new[] { "代填" } });
        Assert.Equal(CompletionStatus.Forbidden, refused.Status);
    }

    [Fact(DisplayName = "A reviewer's internal note is read at the reviewing level and above, never by the rated branch's secretary")]
    public async Task InternalNotes_AreReadUpwardOnly()
    {
        await using var host = await HostAsync();
        await host.StartCampaignAsync("five-star-service");
        await PledgeAllAsync(host);
        await EvaluateAsync(host, host.BranchA, host.SecretaryA, host.TownDept, host.TownDiscipline, 85);
        var tier = await host.SingleTaskAsync("tier-approval", host.Town.Id);
        Assert.Equal(CompletionStatus.Completed,
            (await host.SubmitAsync(host.TownDept, tier.Id, "approve", "同意", new { internalNote = "书记年中曾被约谈，建议县里复核" })).Status);

        var instance = await host.Runtime.GetInstanceAsync(tier.InstanceId);
        var note = TaskAccess.InternalNoteVariable(tier.Id);
        Assert.Equal("书记年中曾被约谈，建议县里复核", instance!.Variables[note].GetString());
        var tasks = await host.Runtime.Store.ReadAsync(s => s.ListTasksAsync(tier.InstanceId));
        var access = host.Get<TaskAccess>();
        Assert.Contains(note, access.HiddenVariables(host.SecretaryA, tasks, instance.Variables.Keys));
        Assert.DoesNotContain(note, access.HiddenVariables(host.TownDept, tasks, instance.Variables.Keys));
        Assert.DoesNotContain(note, access.HiddenVariables(host.CountyDept, tasks, instance.Variables.Keys));
        Assert.DoesNotContain(note, access.HiddenVariables(host.TownSecretary, tasks, instance.Variables.Keys)); // the township's own secretary is at the reviewing level
    }
}

public sealed class SqliteAnnualCycleTests() : AnnualCycleTests(TestDatabases.Sqlite);

public sealed class PostgresAnnualCycleTests() : AnnualCycleTests(TestDatabases.Postgres);
