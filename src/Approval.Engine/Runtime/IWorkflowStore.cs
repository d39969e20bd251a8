using System.Text.Json;
using Approval.Engine.Execution;

namespace Approval.Engine.Runtime;

/// <summary>
/// Durable storage for the runtime. Every resume runs inside one <see cref="ExecuteAsync{T}"/> call: one database
/// transaction that commits only if the work returns; a <see cref="ConcurrencyException"/> makes it retry.
/// </summary>
public interface IWorkflowStore
{
    Task<T> ExecuteAsync<T>(Func<IWorkflowSession, Task<T>> work, CancellationToken cancellationToken = default);

    /// <summary>
    /// Read-only work on a consistent snapshot; it never waits behind writers (SQLite's single writer lock), and
    /// anything it writes is rolled back.
    /// </summary>
    Task<T> ReadAsync<T>(Func<IWorkflowSession, Task<T>> work, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks up to <paramref name="batchSize"/> due timers as taken by <paramref name="owner"/> until
    /// <paramref name="lockedUntil"/>, skipping timers another node holds (PostgreSQL: skip locked).
    /// </summary>
    Task<IReadOnlyList<TimerRecord>> ClaimDueTimersAsync(DateTimeOffset now, DateTimeOffset lockedUntil, string owner, int batchSize,
        CancellationToken cancellationToken = default);

    /// <summary>Like <see cref="ClaimDueTimersAsync"/>, for queued child starts, oldest first.</summary>
    Task<IReadOnlyList<QueuedStart>> ClaimQueuedStartsAsync(DateTimeOffset now, DateTimeOffset lockedUntil, string owner, int batchSize,
        CancellationToken cancellationToken = default);

    /// <summary>Like <see cref="ClaimDueTimersAsync"/>, for signal deliveries queued beyond a transaction's inline limit.</summary>
    Task<IReadOnlyList<QueuedSignal>> ClaimQueuedSignalsAsync(DateTimeOffset now, DateTimeOffset lockedUntil, string owner, int batchSize,
        CancellationToken cancellationToken = default);
}

/// <summary>The operations of one transaction.</summary>
public interface IWorkflowSession
{
    /// <summary>The latest (or the given) version of a process, without its XML.</summary>
    Task<DefinitionInfo?> FindDefinitionAsync(string key, int? version);
    Task<DefinitionRecord?> GetDefinitionAsync(string id);
    Task InsertDefinitionAsync(DefinitionRecord definition);
    Task<IReadOnlyList<DefinitionInfo>> ListDefinitionsAsync();

    Task<InstanceRecord?> LoadInstanceAsync(string id);
    /// <summary>Ids of a process's instances (every version), oldest first.</summary>
    Task<IReadOnlyList<string>> FindInstancesAsync(string definitionKey);
    /// <summary>Ids of the running instances of one version, oldest first.</summary>
    Task<IReadOnlyList<string>> FindRunningInstancesAsync(string definitionId);
    /// <summary>Writes a new instance with everything its first step produced.</summary>
    Task InsertInstanceAsync(InstanceRecord instance, StepResult step);
    /// <summary>Writes a step's changes (and the instance's version when a migration moved it); throws <see cref="ConcurrencyException"/> if the row version moved.</summary>
    Task SaveInstanceAsync(InstanceRecord instance, StepResult step);

    Task<TaskRecord?> GetTaskAsync(string taskId);
    Task<IReadOnlyList<TaskRecord>> ListTasksAsync(string instanceId);
    /// <summary>Closes an open task; false when it is no longer open (the exactly-once guard).</summary>
    Task<bool> TryCompleteTaskAsync(string taskId, string? actor, string? outcome, string? comment, DateTimeOffset at, string? onBehalfOf);

    /// <summary>The oldest bookmark waiting for this message and key, as (instance id, bookmark id).</summary>
    Task<(string InstanceId, string BookmarkId)?> FindMessageWaiterAsync(string messageName, string? correlationKey);

    /// <summary>
    /// A signal is thrown: queues one delivery (id <paramref name="signalId"/>:bookmark id) for every bookmark that
    /// waits for it now, in this transaction, and answers how many. Waits armed later do not receive it.
    /// </summary>
    Task<int> QueueSignalAsync(string signalId, string signalName, IReadOnlyDictionary<string, JsonElement> variables, DateTimeOffset at);
    /// <summary>Takes up to <paramref name="limit"/> of one signal's queued deliveries out of the queue, to deliver in this transaction.</summary>
    Task<IReadOnlyList<QueuedSignal>> TakeSignalsAsync(string signalId, int limit);
    /// <summary>Removes a claimed signal delivery; false when it is gone (taken by another node).</summary>
    Task<bool> TryTakeSignalAsync(string deliveryId, string owner);
    /// <summary>After a failed delivery: releases the claim and moves it to <paramref name="dueAt"/>, one attempt more.</summary>
    Task<bool> PostponeSignalAsync(string deliveryId, string owner, DateTimeOffset dueAt);

    /// <summary>Removes a claimed timer; false when it is gone (fired by another node, or cancelled).</summary>
    Task<bool> TryTakeTimerAsync(string timerId, string owner);
    /// <summary>After a failed firing: releases the claim and moves the timer to <paramref name="dueAt"/>, one attempt more.</summary>
    Task<bool> PostponeTimerAsync(string timerId, string owner, DateTimeOffset dueAt);
    /// <summary>The earliest due time of any timer at or before <paramref name="upTo"/>, if any.</summary>
    Task<DateTimeOffset?> NextTimerDueAsync(DateTimeOffset upTo);
    Task DeleteStartTimersAsync(string definitionKey);

    /// <summary>Queues child starts; they commit (or roll back) with the parent's step that queued them.</summary>
    Task QueueStartsAsync(IReadOnlyList<QueuedStart> starts);
    /// <summary>Removes a claimed start; false when it is gone (taken by another node).</summary>
    Task<bool> TryTakeStartAsync(string startId, string owner);
    /// <summary>After a failed start: releases the claim and moves it to <paramref name="dueAt"/>, one attempt more.</summary>
    Task<bool> PostponeStartAsync(string startId, string owner, DateTimeOffset dueAt);
    /// <summary>
    /// Whether the instance still waits on this call bookmark; the database stores lock it until commit, so the
    /// parent cannot cancel the call while its child is being started.
    /// </summary>
    Task<bool> HoldCallAsync(string instanceId, string bookmarkId);

    /// <summary>Children started by the parent's call activities (by one call bookmark when given).</summary>
    Task<IReadOnlyList<string>> FindChildInstancesAsync(string parentInstanceId, string? parentBookmarkId = null);

    /// <summary>
    /// How many call activities are above the instance (0 for a root), counted up to <paramref name="limit"/>: a
    /// chain longer than that answers <paramref name="limit"/>, so a runaway chain costs no more than the cap.
    /// </summary>
    Task<int> CallDepthAsync(string instanceId, int limit);

    /// <summary>
    /// Suspends or resumes the instance (its row version moves, as a save's does): while suspended its timers and
    /// parked signal deliveries stay where they are but are never claimed; resuming releases them, so a deadline
    /// that passed meanwhile is due at once and fires once.
    /// </summary>
    Task SetSuspendedAsync(InstanceRecord instance, bool suspended);
    /// <summary>Keeps a signal delivery for a suspended instance, released when it resumes.</summary>
    Task ParkSignalAsync(QueuedSignal delivery);
    /// <summary>The instance's armed timers (a timer given up after its failed firings has none).</summary>
    Task<IReadOnlyList<TimerRecord>> ListTimersAsync(string instanceId);
    /// <summary>Inserts a timer row (a timer start event's, or an instance's timer re-armed by an administrator).</summary>
    Task InsertTimerAsync(TimerRecord timer);
    /// <summary>
    /// The instance's postponed work (timers after failed firings, its children's queued starts, signal
    /// deliveries waiting for a retry) is made due at <paramref name="now"/> and released; answers how many rows.
    /// </summary>
    Task<int> MakeDueAsync(string instanceId, DateTimeOffset now);

    Task<IReadOnlyList<HistoryRecord>> ListHistoryAsync(string instanceId);
    /// <summary>For records outside a step, such as an incident raised by a timer whose step faulted.</summary>
    Task AppendHistoryAsync(string instanceId, HistoryEntry entry);
}

/// <summary>Another transaction changed the same instance first; the work is retried from the start.</summary>
public sealed class ConcurrencyException(string message) : Exception(message);

public static class StoreJson
{
    // Stored text is never embedded in HTML as is, so '+' (in every date's offset) and Chinese stay literal rather
    // than six-byte escapes: a campaign's calendar is copied into each of its hundreds of thousands of instances.
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
