using System.Collections.Concurrent;
using Approval.Core.Infrastructure;
using Approval.Engine.Runtime;
using Dapper;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace Approval.Core.Operations;

/// <summary>
/// Works through batches (Hangfire jobs): the pending items of a running batch in chunks, each item's operation in
/// its own transaction together with its 'done' mark (<see cref="BatchStore.MarkDoneAsync"/>), so a crash leaves
/// every item done once or not at all, and a run after the crash does the rest. Pausing takes effect before the
/// next item. The minutely sweep picks up running batches whose job was lost (a restart with in-memory Hangfire).
/// </summary>
public sealed class BatchJobs(BatchStore batches, WorkflowRuntime runtime, Database database, IBackgroundJobClient jobs, ILogger<BatchJobs> logger)
{
    public const string SweepJobId = "batch-sweep";

    /// <summary>Items read per chunk: a pause is seen within one item, progress is visible as each commits.</summary>
    public const int ChunkSize = 20;

    // One run per batch at a time in this process (a second waits, then finds what is left); another node's run is
    // kept from doing an item twice by the item marks.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Runs = new(StringComparer.Ordinal);

    /// <summary>Crash tests: called inside each item's transaction after its mark, before the commit.</summary>
    internal Func<IWorkflowSession, string, Task>? BeforeItemCommits { get; set; }

    /// <summary>Creates a batch and starts its job.</summary>
    public async Task<BatchView> StartAsync(string operation, InstanceFilter filter, string reason, string? targetDefinitionId, string createdBy)
    {
        var batch = await batches.CreateAsync(operation, filter, reason, targetDefinitionId, createdBy);
        jobs.Enqueue<BatchJobs>(j => j.RunAsync(batch.Id));
        return batch;
    }

    /// <summary>Lets a paused batch run again and starts its job; false when it was not paused.</summary>
    public async Task<bool> ResumeAsync(string id)
    {
        if (!await batches.SetPausedAsync(id, paused: false)) return false;
        jobs.Enqueue<BatchJobs>(j => j.RunAsync(id));
        return true;
    }

    /// <summary>The recurring job: every running batch (normally none).</summary>
    public async Task SweepAsync()
    {
        foreach (var id in await batches.RunningAsync()) await RunAsync(id);
    }

    public async Task RunAsync(string id)
    {
        var run = Runs.GetOrAdd(id, _ => new SemaphoreSlim(1, 1));
        await run.WaitAsync();
        try
        {
            var batch = await batches.GetAsync(id);
            if (batch is null) return;
            while (await batches.StatusAsync(id) == BatchStatus.Running)
            {
                var chunk = await batches.PendingAsync(id, ChunkSize);
                if (chunk.Count == 0)
                {
                    await batches.FinishAsync(id);
                    return;
                }
                foreach (var instanceId in chunk)
                {
                    if (await batches.StatusAsync(id) != BatchStatus.Running) return;
                    await ApplyAsync(batch, instanceId);
                }
            }
        }
        finally
        {
            run.Release();
        }
    }

    private async Task ApplyAsync(BatchView batch, string instanceId)
    {
        // The history entry names the administrator (actor) and the batch (in the reason).
        var reason = $"{batch.Reason} [batch:{batch.Id}]";
        Func<IWorkflowSession, Task> done = async session =>
        {
            await batches.MarkDoneAsync(session, batch.Id, instanceId);
            if (BeforeItemCommits is { } hook) await hook(session, instanceId);
        };
        try
        {
            switch (batch.Operation)
            {
                case BatchOperation.Cancel: await runtime.CancelAsync(instanceId, batch.CreatedBy, reason, done); break;
                case BatchOperation.Suspend: await runtime.SuspendAsync(instanceId, batch.CreatedBy, reason, done); break;
                case BatchOperation.Resume: await runtime.ResumeAsync(instanceId, batch.CreatedBy, reason, done); break;
                case BatchOperation.Retry: await runtime.RetryIncidentsAsync(instanceId, batch.CreatedBy, reason, done); break;
                case BatchOperation.Migrate: await MigrateAsync(batch, instanceId, reason, done); break;
                default: throw new InvalidOperationException($"Batch {batch.Id} has an unknown operation '{batch.Operation}'.");
            }
        }
        catch (ItemTakenException)
        {
            // Done by another run; this one's operation was rolled back.
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogInformation("Batch {BatchId}: {Operation} of instance {InstanceId} refused: {Message}", batch.Id, batch.Operation, instanceId, error.Message);
            await batches.MarkFailedAsync(batch.Id, instanceId, error.Message);
        }
    }

    private async Task MigrateAsync(BatchView batch, string instanceId, string reason, Func<IWorkflowSession, Task> done)
    {
        await using var connection = await database.OpenAsync();
        var source = await connection.ExecuteScalarAsync<string?>("select definition_id from instances where id = @instanceId", new { instanceId })
            ?? throw new NotFoundException($"Instance {instanceId} does not exist.");
        var report = await runtime.MigrateAsync(new MigrationRequest(source, batch.TargetDefinitionId!, null, [instanceId], batch.CreatedBy, reason),
            (session, _) => done(session));
        if (report.Migrated == 0)
            throw new InvalidOperationException(string.Join("; ", report.PlanProblems.Concat(report.Instances.SelectMany(i => i.Problems)).Select(p => p.Message)));
    }
}
