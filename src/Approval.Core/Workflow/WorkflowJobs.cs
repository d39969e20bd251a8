using Approval.Core.Clock;
using Approval.Core.Outbox;
using Approval.Engine.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Approval.Core.Workflow;

/// <summary>
/// The recurring Hangfire jobs. The database holds the truth (timers, outbox); these jobs only execute it, so
/// losing Hangfire's own state (in-memory storage, a restart) loses nothing.
/// </summary>
public sealed class WorkflowJobs(WorkflowRuntime runtime, OutboxDispatcher outbox, NodeIdentity node, SweepGate gate,
    Reminders.ReminderService reminders, Obligations.ObligationScheduler obligations, Voting.VoteStore votes, IOptions<SweepOptions> options,
    ILogger<WorkflowJobs> logger)
{
    public const string SweepJobId = "timer-sweep";
    public const string OutboxJobId = "outbox-dispatch";

    public async Task SweepTimersAsync()
    {
        await gate.Lock.WaitAsync();
        try
        {
            var result = await runtime.RunDueTimersAsync(node.Name, options.Value.SweepBatchSize);
            foreach (var (timerId, error) in result.Failures)
                logger.LogWarning(error, "Timer {TimerId} failed to fire; it is retried with back-off and recorded as an incident", timerId);
            await StartQueuedChildrenAsync();
            await DeliverQueuedSignalsAsync();
            await obligations.RunAsync();
            await votes.CloseDueAsync();
            // Reminders after the timers: a task a timer just opened is reminded by its own policy, from its creation.
            await reminders.RunAsync();
        }
        finally
        {
            gate.Lock.Release();
        }
        await outbox.DispatchAsync();
    }

    public Task DispatchOutboxAsync() => outbox.DispatchAsync();

    /// <summary>Children that call activities queued beyond a transaction's inline limit (a campaign's fan-out).</summary>
    public async Task StartQueuedChildrenAsync()
    {
        var result = await runtime.RunQueuedStartsAsync(node.Name);
        foreach (var (startId, error) in result.Failures)
            logger.LogWarning(error, "Queued child start {StartId} failed; it is retried with back-off and recorded as an incident", startId);
    }

    /// <summary>Signal deliveries beyond a transaction's inline limit (a campaign closing reaches every waiting instance).</summary>
    public async Task DeliverQueuedSignalsAsync()
    {
        var result = await runtime.RunQueuedSignalsAsync(node.Name);
        foreach (var (deliveryId, error) in result.Failures)
            logger.LogWarning(error, "Queued signal delivery {DeliveryId} failed; it is retried with back-off and recorded as an incident", deliveryId);
    }
}

/// <summary>Keeps the recurring sweep and a manual clock advance from interleaving.</summary>
public sealed class SweepGate
{
    public SemaphoreSlim Lock { get; } = new(1, 1);
}
