using System.Runtime.CompilerServices;
using System.Text.Json;
using Approval.Engine.Execution;
using Approval.Engine.Model;

namespace Approval.Engine.Runtime;

/// <summary>
/// Messages and signals between instances. A thrown message goes to one instance, in the thrower's transaction;
/// a signal is broadcast to every instance waiting for it when it is thrown, the first
/// <see cref="InlineSignalLimit"/> deliveries in the thrower's transaction and the rest from a durable queue.
/// </summary>
public sealed partial class WorkflowRuntime
{
    /// <summary>
    /// Signal deliveries one transaction makes itself; beyond it they stay queued (written in the same transaction
    /// as the throw, so none is lost) and <see cref="RunQueuedSignalsAsync"/> delivers them in batches of their own
    /// transactions. A campaign closing reaches every one of its hundreds of thousands of waiting instances without
    /// one transaction holding them all.
    /// </summary>
    public int InlineSignalLimit { get; set; } = 1_000;

    /// <summary>
    /// Messages one transaction correlates, its own and those thrown by the instances they move: two models that
    /// answer each other's message forever would otherwise never commit.
    /// </summary>
    public const int MaxMessagesPerTransaction = 1_000;

    /// <summary>Queued signal deliveries taken per transaction by the sweep.</summary>
    public const int QueuedSignalBatch = 50;

    private readonly ConditionalWeakTable<IWorkflowSession, StrongBox<int>> _inlineSignals = new();
    private readonly ConditionalWeakTable<IWorkflowSession, StrongBox<int>> _messages = new();

    /// <summary>
    /// Broadcasts a signal from outside any instance (a campaign closing): every instance waiting for it receives
    /// it, and every process whose signal start event names it starts; answers how many waits it reached.
    /// </summary>
    public Task<int> SignalAsync(string signalName, IReadOnlyDictionary<string, JsonElement>? variables = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(signalName);
        return store.ExecuteAsync(session => BroadcastInSessionAsync(session, signalName, variables ?? new Dictionary<string, JsonElement>()), ct);
    }

    /// <summary>
    /// A message goes to the oldest wait with its name and correlation key (a catch event, a receive task, a
    /// boundary event); when none waits, it starts the latest version of the process whose message start event
    /// names it (the first by key if several do), with the message's variables and its correlation key as the
    /// business key. False when neither exists.
    /// </summary>
    private async Task<bool> CorrelateInSessionAsync(IWorkflowSession session, string messageName, string? correlationKey,
        IReadOnlyDictionary<string, JsonElement>? variables)
    {
        var waiter = await session.FindMessageWaiterAsync(messageName, correlationKey);
        if (waiter is not null)
        {
            var instance = await LoadAsync(session, waiter.Value.InstanceId);
            await StepAsync(session, instance, null, i => i.DeliverMessage(waiter.Value.BookmarkId, variables));
            return true;
        }
        var starts = await EventStartsAsync(session, t => t is MessageTrigger m && m.MessageName == messageName);
        if (starts.Count == 0) return false;
        var (record, start) = starts[0];
        await StartInSessionAsync(session, record, correlationKey, variables, null, null, null, start);
        return true;
    }

    /// <summary>
    /// What a step threw, once it is stored. A message nobody waits for and no process starts on faults the step
    /// (as Camunda's correlation does), so the thrower's work is rolled back rather than the message lost.
    /// </summary>
    private async Task ThrowEventsAsync(IWorkflowSession session, StepResult step)
    {
        foreach (var message in step.MessagesThrown)
        {
            var count = _messages.GetOrCreateValue(session);
            if (++count.Value > MaxMessagesPerTransaction)
                throw new WorkflowFaultException(FaultCodes.TooManyMessages,
                    $"More than {MaxMessagesPerTransaction:N0} messages were thrown in one transaction; the models answer each other's messages without end.", message.ElementId);
            if (!await CorrelateInSessionAsync(session, message.Name, message.CorrelationKey, message.Variables))
                throw new WorkflowFaultException(FaultCodes.MessageNotCorrelated,
                    $"'{message.ElementId}' throws message '{message.Name}'{(message.CorrelationKey is null ? "" : $" with key '{message.CorrelationKey}'")}, but no instance waits for it and no process starts on it.",
                    message.ElementId);
        }
        foreach (var signal in step.SignalsThrown) await BroadcastInSessionAsync(session, signal.Name, signal.Variables);
    }

    /// <summary>
    /// Queues a delivery for every wait on the signal (a snapshot: waits armed by what the signal sets off do not
    /// receive it), starts the processes whose signal start event names it, then delivers what the transaction's
    /// inline budget allows; the rest is left to <see cref="RunQueuedSignalsAsync"/>.
    /// </summary>
    private async Task<int> BroadcastInSessionAsync(IWorkflowSession session, string signalName, IReadOnlyDictionary<string, JsonElement> variables)
    {
        var signalId = NewId();
        var waiting = await session.QueueSignalAsync(signalId, signalName, variables, Now);
        foreach (var (record, start) in await EventStartsAsync(session, t => t is SignalTrigger s && s.SignalName == signalName))
            await StartInSessionAsync(session, record, null, variables, null, null, null, start);
        var delivered = _inlineSignals.GetOrCreateValue(session);
        var budget = InlineSignalLimit - delivered.Value;
        if (waiting == 0 || budget <= 0) return waiting;
        foreach (var delivery in await session.TakeSignalsAsync(signalId, budget))
        {
            delivered.Value++;
            await DeliverSignalAsync(session, delivery);
        }
        return waiting;
    }

    /// <summary>Delivers one queued signal; nothing when the wait has ended meanwhile (its activity finished, a migration).</summary>
    private async Task<bool> DeliverSignalAsync(IWorkflowSession session, QueuedSignal delivery)
    {
        var instance = await session.LoadInstanceAsync(delivery.InstanceId);
        if (instance is null || instance.Status != InstanceStatus.Running || instance.State.FindBookmark(delivery.BookmarkId) is not { Kind: BookmarkKind.Signal })
            return false;
        if (instance.Suspended)
        {
            // Kept for when it resumes, so that a suspension never loses a signal nor fails its thrower.
            await session.ParkSignalAsync(delivery);
            return false;
        }
        await StepAsync(session, instance, null, i => i.DeliverSignal(delivery.BookmarkId, delivery.Variables));
        return true;
    }

    /// <summary>
    /// Delivers queued signals until none is due: a batch per transaction, and when that fails each of the batch
    /// in its own, so one instance whose step faults (recorded as an incident, retried with back-off, given up
    /// after <see cref="MaxTimerAttempts"/>) never holds back the others.
    /// </summary>
    public async Task<SignalSweepResult> RunQueuedSignalsAsync(string owner, int batchSize = QueuedSignalBatch, CancellationToken ct = default)
    {
        var delivered = 0;
        var failures = new List<(string DeliveryId, Exception Error)>();
        while (!ct.IsCancellationRequested)
        {
            var now = Now;
            var batch = await store.ClaimQueuedSignalsAsync(now, now + ClaimTimeout, owner, batchSize, ct);
            if (batch.Count == 0) break;
            try
            {
                delivered += await store.ExecuteAsync(async session =>
                {
                    var count = 0;
                    foreach (var delivery in batch)
                        if (await session.TryTakeSignalAsync(delivery.Id, owner) && await DeliverSignalAsync(session, delivery)) count++;
                    return count;
                }, ct);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                foreach (var delivery in batch)
                {
                    try
                    {
                        if (await store.ExecuteAsync(async session => await session.TryTakeSignalAsync(delivery.Id, owner) && await DeliverSignalAsync(session, delivery), ct))
                            delivered++;
                    }
                    catch (Exception each) when (each is not OperationCanceledException)
                    {
                        failures.Add((delivery.Id, each));
                        await RecordSignalFailureAsync(delivery, owner, each, ct);
                    }
                }
            }
        }
        return new SignalSweepResult(delivered, failures);
    }

    private Task RecordSignalFailureAsync(QueuedSignal delivery, string owner, Exception error, CancellationToken ct) =>
        store.ExecuteAsync(async session =>
        {
            if (await PostponeOrGiveUpAsync(delivery.Attempts, () => session.TryTakeSignalAsync(delivery.Id, owner),
                    due => session.PostponeSignalAsync(delivery.Id, owner, due)) is not { } gaveUp)
                return false;
            await session.AppendHistoryAsync(delivery.InstanceId, Incident(null, $"Signal {delivery.SignalName}", error, delivery.Attempts, gaveUp));
            return true;
        }, ct);

    /// <summary>
    /// The message and signal start events of the latest version of every process, matching <paramref name="matches"/>,
    /// by process key. Read from the parsed definitions (cached per version), so no table has to mirror them.
    /// </summary>
    private async Task<IReadOnlyList<(DefinitionInfo Record, StartEvent Start)>> EventStartsAsync(IWorkflowSession session, Func<EventTrigger, bool> matches)
    {
        var found = new List<(DefinitionInfo, StartEvent)>();
        var latest = (await session.ListDefinitionsAsync()).GroupBy(d => d.Key, StringComparer.Ordinal)
            .Select(g => g.MaxBy(d => d.Version)!).OrderBy(d => d.Key, StringComparer.Ordinal);
        foreach (var record in latest)
        {
            var process = await cache.GetAsync(session, record.Id);
            foreach (var start in process.EventStarts.Where(s => s.Scope is ProcessDefinition && matches(s.StartedBy!)))
                found.Add((record, start));
        }
        return found;
    }
}

public sealed record SignalSweepResult(int Delivered, IReadOnlyList<(string DeliveryId, Exception Error)> Failures);
