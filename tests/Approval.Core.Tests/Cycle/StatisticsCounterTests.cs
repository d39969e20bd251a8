using Approval.Core.Campaigns;
using Approval.Core.Infrastructure;
using Approval.Core.Tasks;
using Approval.Engine.Runtime;
using Dapper;

namespace Approval.Core.Tests.Cycle;

/// <summary>
/// Issue 15: /stats reads counters the database keeps (migration 0022) instead of counting a city's tasks and
/// results. Counters drift silently, so every figure is checked against a full recount of the tasks and results —
/// the queries the page ran before — after each kind of change: tasks opening (the campaign's start), completed,
/// cancelled with their instance, migrated to a new version's element, and results written, re-rated, graded and
/// removed; and at every moment around each due date (just before, at, just after, at the day's end), since a day's
/// counter row is only wholly overdue once the day is over.
/// </summary>
public abstract class StatisticsCounterTests(Func<(Database, Action)> database)
{
    private static readonly object Pledge = new
    {
        stars = new[] { "study", "law", "org-life", "position", "ecology", "poverty" }, individualStars = Array.Empty<string>(),
        ownStars = Array.Empty<object>(), measures = "围绕乡村振兴带头实干", deeds = new[] { "修建村道2公里" },
    };

    [Fact(DisplayName = "/stats's open tasks per step, overdue per organization and results per level equal a full recount after tasks open, complete, are cancelled and migrated")]
    public async Task TheCounters_EqualAFullRecount_AfterEveryKindOfChange()
    {
        await using var host = await CycleHost.StartAsync(database(), membersInBranchA: 3);
        var campaignId = await host.StartCampaignAsync("double-ten");
        var campaign = (await host.Get<CampaignQueries>().GetAsync(campaignId))!;
        await AssertMatchesRecountAsync(host, campaign, "the campaign started (confirm-stars open)");

        await host.CompleteAsync(host.CountyDept, "confirm-stars", host.County.Id, outcome: "confirm");
        var opened = await AssertMatchesRecountAsync(host, campaign, "the pledges opened");
        Assert.Contains(opened.Steps, s => s.ElementId == "pledge" && s.Open > 3);

        // An organization's pledge completed a day later: its review opens.
        await host.AdvanceToAsync(CycleHost.Start.AddDays(1));
        var pledge = (await host.OpenTasksAsync("pledge", host.BranchA.Id)).Single(t => t.DefinitionKey == "org-cycle");
        Assert.Equal(CompletionStatus.Completed, (await host.SubmitAsync(host.SecretaryA, pledge.Id, null, null, Pledge)).Status);
        var reviewed = await AssertMatchesRecountAsync(host, campaign, "an organization's pledge completed");
        Assert.Contains(reviewed.Steps, s => s.ElementId == "pledge-review");

        // A deadline moved off midnight (the calendar's fall on it; a period counted from a task's creation does not):
        // its day's counter row then holds tasks overdue and not yet overdue at once.
        var moved = (await host.OpenTasksAsync("pledge", host.BranchB.Id)).Single(x => x.DefinitionKey == "org-cycle").Id;
        await host.Database.WriteAsync((c, t) => c.ExecuteAsync("update tasks set due_at = due_at + 19800000 where id = @moved", new { moved }, t));
        await AssertMatchesRecountAsync(host, campaign, "a deadline moved to 05:30");

        // A member's cycle cancelled: its open pledge goes with it.
        var member = (await host.OpenTasksAsync("pledge", host.BranchA.Id)).First(t => t.DefinitionKey == "member-cycle");
        await host.Runtime.CancelAsync(member.InstanceId, "admin", "test");
        await AssertMatchesRecountAsync(host, campaign, "a member's cycle cancelled");

        // The member cycles still at their pledge move to a version whose pledge is another element with another name.
        var xml = (await File.ReadAllTextAsync(Path.Combine(ShippedWorkflows.Directory, "member-cycle.bpmn")))
            .Replace("\"pledge\"", "\"pledge-2\"", StringComparison.Ordinal)
            .Replace("formKey=\"pledge-2\"", "formKey=\"pledge\"", StringComparison.Ordinal) // the element is renamed, its form stays
            .Replace("name=\"党员承诺\"", "name=\"党员承诺（新）\"", StringComparison.Ordinal);
        var deployed = await host.Runtime.DeployAsync(xml, "admin");
        Assert.True(deployed.Succeeded, string.Join("; ", deployed.Problems.Select(p => p.Message)));
        var target = deployed.Deployed.Single(d => d.Key == "member-cycle");
        var source = await host.ScalarAsync<string>("select definition_id from instances where id = @id",
            new { id = (await host.OpenTasksAsync("pledge", host.BranchA.Id)).First(t => t.DefinitionKey == "member-cycle").InstanceId });
        var report = await host.Runtime.MigrateAsync(new MigrationRequest(source, target.Id, new Dictionary<string, string> { ["pledge"] = "pledge-2" }, Actor: "admin"));
        Assert.Equal(2, report.Migrated);
        var migrated = await AssertMatchesRecountAsync(host, campaign, "two member cycles migrated");
        Assert.Contains(migrated.Steps, s => s is { ElementId: "pledge-2", Name: "党员承诺（新）", Open: 2 });

        // Results: proposed, re-rated, noticed, graded, and one removed.
        await host.Database.WriteAsync(async (c, t) =>
        {
            const string Upsert = """
                insert into campaign_results (campaign_id, subject_kind, subject_id, org_id, level, score, status, instance_id, updated_at)
                values (@campaignId, @kind, @subject, @org, @level, null, @status, 'i', 0)
                on conflict (campaign_id, subject_kind, subject_id) do update set level = excluded.level, status = excluded.status
                """;
            foreach (var (kind, subject, level, status) in new (string, string, int?, string)[]
            {
                ("organization", host.BranchA.Id, 8, "approved"), ("organization", host.BranchB.Id, 8, "approved"), ("organization", host.Town.Id, null, "approved"),
                ("member", "m1", 7, "approved"), ("member", "m2", 5, "approved"), ("organization", host.BranchB.Id, 9, "noticed"), ("member", "m2", 5, "ratified"),
            })
                await c.ExecuteAsync(Upsert, new { campaignId, kind, subject, org = host.BranchA.Id, level, status }, t);
            await c.ExecuteAsync("update campaign_results set grade = '优秀' where campaign_id = @campaignId and subject_kind = 'organization' and subject_id = @id", new { campaignId, id = host.BranchA.Id }, t);
            await c.ExecuteAsync("delete from campaign_results where campaign_id = @campaignId and subject_id = 'm1'", new { campaignId }, t);
            return true;
        });
        var rated = await AssertMatchesRecountAsync(host, campaign, "results written, re-rated, graded and removed");
        Assert.Equal(new[] { ("优秀", 1) }, rated.Grades);

        // Two months on (the clock's timers run), and past every due date: everything open is overdue.
        await host.AdvanceToAsync(CycleHost.Start.AddDays(60));
        await AssertMatchesRecountAsync(host, campaign, "two months on");
        var lastDue = await host.ScalarAsync<long>("select max(due_at) from tasks where status = 'open'");
        var late = await host.Get<CampaignStatistics>().ForAsync(campaign, EpochTime.FromMs(lastDue + 1));
        Assert.NotEmpty(late.Steps);
        Assert.All(late.Steps, s => Assert.Equal(s.Open, s.Overdue));
        Assert.Equal(late.Steps.Sum(s => s.Open), late.Overdue.Sum(o => o.Count) + await host.ScalarAsync<int>(
            "select count(*) from tasks t join instances i on i.id = t.instance_id where t.status = 'open' and t.org_id is null and i.business_key = @key",
            new { key = CampaignService.BusinessKey(campaignId) }));
    }

    /// <summary>
    /// The page's figures against the recount at the clock's now and around every open task's due moment: 1 ms
    /// before, at it, 1 ms after, an hour after, and at and after the end of its day. Returns the figures at now.
    /// </summary>
    private static async Task<CampaignStats> AssertMatchesRecountAsync(CycleHost host, CampaignSummary campaign, string when)
    {
        var statistics = host.Get<CampaignStatistics>();
        List<long> dues;
        await using (var connection = await host.Database.OpenAsync())
            dues = (await connection.QueryAsync<long>("select distinct due_at from tasks where status = 'open' and due_at is not null")).ToList();
        var moments = new List<long> { EpochTime.ToMs(host.Clock.GetUtcNow()) };
        foreach (var due in dues)
            moments.AddRange([due - 1, due, due + 1, due + 3_600_000, CampaignStatistics.DueDay(due), CampaignStatistics.DueDay(due) + 1]);
        foreach (var ms in moments)
        {
            var now = EpochTime.FromMs(ms);
            var stats = await statistics.ForAsync(campaign, now);
            var recount = await RecountAsync(host.Database, campaign.Id, ms);
            var at = $"{when}, at {now:O}";
            Assert.True(recount.Steps.SequenceEqual(stats.Steps.Select(s => s with { Name = "" }).OrderBy(s => s.ElementId, StringComparer.Ordinal)),
                $"steps {at}: {string.Join(", ", stats.Steps)} != {string.Join(", ", recount.Steps)}");
            Assert.True(recount.Overdue.SequenceEqual(stats.Overdue), $"overdue {at}: {string.Join(", ", stats.Overdue)} != {string.Join(", ", recount.Overdue)}");
            Assert.True(recount.Levels.SequenceEqual(stats.Levels), $"levels {at}: {string.Join(", ", stats.Levels)} != {string.Join(", ", recount.Levels)}");
            Assert.Equal(recount.Grades.Order(), stats.Grades.Order());
        }
        return await statistics.ForAsync(campaign, host.Clock.GetUtcNow());
    }

    private sealed record Recount(List<StepProgress> Steps, List<OrgOverdue> Overdue, List<LevelCount> Levels, List<(string, int)> Grades);

    /// <summary>What /stats counted before its counters: every open task of the campaign, every result.</summary>
    private static async Task<Recount> RecountAsync(Database database, string campaignId, long now)
    {
        await using var c = await database.OpenAsync();
        var key = CampaignService.BusinessKey(campaignId);
        var steps = (await c.QueryAsync<Row>(
            """
            select t.element_id as Key, count(*) as Count, sum(case when t.due_at < @now then 1 else 0 end) as Level
            from tasks t join instances i on i.id = t.instance_id
            where t.status = 'open' and i.business_key = @key group by t.element_id
            """, new { now, key })).Select(r => new StepProgress(r.Key, "", (int)r.Count, (int)(r.Level ?? 0))).OrderBy(s => s.ElementId, StringComparer.Ordinal).ToList();
        var overdue = (await c.QueryAsync<Row>(
            """
            select t.org_id as Key, coalesce(o.name, t.org_id) as Name, count(*) as Count
            from tasks t join instances i on i.id = t.instance_id left join organizations o on o.id = t.org_id
            where t.status = 'open' and t.due_at < @now and i.business_key = @key and t.org_id is not null
            group by t.org_id, o.name order by 3 desc, 2 limit 30
            """, new { now, key })).Select(r => new OrgOverdue(r.Key, r.Name, (int)r.Count)).ToList();
        var levels = (await c.QueryAsync<Row>(
            "select subject_kind as Key, level as Level, status as Name, count(*) as Count from campaign_results where campaign_id = @campaignId group by subject_kind, level, status order by subject_kind, level, status",
            new { campaignId })).Select(r => new LevelCount(r.Key, (int?)r.Level, r.Name, (int)r.Count)).ToList();
        var grades = (await c.QueryAsync<Row>(
            "select grade as Key, count(*) as Count from campaign_results where campaign_id = @campaignId and grade is not null group by grade",
            new { campaignId })).Select(r => (r.Key, (int)r.Count)).ToList();
        return new Recount(steps, overdue, levels, grades);
    }

    private sealed class Row
    {
        public string Key { get; init; } = "";
        public string Name { get; init; } = "";
        public long? Level { get; init; }
        public long Count { get; init; }
    }
}

public sealed class SqliteStatisticsCounterTests() : StatisticsCounterTests(TestDatabases.Sqlite);

public sealed class PostgresStatisticsCounterTests() : StatisticsCounterTests(TestDatabases.Postgres);
