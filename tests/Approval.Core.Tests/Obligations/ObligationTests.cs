using Approval.Core.Infrastructure;
using Approval.Core.Obligations;
using Approval.Core.Tests.Cycle;
using Dapper;

namespace Approval.Core.Tests.Obligations;

/// <summary>Recurring obligations under the manual clock: periods opened per organization kind, recorded or missed, and misses as absences.</summary>
public abstract class ObligationTests(Func<(Database, Action)> database)
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly Dictionary<string, string?> On = new() { ["Approval:Obligations"] = "true" };

    private static async Task<Dictionary<string, int>> CountsAsync(CycleHost host, string orgId, string status = "%")
    {
        await using var c = await host.Database.OpenAsync();
        return (await c.QueryAsync<(string key, long n)>(
            "select obligation_key, count(*) from obligation_records where org_id = @orgId and year = 2027 and status like @status group by obligation_key",
            new { orgId, status })).ToDictionary(r => r.key, r => (int)r.n);
    }

    [Fact(DisplayName = "A year under the manual clock opens each obligation once per period, for the organization kinds it applies to")]
    public async Task AYearOfObligations()
    {
        await using var host = await CycleHost.StartAsync(database(), settings: On);
        for (var month = 1; month <= 12; month++)
        {
            await host.AdvanceToAsync(new DateTimeOffset(2027, month, 1, 9, 0, 0, China));
            await host.AdvanceToAsync(new DateTimeOffset(2027, month, 15, 9, 0, 0, China)); // a second round in the month opens nothing new
        }

        var branch = await CountsAsync(host, host.BranchA.Id);
        Assert.Equal(new Dictionary<string, int>
        {
            ["committee-meeting"] = 12, ["group-meeting"] = 12, ["theme-day"] = 12, ["dues"] = 12, ["general-meeting"] = 4, ["party-lecture"] = 4,
        }, branch);
        Assert.Equal(new Dictionary<string, int> { ["work-report"] = 12 }, await CountsAsync(host, host.Town.Id));
        Assert.Empty(await CountsAsync(host, host.County.Id)); // the root is the department itself
        // Nothing was recorded: every period whose grace has ended (January to November, closed 6 December) lapsed as missed.
        Assert.Equal(11, (await CountsAsync(host, host.BranchA.Id, "missed"))["committee-meeting"]);
        var task = Assert.Single(await host.OpenTasksAsync("record", host.BranchA.Id), t => t.Name.StartsWith("支部委员会会议", StringComparison.Ordinal) && t.Name.Contains("12月"));
        Assert.Equal("支部委员会会议记录（2027年12月）", task.Name);
        Assert.Equal(new DateTimeOffset(2028, 1, 1, 0, 0, 0, China), task.DueAt);

        // The statistics page of the year's campaign lists the misses per organization under its root.
        var campaign = await host.Get<Campaigns.CampaignQueries>().GetAsync(await host.StartCampaignAsync("five-star-service"));
        var stats = await host.Get<Campaigns.CampaignStatistics>().ForAsync(campaign!, host.Clock.GetUtcNow());
        var branchA = Assert.Single(stats.MissedObligations, m => m.OrgId == host.BranchA.Id);
        Assert.Equal((await CountsAsync(host, host.BranchA.Id, "missed")).Values.Sum(), branchA.Missed);
        Assert.Equal(0, branchA.Recorded);
        Assert.Equal(11, Assert.Single(stats.MissedObligations, m => m.OrgId == host.Town.Id).Missed);
    }

    [Fact(DisplayName = "A record is kept with its fields, a bad one is refused field by field, and periods left unrecorded lapse as missed")]
    public async Task RecordAndMiss()
    {
        await using var host = await CycleHost.StartAsync(database(), settings: On);
        await host.AdvanceToAsync(new DateTimeOffset(2027, 1, 1, 9, 0, 0, China));
        var january = Assert.Single(await host.OpenTasksAsync("record", host.BranchA.Id), t => t.Name.StartsWith("支部委员会会议", StringComparison.Ordinal));

        var refused = await host.SubmitAsync(host.SecretaryA, january.Id, "submit", null, new { heldOn = "2027-02-20", attendance = -1, topic = "", minutes = "" });
        Assert.Equal(["attendance", "heldOn", "minutes", "topic"], refused.Problems.Select(p => p.Where).Order());
        var done = await host.SubmitAsync(host.SecretaryA, january.Id, "submit", null,
            new { heldOn = "2027-01-08", attendance = 7, topic = "学习贯彻全会精神", minutes = "书记领学,委员交流发言。", attachments = "签到表.jpg\n会议纪要.pdf" });
        Assert.Empty(done.Problems);
        await using (var c = await host.Database.OpenAsync())
        {
            var row = await c.QueryFirstAsync<(string status, string held_on, long attendance, string topic, string attachments)>(
                "select status, held_on, attendance, topic, attachments from obligation_records where instance_id = @id", new { id = january.InstanceId });
            Assert.Equal(("recorded", "2027-01-08", 7L, "学习贯彻全会精神"), (row.status, row.held_on, row.attendance, row.topic));
            Assert.Contains("签到表.jpg", row.attachments);
        }

        // February to April pass with nothing recorded: each lapses as missed, the January record stands.
        for (var month = 2; month <= 5; month++) await host.AdvanceToAsync(new DateTimeOffset(2027, month, 10, 9, 0, 0, China));
        Assert.Equal(3, (await CountsAsync(host, host.BranchA.Id, "missed"))["committee-meeting"]);
        Assert.Equal(1, (await CountsAsync(host, host.BranchA.Id, "recorded"))["committee-meeting"]);
    }
}

public sealed class SqliteObligationTests() : ObligationTests(TestDatabases.Sqlite);

public sealed class PostgresObligationTests() : ObligationTests(TestDatabases.Postgres);
