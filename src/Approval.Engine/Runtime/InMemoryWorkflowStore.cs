using System.Text.Json;
using Approval.Engine.Execution;

namespace Approval.Engine.Runtime;

/// <summary>
/// A store in memory, for engine tests and tools. Transactions are serialized by one lock; a failed transaction
/// restores the snapshot taken when it began, so it behaves like the database stores (all or nothing).
/// Instances are kept serialized, so every load is an independent copy, as it is from a database.
/// </summary>
public sealed partial class InMemoryWorkflowStore : IWorkflowStore
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private Data _data = new();

    public async Task<T> ExecuteAsync<T>(Func<IWorkflowSession, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var snapshot = _data.Copy();
            try
            {
                return await work(new Session(_data));
            }
            catch
            {
                _data = snapshot;
                throw;
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<T> ReadAsync<T>(Func<IWorkflowSession, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            return await work(new Session(_data.Copy()));
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<IReadOnlyList<TimerRecord>> ClaimDueTimersAsync(DateTimeOffset now, DateTimeOffset lockedUntil, string owner,
        int batchSize, CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var due = _data.Timers.Values
                .Where(t => t.Timer.DueAt <= now && (t.LockedUntil is null || t.LockedUntil < now))
                .OrderBy(t => t.Timer.DueAt).Take(batchSize).ToList();
            foreach (var t in due) _data.Timers[t.Timer.Id] = t with { LockedUntil = lockedUntil, Owner = owner };
            return due.Select(t => t.Timer).ToList();
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<IReadOnlyList<QueuedStart>> ClaimQueuedStartsAsync(DateTimeOffset now, DateTimeOffset lockedUntil, string owner,
        int batchSize, CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var due = _data.Starts.Values
                .Where(s => s.Start.DueAt <= now && (s.LockedUntil is null || s.LockedUntil < now))
                .OrderBy(s => s.Start.DueAt).Take(batchSize).ToList();
            foreach (var s in due) _data.Starts[s.Start.Id] = s with { LockedUntil = lockedUntil, Owner = owner };
            return due.Select(s => s.Start).ToList();
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<IReadOnlyList<QueuedSignal>> ClaimQueuedSignalsAsync(DateTimeOffset now, DateTimeOffset lockedUntil, string owner,
        int batchSize, CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var due = _data.SignalQueue.Values
                .Where(s => s.Signal.DueAt <= now && (s.LockedUntil is null || s.LockedUntil < now))
                .OrderBy(s => s.Signal.DueAt).ThenBy(s => s.Signal.Id, StringComparer.Ordinal).Take(batchSize).ToList();
            foreach (var s in due) _data.SignalQueue[s.Signal.Id] = s with { LockedUntil = lockedUntil, Owner = owner };
            return due.Select(s => s.Signal).ToList();
        }
        finally
        {
            _lock.Release();
        }
    }

    private sealed record ClaimableSignal(QueuedSignal Signal, string SignalId, DateTimeOffset? LockedUntil = null, string? Owner = null);
    private sealed record ClaimableTimer(TimerRecord Timer, DateTimeOffset? LockedUntil = null, string? Owner = null);
    private sealed record ClaimableStart(QueuedStart Start, DateTimeOffset? LockedUntil = null, string? Owner = null);

    private sealed class Data
    {
        public List<DefinitionRecord> Definitions { get; init; } = [];
        public Dictionary<string, string> Instances { get; init; } = new(StringComparer.Ordinal);
        public Dictionary<string, TaskRecord> Tasks { get; init; } = new(StringComparer.Ordinal);
        public Dictionary<string, ClaimableTimer> Timers { get; init; } = new(StringComparer.Ordinal);
        public Dictionary<string, ClaimableStart> Starts { get; init; } = new(StringComparer.Ordinal);
        public Dictionary<string, (string InstanceId, Bookmark Bookmark)> Messages { get; init; } = new(StringComparer.Ordinal);
        public Dictionary<string, (string InstanceId, Bookmark Bookmark)> Signals { get; init; } = new(StringComparer.Ordinal);
        public Dictionary<string, ClaimableSignal> SignalQueue { get; init; } = new(StringComparer.Ordinal);
        public Dictionary<string, OutboxMessage> Outbox { get; init; } = new(StringComparer.Ordinal);
        public List<HistoryRecord> History { get; init; } = [];

        public Data Copy() => new()
        {
            Definitions = [.. Definitions], Instances = new(Instances), Tasks = new(Tasks), Timers = new(Timers), Starts = new(Starts),
            Messages = new(Messages), Signals = new(Signals), SignalQueue = new(SignalQueue), Outbox = new(Outbox), History = [.. History],
        };
    }

    public IReadOnlyList<OutboxMessage> OutboxMessages => _data.Outbox.Values.ToList();

    private sealed partial class Session(Data data) : IWorkflowSession
    {
        public Task<DefinitionInfo?> FindDefinitionAsync(string key, int? version) => Task.FromResult(
            data.Definitions.Where(d => d.Key == key && (version is null || d.Version == version)).MaxBy(d => d.Version)?.Info);

        public Task<DefinitionRecord?> GetDefinitionAsync(string id) => Task.FromResult(data.Definitions.Find(d => d.Id == id));

        public Task InsertDefinitionAsync(DefinitionRecord definition)
        {
            data.Definitions.Add(definition);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<DefinitionInfo>> ListDefinitionsAsync() =>
            Task.FromResult<IReadOnlyList<DefinitionInfo>>(data.Definitions.Select(d => d.Info).ToList());

        public Task<InstanceRecord?> LoadInstanceAsync(string id) => Task.FromResult(
            data.Instances.TryGetValue(id, out var json) ? JsonSerializer.Deserialize<InstanceRecord>(json, StoreJson.Options) : null);

        public Task<IReadOnlyList<string>> FindInstancesAsync(string definitionKey) =>
            Task.FromResult<IReadOnlyList<string>>(data.Instances.Values
                .Select(json => JsonSerializer.Deserialize<InstanceRecord>(json, StoreJson.Options)!)
                .Where(i => i.DefinitionKey == definitionKey).OrderBy(i => i.StartedAt).Select(i => i.Id).ToList());

        public Task<IReadOnlyList<string>> FindRunningInstancesAsync(string definitionId) =>
            Task.FromResult<IReadOnlyList<string>>(data.Instances.Values
                .Select(json => JsonSerializer.Deserialize<InstanceRecord>(json, StoreJson.Options)!)
                .Where(i => i.DefinitionId == definitionId && i.Status == InstanceStatus.Running).OrderBy(i => i.StartedAt).Select(i => i.Id).ToList());

        public Task InsertInstanceAsync(InstanceRecord instance, StepResult step)
        {
            instance.RowVersion = 1;
            return Apply(instance, step);
        }

        public Task SaveInstanceAsync(InstanceRecord instance, StepResult step)
        {
            var stored = JsonSerializer.Deserialize<InstanceRecord>(data.Instances[instance.Id], StoreJson.Options)!;
            if (stored.RowVersion != instance.RowVersion) throw new ConcurrencyException($"Instance {instance.Id} changed concurrently.");
            instance.RowVersion++;
            return Apply(instance, step);
        }

        private Task Apply(InstanceRecord instance, StepResult step)
        {
            data.Instances[instance.Id] = JsonSerializer.Serialize(instance, StoreJson.Options);
            foreach (var removed in step.RemovedBookmarks)
            {
                var id = removed.Bookmark.Id;
                data.Timers.Remove(id);
                data.Messages.Remove(id);
                data.Signals.Remove(id);
                if (data.Tasks.TryGetValue(id, out var task) && task.Status == TaskStatus.Open)
                    data.Tasks[id] = task with { Status = TaskStatus.Cancelled, CompletedAt = step.At };
            }
            foreach (var b in step.AddedBookmarks)
            {
                switch (b.Kind)
                {
                    case BookmarkKind.Task: data.Tasks[b.Id] = TaskRecord.From(b, instance); break;
                    case BookmarkKind.Timer: data.Timers[b.Id] = new(new TimerRecord(b.Id, instance.Id, null, b.ElementId, b.DueAt!.Value, b.Period, b.Remaining)); break;
                    case BookmarkKind.Message: data.Messages[b.Id] = (instance.Id, b); break;
                    case BookmarkKind.Signal: data.Signals[b.Id] = (instance.Id, b); break;
                }
            }
            // A migrated task keeps its row (status, assignee, due date); its element, name, form and policy are new.
            foreach (var b in step.MigratedBookmarks.Where(b => b.Kind == BookmarkKind.Task))
                if (data.Tasks.TryGetValue(b.Id, out var task))
                    data.Tasks[b.Id] = task with { ElementId = b.ElementId, Name = b.Task!.Name, FormKey = b.Task.FormKey, Extensions = b.Task.Extensions };
            foreach (var b in step.ChangedTaskBookmarks)
                if (data.Tasks.TryGetValue(b.Id, out var held))
                    data.Tasks[b.Id] = held with { Assignee = b.Task!.Assignee, Extensions = b.Task.Extensions };
            foreach (var h in step.History)
                data.History.Add(new HistoryRecord(data.History.Count + 1, instance.Id, h.At, h.Kind, h.ElementId, h.Actor, h.Outcome, h.Comment, h.TaskId));
            foreach (var message in step.Outbox) data.Outbox.TryAdd(message.IdempotencyKey, message);
            return Task.CompletedTask;
        }

        public Task<TaskRecord?> GetTaskAsync(string taskId) => Task.FromResult(data.Tasks.GetValueOrDefault(taskId));

        public Task<IReadOnlyList<TaskRecord>> ListTasksAsync(string instanceId) =>
            Task.FromResult<IReadOnlyList<TaskRecord>>(data.Tasks.Values.Where(t => t.InstanceId == instanceId).OrderBy(t => t.CreatedAt).ToList());

        public Task<bool> TryCompleteTaskAsync(string taskId, string? actor, string? outcome, string? comment, DateTimeOffset at, string? onBehalfOf)
        {
            if (!data.Tasks.TryGetValue(taskId, out var task) || task.Status != TaskStatus.Open) return Task.FromResult(false);
            data.Tasks[taskId] = task with { Status = TaskStatus.Completed, CompletedAt = at, CompletedBy = actor, Outcome = outcome, OnBehalfOf = onBehalfOf };
            return Task.FromResult(true);
        }

        public Task<(string InstanceId, string BookmarkId)?> FindMessageWaiterAsync(string messageName, string? correlationKey)
        {
            var waiter = data.Messages.Values
                .Where(m => m.Bookmark.MessageName == messageName && m.Bookmark.CorrelationKey == correlationKey)
                .OrderBy(m => m.Bookmark.CreatedAt).Select(m => ((string, string)?)(m.InstanceId, m.Bookmark.Id)).FirstOrDefault();
            return Task.FromResult(waiter);
        }

        public Task<int> QueueSignalAsync(string signalId, string signalName, IReadOnlyDictionary<string, JsonElement> variables, DateTimeOffset at)
        {
            var waiting = data.Signals.Values.Where(w => w.Bookmark.MessageName == signalName).ToList();
            foreach (var (instanceId, bookmark) in waiting)
            {
                var delivery = new QueuedSignal($"{signalId}:{bookmark.Id}", signalName, instanceId, bookmark.Id, variables, at);
                data.SignalQueue[delivery.Id] = new(delivery, signalId);
            }
            return Task.FromResult(waiting.Count);
        }

        public Task<IReadOnlyList<QueuedSignal>> TakeSignalsAsync(string signalId, int limit)
        {
            var taken = data.SignalQueue.Values.Where(s => s.SignalId == signalId)
                .OrderBy(s => s.Signal.Id, StringComparer.Ordinal).Take(limit).Select(s => s.Signal).ToList();
            foreach (var s in taken) data.SignalQueue.Remove(s.Id);
            return Task.FromResult<IReadOnlyList<QueuedSignal>>(taken);
        }

        public Task<bool> TryTakeSignalAsync(string deliveryId, string owner) =>
            Task.FromResult(data.SignalQueue.TryGetValue(deliveryId, out var s) && s.Owner == owner && data.SignalQueue.Remove(deliveryId));

        public Task<bool> PostponeSignalAsync(string deliveryId, string owner, DateTimeOffset dueAt)
        {
            if (!data.SignalQueue.TryGetValue(deliveryId, out var s) || s.Owner != owner) return Task.FromResult(false);
            data.SignalQueue[deliveryId] = new(s.Signal with { DueAt = dueAt, Attempts = s.Signal.Attempts + 1 }, s.SignalId);
            return Task.FromResult(true);
        }

        public Task<bool> TryTakeTimerAsync(string timerId, string owner) =>
            Task.FromResult(data.Timers.TryGetValue(timerId, out var t) && t.Owner == owner && data.Timers.Remove(timerId));

        public Task<bool> PostponeTimerAsync(string timerId, string owner, DateTimeOffset dueAt)
        {
            if (!data.Timers.TryGetValue(timerId, out var t) || t.Owner != owner) return Task.FromResult(false);
            data.Timers[timerId] = new(t.Timer with { DueAt = dueAt, Attempts = t.Timer.Attempts + 1 });
            return Task.FromResult(true);
        }

        public Task<DateTimeOffset?> NextTimerDueAsync(DateTimeOffset upTo) => Task.FromResult(
            data.Timers.Values.Where(t => t.Timer.DueAt <= upTo && t.Owner != SuspendedOwner).Select(t => (DateTimeOffset?)t.Timer.DueAt).Min());

        public Task InsertTimerAsync(TimerRecord timer)
        {
            data.Timers[timer.Id] = new(timer);
            return Task.CompletedTask;
        }

        public Task DeleteStartTimersAsync(string definitionKey)
        {
            var ids = data.Definitions.Where(d => d.Key == definitionKey).Select(d => d.Id).ToHashSet();
            foreach (var t in data.Timers.Values.Where(t => t.Timer.DefinitionId is { } d && ids.Contains(d)).ToList()) data.Timers.Remove(t.Timer.Id);
            return Task.CompletedTask;
        }

        public Task QueueStartsAsync(IReadOnlyList<QueuedStart> starts)
        {
            foreach (var start in starts) data.Starts.Add(start.Id, new(start));
            return Task.CompletedTask;
        }

        public Task<bool> TryTakeStartAsync(string startId, string owner) =>
            Task.FromResult(data.Starts.TryGetValue(startId, out var s) && s.Owner == owner && data.Starts.Remove(startId));

        public Task<bool> PostponeStartAsync(string startId, string owner, DateTimeOffset dueAt)
        {
            if (!data.Starts.TryGetValue(startId, out var s) || s.Owner != owner) return Task.FromResult(false);
            data.Starts[startId] = new(s.Start with { DueAt = dueAt, Attempts = s.Start.Attempts + 1 });
            return Task.FromResult(true);
        }

        // Transactions are serialized here, so nothing can cancel the call between this check and the commit.
        public async Task<bool> HoldCallAsync(string instanceId, string bookmarkId) =>
            (await LoadInstanceAsync(instanceId)) is { Status: InstanceStatus.Running } parent && parent.State.FindBookmark(bookmarkId) is not null;

        public async Task<int> CallDepthAsync(string instanceId, int limit)
        {
            var depth = 0;
            for (var id = (await LoadInstanceAsync(instanceId))?.ParentInstanceId; id is not null && depth < limit; depth++)
                id = (await LoadInstanceAsync(id))?.ParentInstanceId;
            return depth;
        }

        public Task<IReadOnlyList<string>> FindChildInstancesAsync(string parentInstanceId, string? parentBookmarkId) =>
            Task.FromResult<IReadOnlyList<string>>(data.Instances.Values
                .Select(json => JsonSerializer.Deserialize<InstanceRecord>(json, StoreJson.Options)!)
                .Where(i => i.ParentInstanceId == parentInstanceId && (parentBookmarkId is null || i.ParentBookmarkId == parentBookmarkId))
                .Select(i => i.Id).ToList());

        public Task<IReadOnlyList<HistoryRecord>> ListHistoryAsync(string instanceId) =>
            Task.FromResult<IReadOnlyList<HistoryRecord>>(data.History.Where(h => h.InstanceId == instanceId).ToList());

        public Task AppendHistoryAsync(string instanceId, HistoryEntry h)
        {
            data.History.Add(new HistoryRecord(data.History.Count + 1, instanceId, h.At, h.Kind, h.ElementId, h.Actor, h.Outcome, h.Comment, h.TaskId));
            return Task.CompletedTask;
        }
    }
}
