using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Tests;
using Approval.Testing;
using Dapper;

namespace Approval.Web.Tests;

/// <summary>
/// The host is killed with SIGKILL while it starts 5,000 instances and again in the middle of a timer sweep, then
/// restarted on the same database. Nothing may be half-written, doubled or lost.
/// </summary>
public abstract partial class CrashTests(DatabaseProvider provider) : IDisposable
{
    private const int Instances = 5_000;
    private const string Token = "crash-admin-token";
    private readonly List<Action> _cleanup = [];

    public void Dispose()
    {
        foreach (var action in _cleanup) action();
    }

    [Fact]
    public async Task KilledHost_LeavesEveryInstanceWholeOrAbsent_AndEveryTimerFiresOnce()
    {
        var (database, environment) = CreateDatabase();
        using var host = new HostProcess(environment);
        await host.StartAsync();
        var client = Client(host);
        var deployed = await client.PostAsync("/api/definitions", new StringContent(TestProcesses.Pledge, Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.Created, deployed.StatusCode);

        // 1. Kill while starting: after some starts were acknowledged, mid-flight for others.
        var acknowledged = new ConcurrentDictionary<string, string>();
        await StartUntilKilledAsync(client, Enumerable.Range(0, Instances).Select(Key).ToList(), acknowledged, () => acknowledged.Count >= 1_500, host);
        Assert.InRange(acknowledged.Count, 1_500, Instances - 1);
        await host.StartAsync();
        client = Client(host);
        await AssertConsistentAsync(database, acknowledged);

        // Start whatever is absent, so that all 5,000 exist exactly once.
        var existing = (await QueryAsync<string>(database, "select business_key from instances")).ToHashSet();
        var missing = Enumerable.Range(0, Instances).Select(Key).Where(k => !existing.Contains(k)).ToList();
        await StartUntilKilledAsync(client, missing, acknowledged, () => false, host);
        Assert.Equal(Instances, await CountAsync(database, "select count(distinct business_key) from instances"));
        Assert.Equal(Instances, await CountAsync(database, "select count(*) from instances"));

        // 2. Kill in the middle of the sweep that fires every reminder (due after 27 days).
        var sweep = client.PostAsJsonAsync("/api/clock/advance", new { by = "P28D" });
        while (await CountAsync(database, "select count(*) from timers") > Instances * 3 / 4) await Task.Delay(20);
        host.Kill();
        await Assert.ThrowsAnyAsync<Exception>(() => sweep);
        var firedBeforeKill = await CountAsync(database, "select count(*) from history where kind = 'timer-fired'");
        Assert.InRange(firedBeforeKill, 1, Instances - 1);

        await host.StartAsync();
        client = Client(host);
        // Claims held by the killed node expire after five minutes of (manual) time; then the sweep takes them over.
        var resumed = await client.PostAsJsonAsync("/api/clock/advance", new { by = "PT10M" });
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);

        Assert.Equal(0, await CountAsync(database, "select count(*) from timers"));
        Assert.Equal(Instances, await CountAsync(database, "select count(*) from history where kind = 'timer-fired'"));
        Assert.Equal(0, await CountAsync(database, "select count(*) from (select instance_id from history where kind = 'timer-fired' group by instance_id having count(*) <> 1) x"));
        Assert.Equal(Instances, await CountAsync(database, "select count(*) from outbox"));
        Assert.Equal(Instances, await CountAsync(database, "select count(*) from outbox where status = 'delivered'"));
        Assert.Equal(Instances, await CountAsync(database, "select count(distinct instance_id) from outbox"));
        Assert.Equal(Instances, await CountAsync(database, "select count(*) from tasks where status = 'open'"));
        Assert.Equal(0, await CountAsync(database, "select count(*) from (select instance_id from tasks group by instance_id having count(*) <> 1) x"));
    }

    private static string Key(int i) => $"crash-{i:D5}";

    private static HttpClient Client(HostProcess host)
    {
        var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    /// <summary>Four concurrent clients start instances; when <paramref name="killWhen"/> holds the host is killed.</summary>
    private static async Task StartUntilKilledAsync(HttpClient client, IReadOnlyList<string> keys, ConcurrentDictionary<string, string> acknowledged,
        Func<bool> killWhen, HostProcess host)
    {
        var next = -1;
        var killed = 0;
        async Task Worker()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < keys.Count && Volatile.Read(ref killed) == 0)
            {
                try
                {
                    var response = await client.PostAsJsonAsync("/api/instances",
                        new { definitionKey = "pledgeCycle", businessKey = keys[i], variables = new { orgId = $"branch-{i % 30}" } });
                    Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                    acknowledged[keys[i]] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
                }
                catch (HttpRequestException) when (Volatile.Read(ref killed) == 1) { return; }
                if (killWhen() && Interlocked.Exchange(ref killed, 1) == 0) host.Kill();
            }
        }
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(Worker)));
    }

    /// <summary>Every acknowledged start exists, and every instance present is whole: its tokens, task, timer and history.</summary>
    private static async Task AssertConsistentAsync(Database database, ConcurrentDictionary<string, string> acknowledged)
    {
        var present = (await QueryAsync<string>(database, "select id from instances")).ToHashSet();
        Assert.All(acknowledged.Values, id => Assert.Contains(id, present));
        var count = present.Count;
        Assert.Equal(count, await CountAsync(database, "select count(*) from tasks"));
        Assert.Equal(count, await CountAsync(database, "select count(distinct instance_id) from tasks"));
        Assert.Equal(count, await CountAsync(database, "select count(*) from timers"));
        Assert.Equal(count * 2, await CountAsync(database, "select count(*) from executions"));
        Assert.Equal(count * 2, await CountAsync(database, "select count(*) from bookmarks"));
        Assert.Equal(count, await CountAsync(database, "select count(*) from history where kind = 'instance-started'"));
        Assert.Equal(0, await CountAsync(database, "select count(*) from tasks t where not exists (select 1 from instances i where i.id = t.instance_id)"));
    }

    private static async Task<int> CountAsync(Database database, string sql)
    {
        await using var connection = await database.OpenAsync();
        return (int)await connection.ExecuteScalarAsync<long>(sql);
    }

    private static async Task<IReadOnlyList<T>> QueryAsync<T>(Database database, string sql)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<T>(sql)).ToList();
    }

    private (Database, Dictionary<string, string>) CreateDatabase()
    {
        var environment = new Dictionary<string, string>
        {
            ["Approval__Clock"] = "Manual",
            ["Approval__BootstrapAdminToken"] = Token,
            ["Approval__Database"] = provider.ToString(),
            ["Approval__Demo"] = "false",
            ["Approval__Obligations"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        if (provider == DatabaseProvider.Postgres)
        {
            var (database, drop) = TestDatabases.Postgres();
            _cleanup.Add(drop);
            environment["ConnectionStrings__Approval"] = database.ConnectionString;
            return (database, environment);
        }
        var dir = Path.Combine(Path.GetTempPath(), $"approval-crash-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        _cleanup.Add(() => Directory.Delete(dir, recursive: true));
        environment["Approval__DataDir"] = dir;
        return (Database.Sqlite(Path.Combine(dir, "approval.db")), environment);
    }
}

public sealed class SqliteCrashTests() : CrashTests(DatabaseProvider.Sqlite);

public sealed class PostgresCrashTests() : CrashTests(DatabaseProvider.Postgres);
