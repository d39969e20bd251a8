using System.Text.Json;
using Approval.Core.Clock;
using Approval.Core.Infrastructure;
using Approval.Core.Outbox;
using Approval.Core.Workflow;
using Approval.Engine.Execution;
using Approval.Engine.Runtime;
using Approval.Engine.Timing;
using Approval.Testing;
using Dapper;

namespace Approval.Core.Tests;

/// <summary>Guarantees of the database layer, on each database.</summary>
public abstract class StoreTests : IDisposable
{
    private readonly Database _database;
    private readonly Action _cleanup;

    protected StoreTests((Database Database, Action Cleanup) db) => (_database, _cleanup) = db;

    public void Dispose() => _cleanup();

    private WorkflowRuntime Runtime(ManualClock clock) =>
        new(new DapperWorkflowStore(_database), clock, new ServiceTaskHandlers(), new DefinitionCache());

    [Fact]
    public async Task Migrations_RefuseADatabaseNewerThanTheCode()
    {
        await using (var connection = await _database.OpenAsync())
            await connection.ExecuteAsync("insert into schemaversions (scriptname, applied) values ('Approval.Core.Migrations.sqlite.9999_future.sql', current_timestamp)");
        var refused = Assert.Throws<InvalidOperationException>(() => Migrations.Apply(_database));
        Assert.Contains("newer", refused.Message);
    }

    [Fact]
    public void Migrations_AreIdempotent_OnAnUpToDateDatabase() => Migrations.Apply(_database);

    [Fact]
    public async Task History_CannotBeUpdatedOrDeleted()
    {
        var clock = new ManualClock(RuntimeHarness.Epoch);
        var runtime = Runtime(clock);
        await runtime.DeployAsync(TestProcesses.ParallelJoin);
        await runtime.StartAsync("parallel");
        await using var connection = await _database.OpenAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => connection.ExecuteAsync("update history set actor = 'someone else'"));
        await Assert.ThrowsAnyAsync<Exception>(() => connection.ExecuteAsync("delete from history"));
        Assert.True(await connection.ExecuteScalarAsync<long>("select count(*) from history") > 0);
    }

    [Fact]
    public async Task ConcurrentSweeps_FireEveryTimerExactlyOnce()
    {
        var clock = new ManualClock(RuntimeHarness.Epoch);
        var runtime = Runtime(clock);
        await runtime.DeployAsync(TestProcesses.Pledge);
        for (var i = 0; i < 200; i++)
            await runtime.StartAsync("pledgeCycle", variables: RuntimeHarness.Vars(new { orgId = $"o{i}" }));
        clock.Set(clock.GetUtcNow().AddDays(28));
        var sweeps = await Task.WhenAll(Enumerable.Range(0, 3).Select(n => Task.Run(() => Runtime(clock).RunDueTimersAsync($"node-{n}", batchSize: 20))));
        Assert.Equal(200, sweeps.Sum(s => s.Fired));
        await using var connection = await _database.OpenAsync();
        Assert.Equal(200, await connection.ExecuteScalarAsync<long>("select count(*) from history where kind = 'timer-fired'"));
        Assert.Equal(200, await connection.ExecuteScalarAsync<long>("select count(*) from outbox"));
    }

    [Fact]
    public async Task Outbox_RetriesWithBackOff_ThenDeadLetters_AndDeliversEachRowOnce()
    {
        var clock = new ManualClock(RuntimeHarness.Epoch);
        var runtime = Runtime(clock);
        await runtime.DeployAsync(TestProcesses.Pledge);
        await runtime.StartAsync("pledgeCycle", variables: RuntimeHarness.Vars(new { orgId = "o1" }));
        await runtime.StartAsync("pledgeCycle", variables: RuntimeHarness.Vars(new { orgId = "o2" }));
        clock.Set(clock.GetUtcNow().AddDays(28));
        await runtime.RunDueTimersAsync("node");

        var flaky = new FlakyHandler(failures: 2);
        var dispatcher = new OutboxDispatcher(_database, [flaky], clock, new NodeIdentity("node"));
        Assert.Equal(0, await dispatcher.DispatchAsync());       // both fail once (the handler fails its first two calls)
        Assert.Equal(0, await dispatcher.DispatchAsync());       // not due yet: backing off
        clock.Set(clock.GetUtcNow().AddMinutes(1));
        Assert.Equal(2, await dispatcher.DispatchAsync());
        Assert.Equal(2, flaky.Delivered.Distinct().Count());
        Assert.Equal(0, await dispatcher.DispatchAsync());

        var broken = new OutboxDispatcher(_database, [], clock, new NodeIdentity("node"));
        await using var connection = await _database.OpenAsync();
        await connection.ExecuteAsync("insert into outbox (idempotency_key, kind, payload, status, attempts, created_at, next_attempt_at) values ('k-orphan', 'unknown-kind', '{}', 'pending', 0, 0, 0)");
        for (var i = 0; i < OutboxDispatcher.MaxAttempts; i++)
        {
            await broken.DispatchAsync();
            clock.Set(clock.GetUtcNow().AddHours(2));
        }
        Assert.Equal("dead", await connection.ExecuteScalarAsync<string>("select status from outbox where idempotency_key = 'k-orphan'"));
        Assert.Contains("unknown-kind", await connection.ExecuteScalarAsync<string>("select last_error from outbox where idempotency_key = 'k-orphan'"));
    }

    [Fact]
    public async Task ServiceTaskWrites_ShareTheStepsTransaction()
    {
        var handlers = new ServiceTaskHandlers().Add("remember", async ctx =>
        {
            var step = ctx.Transaction();
            await step.Connection.ExecuteAsync("insert into app_settings (key, value) values (@key, 'x')",
                new { key = ctx.Variables["key"].GetString() }, step.Transaction);
        });
        var runtime = new WorkflowRuntime(new DapperWorkflowStore(_database), new ManualClock(RuntimeHarness.Epoch), handlers, new DefinitionCache());
        var xml = Bpmn.Process("remember", $"""
            <bpmn:startEvent id="start"/>
            <bpmn:serviceTask id="write" camunda:topic="remember"/>
            <bpmn:exclusiveGateway id="check"/>
            <bpmn:endEvent id="end"/>
            {Bpmn.Chain("f", "start", "write", "check")}{Bpmn.Flow("ok", "check", "end", "${fine}")}
            """);
        Assert.True((await runtime.DeployAsync(xml)).Succeeded);
        await runtime.StartAsync("remember", variables: RuntimeHarness.Vars(new { key = "kept", fine = true }));
        await Assert.ThrowsAsync<Approval.Engine.WorkflowFaultException>(() =>
            runtime.StartAsync("remember", variables: RuntimeHarness.Vars(new { key = "rolled-back", fine = false })));
        await using var connection = await _database.OpenAsync();
        Assert.Equal(["kept"], await connection.QueryAsync<string>("select key from app_settings where key in ('kept', 'rolled-back')"));
    }

    private sealed class FlakyHandler(int failures) : IOutboxHandler
    {
        private int _calls;
        public List<string> Delivered { get; } = [];
        public string Kind => "mail";

        public Task DeliverAsync(OutboxItem item, CancellationToken ct)
        {
            if (++_calls <= failures) throw new InvalidOperationException("SMTP is down");
            Delivered.Add(item.IdempotencyKey);
            Assert.Equal("reminder", item.Payload.GetProperty("attributes").GetProperty("template").GetString());
            return Task.CompletedTask;
        }
    }
}

public sealed class SqliteStoreTests() : StoreTests(TestDatabases.Sqlite());

public sealed class PostgresStoreTests() : StoreTests(TestDatabases.Postgres());
