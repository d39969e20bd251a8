using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Engine.Runtime;
using Dapper;

namespace Approval.Core.Workflow;

/// <summary>The signal queue (<c>queued_signals</c>): a thrown signal's deliveries, one per waiting bookmark.</summary>
internal sealed partial class DapperWorkflowSession
{
    internal const string QueuedSignalColumns = """
        id as Id, signal_name as SignalName, instance_id as InstanceId, bookmark_id as BookmarkId, variables as Variables,
        due_at as DueAt, attempts as Attempts
        """;

    // One statement copies the waiting bookmarks into the queue: the snapshot is exactly the waits of this moment.
    public Task<int> QueueSignalAsync(string signalId, string signalName, IReadOnlyDictionary<string, JsonElement> variables, DateTimeOffset at) =>
        Execute(
            """
            insert into queued_signals (id, signal_id, signal_name, instance_id, bookmark_id, variables, due_at)
            select @signalId || ':' || id, @signalId, @signalName, instance_id, id, @variables, @at
            from bookmarks where kind = 'signal' and message_name = @signalName
            """,
            new NamedArgs(("signalId", signalId), ("signalName", signalName), ("variables", Json(variables)), ("at", EpochTime.ToMs(at))));

    // Rows written by this transaction's own throw, so no other node sees them: read a batch in id order, then
    // delete up to its last id.
    public async Task<IReadOnlyList<QueuedSignal>> TakeSignalsAsync(string signalId, int limit)
    {
        var taken = (await connection.QueryAsync<QueuedSignalRow>(
            $"select {QueuedSignalColumns} from queued_signals where signal_id = @signalId order by id limit @limit",
            new { signalId, limit }, transaction)).Select(r => r.ToRecord()).ToList();
        if (taken.Count > 0)
            await Execute("delete from queued_signals where signal_id = @signalId and id <= @last", new { signalId, last = taken[^1].Id });
        return taken;
    }

    public async Task<bool> TryTakeSignalAsync(string deliveryId, string owner) =>
        await Execute("delete from queued_signals where id = @deliveryId and locked_by = @owner", new NamedArgs(("deliveryId", deliveryId), ("owner", owner))) == 1;

    public async Task<bool> PostponeSignalAsync(string deliveryId, string owner, DateTimeOffset dueAt) =>
        await Execute("update queued_signals set due_at = @dueAt, attempts = attempts + 1, locked_by = null, locked_until = null where id = @deliveryId and locked_by = @owner",
            new NamedArgs(("deliveryId", deliveryId), ("owner", owner), ("dueAt", EpochTime.ToMs(dueAt)))) == 1;
}

internal sealed class QueuedSignalRow
{
    public string Id { get; init; } = "";
    public string SignalName { get; init; } = "";
    public string InstanceId { get; init; } = "";
    public string BookmarkId { get; init; } = "";
    public string Variables { get; init; } = "{}";
    public long DueAt { get; init; }
    public int Attempts { get; init; }

    public QueuedSignal ToRecord() => new(Id, SignalName, InstanceId, BookmarkId,
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Variables, StoreJson.Options)!, EpochTime.FromMs(DueAt), Attempts);
}
