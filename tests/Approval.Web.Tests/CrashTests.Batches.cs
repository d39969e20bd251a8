using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Approval.Testing;

namespace Approval.Web.Tests;

/// <summary>The host is killed with SIGKILL while a batch suspends a thousand instances, then restarted (issue 17).</summary>
public abstract partial class CrashTests
{
    private const int BatchInstances = 1_000;

    // An item is done exactly when its instance has its suspension entry: never one without the other.
    private const string ItemsOutOfStep = """
        select count(*) from batch_items bi
        where (bi.status = 'done') <> exists (select 1 from history h where h.instance_id = bi.instance_id and h.kind = 'instance-suspended')
        """;

    [Fact]
    public async Task KilledHost_InTheMiddleOfABatch_LeavesEveryItemDoneOnceOrNot_AndTheRestartFinishesIt()
    {
        var (database, environment) = CreateDatabase();
        using var host = new HostProcess(environment);
        await host.StartAsync();
        var client = Client(host);
        var deployed = await client.PostAsync("/api/definitions", new StringContent(TestProcesses.Pledge, Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.Created, deployed.StatusCode);
        var started = new ConcurrentDictionary<string, string>();
        await StartUntilKilledAsync(client, Enumerable.Range(0, BatchInstances).Select(i => $"batch-{i:D4}").ToList(), started, () => false, host);
        Assert.Equal(BatchInstances, started.Count);

        var created = await client.PostAsJsonAsync("/api/batches", new { operation = "suspend", reason = "crash", filter = new { definitionKey = "pledgeCycle" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var batchId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        while (await CountAsync(database, "select count(*) from batch_items where status = 'done'") < 100) await Task.Delay(10);
        host.Kill();

        var doneAtKill = await CountAsync(database, "select count(*) from batch_items where status = 'done'");
        Assert.InRange(doneAtKill, 100, BatchInstances - 1);
        Assert.Equal(0, await CountAsync(database, ItemsOutOfStep));

        await host.StartAsync();
        client = Client(host);
        // The minutely batch sweep would take it up again; pausing and resuming starts its job now.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/batches/{batchId}/pause", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/batches/{batchId}/resume", null)).StatusCode);
        var deadline = DateTime.UtcNow.AddMinutes(3);
        JsonElement batch;
        while ((batch = await client.GetFromJsonAsync<JsonElement>($"/api/batches/{batchId}")).GetProperty("status").GetString() != "done")
        {
            Assert.True(DateTime.UtcNow < deadline, $"The batch did not finish after the restart: {batch}");
            await Task.Delay(50);
        }

        Assert.Equal((BatchInstances, 0), (batch.GetProperty("done").GetInt32(), batch.GetProperty("failed").GetInt32()));
        Assert.Equal(0, await CountAsync(database, ItemsOutOfStep));
        Assert.Equal(BatchInstances, await CountAsync(database, "select count(*) from history where kind = 'instance-suspended'"));
        Assert.Equal(0, await CountAsync(database,
            "select count(*) from (select instance_id from history where kind = 'instance-suspended' group by instance_id having count(*) <> 1) x"));
        Assert.Equal(BatchInstances, await CountAsync(database, "select count(*) from instances where suspended = 1"));
    }
}
