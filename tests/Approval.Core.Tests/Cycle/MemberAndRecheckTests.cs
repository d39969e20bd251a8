using Approval.Core.Campaigns;
using Approval.Core.Ledger;
using Approval.Core.Tasks;
using Approval.Core.Users;
using Approval.Core.Voting;
using Approval.Core.Schemes;

namespace Approval.Core.Tests.Cycle;

/// <summary>The member cycle (双十星's vote stars) and 动态管理's re-check, on each database.</summary>
public abstract class MemberAndRecheckTests(Func<(Core.Infrastructure.Database, Action)> database)
{
    private static readonly DateTimeOffset YearEnd = new(2027, 12, 2, 9, 0, 0, TimeSpan.FromHours(8));
    /// <summary>A rural member's voted common stars (宗旨、学习、致富、生态、文明); 法纪星 comes from daily management.</summary>
    private static readonly string[] MemberVoteStars = ["purpose", "study", "wealth", "ecology", "civility"];

    [Fact]
    public async Task AMembersYear_IsVotedInTheBranch_ApprovedAbove_Noticed_AndRatified()
    {
        await using var host = await CycleHost.StartAsync(database(), membersInBranchA: 3);
        await host.StartCampaignAsync("double-ten");
        await host.CompleteAsync(host.CountyDept, "confirm-stars", host.County.Id);
        var pledges = await host.OpenTasksAsync("pledge", host.BranchA.Id);
        Assert.Equal(4, pledges.Count); // the branch itself and its three members
        var memberPledges = pledges.Where(t => t.DefinitionKey == "member-cycle").ToList();
        var wrongStar = await host.SubmitAsync(host.SecretaryA, memberPledges[0].Id, null, null, new { stars = new[] { "org-life" }, measures = "带头学习", deeds = new[] { "帮扶困难户1户" } });
        Assert.Equal("stars", Assert.Single(wrongStar.Problems).Where); // 组织生活星 is an organization's star
        foreach (var task in memberPledges)
            Assert.Equal(CompletionStatus.Completed, (await host.SubmitAsync(host.SecretaryA, task.Id, null, null,
                new { stars = MemberVoteStars, measures = "带头学习,服务群众", deeds = new[] { "帮扶困难户1户" } })).Status);
        foreach (var task in (await host.OpenTasksAsync("pledge-review", host.BranchA.Id)).Where(t => t.DefinitionKey == "member-cycle"))
            Assert.Equal(CompletionStatus.Completed, (await host.SubmitAsync(host.SecretaryA, task.Id, "approve", null, null)).Status);
        Assert.Equal(3, await host.ScalarAsync<int>("select count(*) from notices where kind = 'pledge' and subject_kind = 'member'"));
        await host.AdvanceToAsync(YearEnd);

        var member = (await host.OpenTasksAsync("self-evaluation", host.BranchA.Id)).First(t => t.DefinitionKey == "member-cycle");
        Assert.Equal(CompletionStatus.Completed, (await host.SubmitAsync(host.SecretaryA, member.Id, null, null, new { summary = "认真履行党员义务" })).Status);
        var vote = (await host.OpenTasksAsync("vote-session", host.BranchA.Id)).Single(t => t.InstanceId == member.InstanceId);
        // 无记名投票 in the workflow: the secretary calls it from the task, the three members (on the branch's roster, each
        // with an account) vote in the system, and the task takes the tally only once the vote has ended.
        var votes = host.Get<VoteStore>();
        var call = await host.Get<TaskVotes>().CallForTaskAsync(host.SecretaryA, vote.Id, VoteModes.Secret, null);
        Assert.Equal(TaskVoteCallStatus.Called, call.Status);
        var session = call.Session!;
        Assert.Equal((3, VoteModes.Secret, "member"), (session.Eligible, session.Mode, session.SubjectKind));
        var again = await host.Get<TaskVotes>().CallForTaskAsync(host.SecretaryA, vote.Id, VoteModes.ShowOfHands, null);
        Assert.Equal("subjectId", Assert.Single(again.Problems).Where);
        // Someone outside the branch may not call or act on its task.
        Assert.Equal(TaskVoteCallStatus.Forbidden, (await host.Get<TaskVotes>().CallForTaskAsync(host.SecretaryB, vote.Id, VoteModes.Secret, null)).Status);
        Assert.Equal(session.Id, Assert.Single(await votes.WaitingForAsync("member-1", [])).Id);
        for (var i = 1; i <= 3; i++)
        {
            var choices = session.Stars.ToDictionary(s => s, s => s == "study" && i == 3 ? "abstain" : "approve");
            Assert.Equal(CastOutcome.Counted, (await votes.CastAsync(session.Id, $"member-{i}", choices)).Outcome);
        }
        Assert.Empty(await votes.WaitingForAsync("member-1", []));
        var early = await host.SubmitAsync(host.SecretaryA, vote.Id, null, null, new { });
        Assert.Contains("尚未结束", Assert.Single(early.Problems, p => p.Where == "vote").Message);
        Assert.Equal(CloseOutcome.Closed, await votes.CloseAsync(session.Id, host.SecretaryA.Login));
        Assert.Equal(CompletionStatus.Completed, (await host.SubmitAsync(host.SecretaryA, vote.Id, null, null, new { })).Status);
        var recorded = (await host.Runtime.GetInstanceAsync(vote.InstanceId))!.Variables["votes"];
        Assert.Equal((2, 1), (recorded.GetProperty("study").GetProperty("approve").GetInt32(), recorded.GetProperty("study").GetProperty("abstain").GetInt32()));
        var assessment = (await host.OpenTasksAsync("assessment", host.BranchA.Id)).Single(t => t.InstanceId == member.InstanceId);
        Assert.Equal(CompletionStatus.Completed, (await host.SubmitAsync(host.SecretaryA, assessment.Id, null, null, new { dailyStars = new { law = true } })).Status);
        var opinion = (await host.OpenTasksAsync("discipline-opinion", host.Town.Id)).Single(t => t.InstanceId == member.InstanceId);
        Assert.Equal(CompletionStatus.Completed, (await host.SubmitAsync(host.TownDiscipline, opinion.Id, "clear", null, null)).Status);
        var approval = (await host.OpenTasksAsync("upper-approval", host.Town.Id)).Single(t => t.InstanceId == member.InstanceId);
        Assert.Equal(CompletionStatus.Forbidden, (await host.SubmitAsync(host.SecretaryA, approval.Id, "approve", null, null)).Status);
        Assert.Equal(CompletionStatus.Completed, (await host.SubmitAsync(host.TownDept, approval.Id, "approve", "同意", null)).Status);
        await host.AdvanceToAsync(YearEnd.AddDays(8));

        var memberId = (await host.Runtime.GetInstanceAsync(member.InstanceId))!.Variables["memberId"].GetString()!;
        var rating = Assert.Single(await host.Get<RatingsLedger>().HistoryAsync("member", memberId));
        // "民主测评高于90%的,方可获得该颗星": four voted stars 3 of 3, not 学习星 (2 of 3, one abstained); 法纪星 from daily management.
        Assert.Equal((5, host.BranchA.Id), (rating.Level, rating.OrgId));
    }

    [Fact(DisplayName = "民主测评以党支部为单位: one call votes on every member of the branch awaiting it; each member then finds all the ballots")]
    public async Task OneCall_VotesOnEveryMemberOfTheBranch()
    {
        await using var host = await CycleHost.StartAsync(database(), membersInBranchA: 3);
        await host.StartCampaignAsync("double-ten");
        await host.CompleteAsync(host.CountyDept, "confirm-stars", host.County.Id);
        foreach (var task in (await host.OpenTasksAsync("pledge", host.BranchA.Id)).Where(t => t.DefinitionKey == "member-cycle"))
            Assert.Equal(CompletionStatus.Completed, (await host.SubmitAsync(host.SecretaryA, task.Id, null, null,
                new { stars = MemberVoteStars, measures = "带头学习", deeds = new[] { "帮扶困难户1户" } })).Status);
        foreach (var task in (await host.OpenTasksAsync("pledge-review", host.BranchA.Id)).Where(t => t.DefinitionKey == "member-cycle"))
            Assert.Equal(CompletionStatus.Completed, (await host.SubmitAsync(host.SecretaryA, task.Id, "approve", null, null)).Status);
        await host.AdvanceToAsync(YearEnd);
        foreach (var task in (await host.OpenTasksAsync("self-evaluation", host.BranchA.Id)).Where(t => t.DefinitionKey == "member-cycle"))
            Assert.Equal(CompletionStatus.Completed, (await host.SubmitAsync(host.SecretaryA, task.Id, null, null, new { summary = "认真履职" })).Status);

        var votes = host.Get<TaskVotes>();
        // Another branch's secretary calls nothing here.
        Assert.Equal(0, (await votes.CallForMembersAsync(host.SecretaryB, host.BranchA.Id, VoteModes.Secret, null)).Called);
        var (called, problems) = await votes.CallForMembersAsync(host.SecretaryA, host.BranchA.Id, VoteModes.Secret, null);
        Assert.Equal((3, 0), (called, problems.Count));
        Assert.Equal(0, (await votes.CallForMembersAsync(host.SecretaryA, host.BranchA.Id, VoteModes.Secret, null)).Called); // each once
        var ballots = await host.Get<VoteStore>().WaitingForAsync("member-2", [], 500);
        Assert.Equal(3, ballots.Count);
        Assert.All(ballots, b => Assert.Equal((host.BranchA.Id, "ballot"), (b.OrgId, b.Kind)));
        Assert.Equal(3, ballots.Select(b => b.SubjectName).Distinct().Count());
    }

    [Fact(DisplayName = "Each member's cycle knows its own name, branch, upper organization and the branch's voters, with branches prepared in one transaction")]
    public async Task MembersArePreparedFromTheirOwnBranch()
    {
        await using var host = await CycleHost.StartAsync(database(), membersInBranchA: 3);
        var orgs = host.Get<Orgs.OrgStore>();
        foreach (var name in new[] { "社区党员甲", "社区党员乙" })
            await orgs.AddMemberAsync(new Orgs.NewMember(host.BranchB.Id, name, "employed", false, null, null));
        await host.StartCampaignAsync("double-ten");
        await host.CompleteAsync(host.CountyDept, "confirm-stars", host.County.Id);

        var members = new List<(string Name, string Org, string Upper, int Voters)>();
        foreach (var task in (await host.OpenTasksAsync("pledge")).Where(t => t.DefinitionKey == "member-cycle"))
        {
            var v = (await host.Runtime.GetInstanceAsync(task.InstanceId))!.Variables;
            members.Add((v["subjectName"].GetString()!, v["orgId"].GetString()!, v["upperOrgId"].GetString()!, v["eligibleVoters"].GetInt32()));
        }
        Assert.Equal(
            [("党员1", host.BranchA.Id, host.Town.Id, 3), ("党员2", host.BranchA.Id, host.Town.Id, 3), ("党员3", host.BranchA.Id, host.Town.Id, 3),
             ("社区党员乙", host.BranchB.Id, host.Town.Id, 2), ("社区党员甲", host.BranchB.Id, host.Town.Id, 2)],
            members.OrderBy(m => m.Org == host.BranchA.Id ? 0 : 1).ThenBy(m => m.Name, StringComparer.Ordinal));
    }

    private static async Task<CycleHost> RatedHostAsync(Func<(Core.Infrastructure.Database, Action)> database)
    {
        var host = await CycleHost.StartAsync(database());
        await host.Get<RatingsLedger>().AppendAsync([new RatingEntry("organization", host.BranchA.Id, host.BranchA.Id, "five-star-service", 1, 2027, 4, true, false, 85m,
            "annual", [new TierApproval(host.Town.Id, "town-dept", host.Clock.GetUtcNow(), "同意")], null, "town-dept")]);
        return host;
    }

    [Fact]
    public async Task ADisciplineCase_OpensARecheck_ThatDemotesAfterApprovalAndNotice()
    {
        await using var host = await RatedHostAsync(database);
        var (instanceId, problems) = await host.Get<CampaignService>().StartRecheckAsync(new NewRecheck(host.BranchA.Id, null, "支部书记违反群众纪律,已立案查处"), null, "county-discipline");
        Assert.Empty(problems);
        Assert.Equal(1, await host.ScalarAsync<int>("select count(*) from discipline_cases where org_id = @id and instance_id = @instanceId", new { id = host.BranchA.Id, instanceId }));

        var inspection = await host.SingleTaskAsync("inspection", host.Town.Id);
        var notLower = await host.SubmitAsync(host.TownDept, inspection.Id, "demote", null, new { findings = "组织生活不正常", proposedLevel = 4 });
        Assert.Equal("proposedLevel", Assert.Single(notLower.Problems).Where);
        await host.CompleteAsync(host.TownDept, "inspection", host.Town.Id, "demote", values: new { findings = "组织生活不正常,群众反映强烈", proposedLevel = 2 });
        await host.CompleteAsync(host.CountyDept, "demotion-approval", host.County.Id, "approve", "同意降为二星");
        var notice = Assert.Single(await host.Notices.ListAsync(current: true, null, 1, 20));
        Assert.Equal(("demotion", 2, 4), (notice.Kind, notice.Content.GetProperty("level").GetInt32(), notice.Content.GetProperty("previousLevel").GetInt32()));
        await host.AdvanceToAsync(host.Clock.GetUtcNow().AddDays(8));

        var history = await host.Get<RatingsLedger>().HistoryAsync("organization", host.BranchA.Id);
        Assert.Equal([(4, "annual"), (2, "demotion")], history.Select(r => (r.Level ?? 0, r.Source)));
        Assert.Equal(host.County.Id, history[1].Approvals.Single().OrgId);
    }

    [Fact]
    public async Task ARecheckThatConfirmsTheLevel_ChangesNothing_AndASampleDrawsFromRatedOrganizations()
    {
        await using var host = await RatedHostAsync(database);
        var started = await host.Get<CampaignService>().StartSampleAsync(host.Town.Id, 5, "town-dept");
        Assert.Single(started); // only branch A is rated
        await host.CompleteAsync(host.TownDept, "inspection", host.Town.Id, "confirm", values: new { findings = "各项工作正常,维持四星" });

        Assert.Equal("completed", await host.ScalarAsync<string>("select status from instances where id = @id", new { id = started[0] }));
        Assert.Single(await host.Get<RatingsLedger>().HistoryAsync("organization", host.BranchA.Id));
        Assert.Empty(await host.Notices.ListAsync(current: true, null, 1, 20));
    }

    [Fact]
    public async Task TheRootOrganization_CannotBeRechecked_AndTheProblemNamesTheField()
    {
        await using var host = await RatedHostAsync(database);
        var (id, problems) = await host.Get<CampaignService>().StartRecheckAsync(new NewRecheck(host.County.Id, null, null), null, "admin");
        Assert.Null(id);
        Assert.Equal("orgId", Assert.Single(problems).Where);
        Assert.Equal(0, await host.ScalarAsync<int>("select count(*) from instances where definition_key = 'recheck'"));
    }
}

public sealed class SqliteMemberAndRecheckTests() : MemberAndRecheckTests(TestDatabases.Sqlite);

public sealed class PostgresMemberAndRecheckTests() : MemberAndRecheckTests(TestDatabases.Postgres);
