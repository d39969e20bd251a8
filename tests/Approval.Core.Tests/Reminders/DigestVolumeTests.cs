using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Reminders;
using Approval.Core.Tests.Cycle;
using Approval.Engine.Runtime;
using Dapper;

namespace Approval.Core.Tests.Reminders;

/// <summary>The digest's promise at volume: 10,000 overdue tasks across 300 users, swept every hour for three days.</summary>
public abstract class DigestVolumeTests(Func<(Database, Action)> database)
{
    [Fact(DisplayName = "10,000 overdue tasks across 300 users: one digest per user per day, never more")]
    public async Task OneDigestPerUserPerDay()
    {
        await using var host = await CycleHost.StartAsync(database());
        var start = host.Clock.GetUtcNow();
        var town = await host.ScalarAsync<string>("select path from organizations where id = @id", new { id = host.Town.Id });
        var extensions = JsonSerializer.Serialize(new Dictionary<string, string> { ["remindEvery"] = "P1D", ["escalateAfter"] = "P30D" }, StoreJson.Options);
        var due = start.AddHours(-1);
        await host.Database.WriteAsync(async (c, t) =>
        {
            var branches = Enumerable.Range(0, 300).Select(i => $"vol-{i}").ToList();
            await new SqlBatch().InsertRows("organizations", "id, code, parent_id, name, kind, sector, path, created_at", branches,
                b => [b, b, host.Town.Id, $"第{b[4..]}支部", "branch", "rural", $"{town}{b}/", 0L]).ExecuteAsync(c, t);
            await new SqlBatch().InsertRows("users", "id, login, display_name, email, created_at", branches,
                b => [$"user-{b}", $"sec-{b}", $"书记{b[4..]}", $"{b}@example.org", 0L]).ExecuteAsync(c, t);
            await new SqlBatch().InsertRows("user_roles", "user_id, role, org_id", branches, b => [$"user-{b}", "secretary", b]).ExecuteAsync(c, t);
            var tasks = Enumerable.Range(0, 10_000).Select(i => (Id: $"vol-task-{i}", Org: branches[i % branches.Count])).ToList();
            await new SqlBatch().InsertRows("tasks", "id, instance_id, definition_key, element_id, name, org_id, priority, due_at, status, created_at, extensions",
                tasks, x => [x.Id, "i-" + x.Id, "p", "report", "月度报告", x.Org, 50, EpochTime.ToMs(due), "open", EpochTime.ToMs(start.AddDays(-20)), extensions]).ExecuteAsync(c, t);
            await new SqlBatch().InsertRows("task_candidates", "task_id, kind, value", tasks, x => [x.Id, "group", "secretary"]).ExecuteAsync(c, t);
            await new SqlBatch().InsertRows("task_reminders", "task_id, next_at", tasks, x => [x.Id, EpochTime.ToMs(due)]).ExecuteAsync(c, t);
            return true;
        });

        var service = host.Get<ReminderService>();
        var otherNode = host.Another<ReminderService>();
        for (var hour = 0; hour <= 72; hour++)
        {
            host.Clock.Set(start.AddHours(hour));
            await service.RunAsync();
            if (hour % 24 == 5) await otherNode.RunAsync(); // a second node running the same round
        }

        var digests = (await QueryAsync(host, "select idempotency_key from outbox where kind = 'email'")).ToList();
        Assert.All(digests, key => Assert.StartsWith("digest:", key));
        var perUserDay = digests.GroupBy(key => key).Where(g => g.Count() > 1);
        Assert.Empty(perUserDay);
        var days = digests.Select(key => key[^10..]).Distinct().Count();
        // Started 2026-12-20 09:00 China time: 20, 21, 22 and 23 December each have their digest hour in the window.
        Assert.Equal(4, days);
        Assert.Equal(300 * days, digests.Count);
        Assert.Equal(0L, await host.ScalarAsync<long>("select count(*) from reminders where status = 'pending' and at < @cutoff",
            new { cutoff = EpochTime.ToMs(start.AddHours(72).AddDays(-1)) }));
    }

    private static async Task<IEnumerable<string>> QueryAsync(CycleHost host, string sql)
    {
        await using var c = await host.Database.OpenAsync();
        return (await c.QueryAsync<string>(sql)).ToList();
    }
}

public sealed class SqliteDigestVolumeTests() : DigestVolumeTests(TestDatabases.Sqlite);

public sealed class PostgresDigestVolumeTests() : DigestVolumeTests(TestDatabases.Postgres);
