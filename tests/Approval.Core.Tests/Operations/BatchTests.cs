using Approval.Core.Infrastructure;
using Approval.Core.Operations;
using Approval.Core.Tests.Cycle;
using Approval.Engine.Execution;
using Approval.Testing;
using Dapper;

namespace Approval.Core.Tests.Operations;

/// <summary>
/// Batch operations (issue 17): durable items worked through by a job; a crash in the middle leaves every item's
/// operation done exactly once or not at all, and a later run does the rest.
/// </summary>
public abstract class BatchTests((Database Database, Action Cleanup) db) : IAsyncLifetime
{
    private const int Instances = 30;
    private CycleHost Host { get; set; } = null!;

    private static readonly string Process = Bpmn.Process("batch-test", $"""
        <bpmn:startEvent id="s"/>
        {Bpmn.Task("review")}
        <bpmn:endEvent id="e"/>
        {Bpmn.Chain("f", "s", "review", "e")}
        """);

    public async Task InitializeAsync()
    {
        Host = await CycleHost.StartAsync(db);
        Assert.Empty((await Host.Runtime.DeployAsync(Process)).Problems);
        for (var i = 0; i < Instances; i++) await Host.Runtime.StartAsync("batch-test", businessKey: $"b-{i:D2}");
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    private Task<BatchView> CreateAsync(string operation, InstanceFilter? filter = null) =>
        Host.Get<BatchStore>().CreateAsync(operation, filter ?? new InstanceFilter("batch-test"), "county merger", null, "admin");

    /// <summary>How many history entries of this kind each of the process's instances has, by business key.</summary>
    private async Task<Dictionary<string, int>> EntriesPerInstanceAsync(string kind)
    {
        await using var connection = await Host.Database.OpenAsync();
        var rows = await connection.QueryAsync<(string Key, long Count)>(
            """
            select i.business_key, (select count(*) from history h where h.instance_id = i.id and h.kind = @kind)
            from instances i where i.definition_key = 'batch-test'
            """, new { kind });
        return rows.ToDictionary(r => r.Key, r => (int)r.Count);
    }

    [Fact]
    public async Task RunAsync_DoesEveryItemExactlyOnce_WhenTheRunCrashesInsideAnItemAndIsRestarted()
    {
        var batch = await CreateAsync(BatchOperation.Suspend);
        Assert.Equal(Instances, batch.Total);
        var crashing = Host.Another<BatchJobs>();
        var committed = 0;
        // The 12th item's operation and mark are written, then the process "dies" before its commit.
        crashing.BeforeItemCommits = (_, _) => ++committed == 12 ? throw new OperationCanceledException("killed") : Task.CompletedTask;
        await Assert.ThrowsAsync<OperationCanceledException>(() => crashing.RunAsync(batch.Id));

        var afterCrash = await Host.Get<BatchStore>().GetAsync(batch.Id);
        Assert.Equal((11, 0, BatchStatus.Running), (afterCrash!.Done, afterCrash.Failed, afterCrash.Status));
        var suspended = await EntriesPerInstanceAsync(HistoryKinds.InstanceSuspended);
        Assert.Equal(11, suspended.Values.Count(c => c == 1));
        Assert.Equal(Instances - 11, suspended.Values.Count(c => c == 0));

        await Host.Another<BatchJobs>().RunAsync(batch.Id);

        var finished = await Host.Get<BatchStore>().GetAsync(batch.Id);
        Assert.Equal((Instances, 0, BatchStatus.Done), (finished!.Done, finished.Failed, finished.Status));
        Assert.All((await EntriesPerInstanceAsync(HistoryKinds.InstanceSuspended)).Values, count => Assert.Equal(1, count));
        await using var connection = await Host.Database.OpenAsync();
        var entries = (await connection.QueryAsync<(string Actor, string Comment)>(
            "select actor, comment from history where kind = @kind", new { kind = HistoryKinds.InstanceSuspended })).ToList();
        Assert.All(entries, e => Assert.Equal(("admin", $"county merger [batch:{batch.Id}]"), (e.Actor, e.Comment)));
    }

    [Fact]
    public async Task RunAsync_StopsWhenPaused_AndFinishesWhenResumed()
    {
        var batch = await CreateAsync(BatchOperation.Cancel);
        var store = Host.Get<BatchStore>();
        var jobs = Host.Another<BatchJobs>();
        var seen = 0;
        // The administrator's pause commits with the fifth item (on SQLite a second writer would wait for this one).
        jobs.BeforeItemCommits = async (session, _) =>
        {
            if (++seen != 5) return;
            var tx = (Approval.Core.Workflow.IStepTransaction)session;
            await tx.Connection.ExecuteAsync("update batches set status = 'paused' where id = @id", new { id = batch.Id }, tx.Transaction);
        };
        await jobs.RunAsync(batch.Id);
        var paused = await store.GetAsync(batch.Id);
        Assert.Equal((5, BatchStatus.Paused), (paused!.Done, paused.Status));

        Assert.True(await store.SetPausedAsync(batch.Id, paused: false));
        await Host.Another<BatchJobs>().RunAsync(batch.Id);
        Assert.Equal((Instances, BatchStatus.Done), ((await store.GetAsync(batch.Id))!.Done, (await store.GetAsync(batch.Id))!.Status));
        Assert.All((await EntriesPerInstanceAsync(HistoryKinds.InstanceTerminated)).Values, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task RunAsync_RecordsARefusedItemAsFailed_WithWhy_AndGoesOn()
    {
        var batch = await CreateAsync(BatchOperation.Resume, new InstanceFilter("batch-test", BusinessKeyPrefix: "b-0"));
        Assert.Equal(10, batch.Total);
        await Host.Another<BatchJobs>().RunAsync(batch.Id);
        var done = await Host.Get<BatchStore>().GetAsync(batch.Id);
        Assert.Equal((0, 10, BatchStatus.Done), (done!.Done, done.Failed, done.Status));
        var failure = (await Host.Get<BatchStore>().FailuresAsync(batch.Id, 5))[0];
        Assert.Contains("not suspended", failure.Error);
    }
}

public sealed class SqliteBatchTests() : BatchTests(TestDatabases.Sqlite());

public sealed class PostgresBatchTests() : BatchTests(TestDatabases.Postgres());
