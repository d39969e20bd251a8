using System.Data.Common;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Engine.Execution;
using Approval.Engine.Runtime;
using Dapper;
using TaskStatus = Approval.Engine.Runtime.TaskStatus;

namespace Approval.Core.Workflow;

/// <summary>One transaction's view of the workflow tables. The SQL is the same on both databases.</summary>
internal sealed partial class DapperWorkflowSession(DbConnection connection, DbTransaction transaction) : IWorkflowSession, IStepTransaction
{
    public DbConnection Connection => connection;
    public DbTransaction Transaction => transaction;

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, StoreJson.Options);
    private static T FromJson<T>(string json) => JsonSerializer.Deserialize<T>(json, StoreJson.Options)!;

    private Task<int> Execute(string sql, object? args = null) => connection.ExecuteAsync(sql, args, transaction);

    private const string InfoColumns = "id, key, version, name, '' as xml, deployed_at, deployed_by";

    public async Task<DefinitionInfo?> FindDefinitionAsync(string key, int? version)
    {
        var row = await connection.QueryFirstOrDefaultAsync<DefinitionRow>(
            version is null
                ? $"select {InfoColumns} from definitions where key = @key order by version desc limit 1"
                : $"select {InfoColumns} from definitions where key = @key and version = @version",
            new { key, version }, transaction);
        return row?.ToRecord().Info;
    }

    public async Task<DefinitionRecord?> GetDefinitionAsync(string id) =>
        (await connection.QueryFirstOrDefaultAsync<DefinitionRow>("select * from definitions where id = @id", new { id }, transaction))?.ToRecord();

    public Task InsertDefinitionAsync(DefinitionRecord d) => Execute(
        """
        insert into definitions (id, key, version, name, xml, deployed_at, deployed_by)
        values (@Id, @Key, @Version, @Name, @Xml, @DeployedAt, @DeployedBy)
        """,
        new { d.Id, d.Key, d.Version, d.Name, d.Xml, DeployedAt = EpochTime.ToMs(d.DeployedAt), d.DeployedBy });

    public async Task<IReadOnlyList<DefinitionInfo>> ListDefinitionsAsync() =>
        (await connection.QueryAsync<DefinitionRow>($"select {InfoColumns} from definitions order by key, version", transaction: transaction))
        .Select(r => r.ToRecord().Info).ToList();

    public async Task<InstanceRecord?> LoadInstanceAsync(string id)
    {
        using var reader = await connection.QueryMultipleAsync(
            """
            select * from instances where id = @id;
            select data from executions where instance_id = @id;
            select data from bookmarks where instance_id = @id order by created_at, id;
            """, new { id }, transaction);
        var row = await reader.ReadFirstOrDefaultAsync<InstanceRow>();
        var executions = await reader.ReadAsync<string>();
        var bookmarks = await reader.ReadAsync<string>();
        if (row is null) return null;
        var state = new InstanceState
        {
            InstanceId = row.id,
            Status = Enum.Parse<InstanceStatus>(row.status, ignoreCase: true),
            Variables = FromJson<Dictionary<string, JsonElement>>(row.variables),
            Executions = executions.Select(FromJson<Execution>).ToList(),
            Bookmarks = bookmarks.Select(FromJson<Bookmark>).ToList(),
        };
        return new InstanceRecord
        {
            Id = row.id, DefinitionId = row.definition_id, DefinitionKey = row.definition_key, Version = row.version,
            BusinessKey = row.business_key, ParentInstanceId = row.parent_instance_id, ParentBookmarkId = row.parent_bookmark_id,
            StartedAt = EpochTime.FromMs(row.started_at), StartedBy = row.started_by, EndedAt = EpochTime.FromMs(row.ended_at),
            RowVersion = row.row_version, Suspended = row.suspended != 0, State = state,
        };
    }

    public async Task<IReadOnlyList<string>> FindInstancesAsync(string definitionKey) =>
        (await connection.QueryAsync<string>("select id from instances where definition_key = @definitionKey order by started_at, id",
            new { definitionKey }, transaction)).ToList();

    public async Task<IReadOnlyList<string>> FindRunningInstancesAsync(string definitionId) =>
        (await connection.QueryAsync<string>("select id from instances where definition_id = @definitionId and status = 'running' order by started_at, id",
            new { definitionId }, transaction)).ToList();

    public async Task InsertInstanceAsync(InstanceRecord i, StepResult step)
    {
        i.RowVersion = 1;
        var batch = new SqlBatch().InsertRows("instances",
            "id, definition_id, definition_key, version, business_key, status, parent_instance_id, parent_bookmark_id, variables, row_version, started_at, started_by, ended_at",
            [i], x => [x.Id, x.DefinitionId, x.DefinitionKey, x.Version, x.BusinessKey, StatusText(x), x.ParentInstanceId, x.ParentBookmarkId,
                       Json(x.State.Variables), 1, EpochTime.ToMs(x.StartedAt), x.StartedBy, EpochTime.ToMs(x.EndedAt)]);
        AppendStep(batch, i, step, SqlDialect.Of(connection));
        await batch.ExecuteAsync(connection, transaction);
    }

    public async Task SaveInstanceAsync(InstanceRecord i, StepResult step)
    {
        var updated = await Execute(
            $"""
            update instances set status = @Status, row_version = row_version + 1, ended_at = @EndedAt
                {(step.VariablesChanged ? ", variables = @Variables" : "")}
                {(step.DefinitionChanged ? ", definition_id = @DefinitionId, version = @Version" : "")}
            where id = @Id and row_version = @RowVersion
            """,
            new { i.Id, i.RowVersion, Status = StatusText(i), EndedAt = EpochTime.ToMs(i.EndedAt), Variables = step.VariablesChanged ? Json(i.State.Variables) : null,
                  i.DefinitionId, i.Version });
        if (updated == 0) throw new ConcurrencyException($"Instance {i.Id} was changed by another transaction.");
        i.RowVersion++;
        var batch = new SqlBatch();
        AppendStep(batch, i, step, SqlDialect.Of(connection));
        await batch.ExecuteAsync(connection, transaction);
    }

    private static string StatusText(InstanceRecord i) => i.Status.ToString().ToLowerInvariant();

    public async Task<TaskRecord?> GetTaskAsync(string taskId)
    {
        using var reader = await connection.QueryMultipleAsync(
            """
            select * from tasks where id = @taskId;
            select kind, value from task_candidates where task_id = @taskId order by value;
            """, new { taskId }, transaction);
        var row = await reader.ReadFirstOrDefaultAsync<TaskRow>();
        var candidates = (await reader.ReadAsync<(string Kind, string Value)>()).ToList();
        return row?.ToRecord(candidates.Where(c => c.Kind == "user").Select(c => c.Value).ToList(),
            candidates.Where(c => c.Kind == "group").Select(c => c.Value).ToList());
    }

    public async Task<IReadOnlyList<TaskRecord>> ListTasksAsync(string instanceId)
    {
        using var reader = await connection.QueryMultipleAsync(
            """
            select * from tasks where instance_id = @instanceId order by created_at, id;
            select c.task_id, c.kind, c.value from task_candidates c join tasks t on t.id = c.task_id
            where t.instance_id = @instanceId order by c.value;
            """, new { instanceId }, transaction);
        var rows = (await reader.ReadAsync<TaskRow>()).ToList();
        var candidates = (await reader.ReadAsync<(string TaskId, string Kind, string Value)>()).ToLookup(c => c.TaskId);
        return rows.Select(r => r.ToRecord(
            candidates[r.id].Where(c => c.Kind == "user").Select(c => c.Value).ToList(),
            candidates[r.id].Where(c => c.Kind == "group").Select(c => c.Value).ToList())).ToList();
    }

    public async Task<bool> TryCompleteTaskAsync(string taskId, string? actor, string? outcome, string? comment, DateTimeOffset at, string? onBehalfOf)
    {
        var completed = await Execute(
            """
            update tasks set status = 'completed', completed_at = @at, completed_by = @actor, outcome = @outcome, comment = @comment, on_behalf_of = @onBehalfOf
            where id = @taskId and status = 'open'
            """,
            new { taskId, at = EpochTime.ToMs(at), actor, outcome, comment, onBehalfOf }) == 1;
        // Out of every candidate's inbox in the same transaction (TaskInbox reads only rows still in it).
        if (completed) await Execute("update task_candidates set inbox = 0 where task_id = @taskId and inbox = 1", new { taskId });
        return completed;
    }

    public async Task<(string InstanceId, string BookmarkId)?> FindMessageWaiterAsync(string messageName, string? correlationKey)
    {
        var row = await connection.QueryFirstOrDefaultAsync<WaiterRow>(
            correlationKey is null
                ? "select instance_id, id from bookmarks where message_name = @messageName and correlation_key is null and kind = 'message' order by created_at, id limit 1"
                : "select instance_id, id from bookmarks where message_name = @messageName and correlation_key = @correlationKey and kind = 'message' order by created_at, id limit 1",
            new { messageName, correlationKey }, transaction);
        return row is null ? null : (row.instance_id, row.id);
    }

    public async Task<bool> TryTakeTimerAsync(string timerId, string owner) =>
        await Execute("delete from timers where id = @timerId and locked_by = @owner", new { timerId, owner }) == 1;

    public async Task<bool> PostponeTimerAsync(string timerId, string owner, DateTimeOffset dueAt) =>
        await Execute("update timers set due_at = @dueAt, attempts = attempts + 1, locked_by = null, locked_until = null where id = @timerId and locked_by = @owner",
            new { timerId, owner, dueAt = EpochTime.ToMs(dueAt) }) == 1;

    public async Task<DateTimeOffset?> NextTimerDueAsync(DateTimeOffset upTo) =>
        EpochTime.FromMs(await connection.ExecuteScalarAsync<long?>("select min(due_at) from timers where due_at <= @upTo and (locked_by is null or locked_by <> @suspended)",
            new { upTo = EpochTime.ToMs(upTo), suspended = SuspendedOwner }, transaction));

    public Task InsertTimerAsync(TimerRecord t)
    {
        var batch = new SqlBatch();
        AppendTimers(batch, [t]);
        return batch.ExecuteAsync(connection, transaction);
    }

    public Task DeleteStartTimersAsync(string definitionKey) => Execute(
        "delete from timers where instance_id is null and definition_id in (select id from definitions where key = @definitionKey)",
        new { definitionKey });

    public Task QueueStartsAsync(IReadOnlyList<QueuedStart> starts) =>
        new SqlBatch().InsertRows("queued_starts", "id, parent_instance_id, element_id, called_element, business_key, variables, due_at", starts,
            q => [q.Id, q.ParentInstanceId, q.ElementId, q.CalledElement, q.BusinessKey, Json(q.Variables), EpochTime.ToMs(q.DueAt)])
        .ExecuteAsync(connection, transaction);

    public async Task<bool> TryTakeStartAsync(string startId, string owner) =>
        await Execute("delete from queued_starts where id = @startId and locked_by = @owner", new NamedArgs(("startId", startId), ("owner", owner))) == 1;

    public async Task<bool> PostponeStartAsync(string startId, string owner, DateTimeOffset dueAt) =>
        await Execute("update queued_starts set due_at = @dueAt, attempts = attempts + 1, locked_by = null, locked_until = null where id = @startId and locked_by = @owner",
            new { startId, owner, dueAt = EpochTime.ToMs(dueAt) }) == 1;

    // PostgreSQL: the bookmark row stays locked until commit, so a parent cancelling the call waits for this child
    // to be committed and then terminates it, or has already removed the row. SQLite has one writer at a time.
    public async Task<bool> HoldCallAsync(string instanceId, string bookmarkId) =>
        await connection.QueryFirstOrDefaultAsync<string>(
            $"select id from bookmarks where id = @bookmarkId and instance_id = @instanceId and kind = 'call'{SqlDialect.Of(connection).ForUpdate}",
            new NamedArgs(("bookmarkId", bookmarkId), ("instanceId", instanceId)), transaction) is not null;

    public async Task<int> CallDepthAsync(string instanceId, int limit) =>
        await connection.ExecuteScalarAsync<int>(
            """
            with recursive chain(parent, depth) as (
                select parent_instance_id, 0 from instances where id = @instanceId
                union all
                select i.parent_instance_id, chain.depth + 1 from chain join instances i on i.id = chain.parent
                where chain.depth < @limit)
            select coalesce(max(depth), 0) from chain
            """, new { instanceId, limit }, transaction);

    public async Task<IReadOnlyList<string>> FindChildInstancesAsync(string parentInstanceId, string? parentBookmarkId) =>
        (await connection.QueryAsync<string>(
            "select id from instances where parent_instance_id = @parentInstanceId and (@parentBookmarkId is null or parent_bookmark_id = @parentBookmarkId) order by started_at, id",
            new { parentInstanceId, parentBookmarkId }, transaction)).ToList();

    public async Task<IReadOnlyList<HistoryRecord>> ListHistoryAsync(string instanceId) =>
        (await connection.QueryAsync<HistoryRow>("select * from history where instance_id = @instanceId order by id", new { instanceId }, transaction))
        .Select(r => r.ToRecord()).ToList();

    public Task AppendHistoryAsync(string instanceId, HistoryEntry entry)
    {
        var batch = new SqlBatch();
        AppendHistory(batch, instanceId, [entry]);
        return batch.ExecuteAsync(connection, transaction);
    }
}
