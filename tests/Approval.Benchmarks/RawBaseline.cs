using Approval.Core.Infrastructure;
using Dapper;

namespace Approval.Benchmarks;

/// <summary>
/// The floor under the engine: the rows the runtime writes for one start, one timer and one completion, written
/// with plain Dapper in one transaction per instance, into scratch tables of the same shape.
/// </summary>
internal sealed class RawBaseline(Database database)
{
    private static readonly string Json = """{"id":"x","elementId":"pledge","state":"Waiting","variables":null}""";

    private async Task EachInTransactionAsync(int count, Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, int, Task> write)
    {
        await using var connection = await database.OpenAsync();
        for (var i = 0; i < count; i++)
        {
            if (database.IsSqlite) await database.SqliteWriteLock.WaitAsync();
            try
            {
                await using var transaction = await connection.BeginTransactionAsync();
                await write(connection, transaction, i);
                await transaction.CommitAsync();
            }
            finally
            {
                if (database.IsSqlite) database.SqliteWriteLock.Release();
            }
        }
    }

    public Task InsertStartRowsAsync(int count) => EachInTransactionAsync(count, async (c, t, i) =>
    {
        var id = $"raw-{i}";
        await c.ExecuteAsync("insert into instances (id, definition_id, definition_key, version, status, variables, row_version, started_at) values (@id, (select min(id) from definitions), 'raw', 1, 'running', '{}', 1, 0)", new { id }, t);
        await c.ExecuteAsync("insert into executions (id, instance_id, parent_id, element_id, data) values (@id, @instance, null, 'p', @Json)",
            new[] { new { id = id + "-root", instance = id, Json }, new { id = id + "-token", instance = id, Json } }, t);
        await c.ExecuteAsync("insert into bookmarks (id, instance_id, execution_id, element_id, kind, created_at, data) values (@id, @instance, 'e', 'pledge', 'task', 0, @Json)",
            new[] { new { id = id + "-task", instance = id, Json }, new { id = id + "-timer", instance = id, Json } }, t);
        await c.ExecuteAsync("insert into tasks (id, instance_id, definition_key, element_id, name, priority, status, created_at, extensions, org_id, due_at) values (@id, @instance, 'raw', 'pledge', '公开承诺', 50, 'open', 0, '{}', 'branch', 1)",
            new { id = id + "-task", instance = id }, t);
        await c.ExecuteAsync("insert into task_candidates (task_id, kind, value) values (@id, 'group', 'secretary')", new { id = id + "-task" }, t);
        await c.ExecuteAsync("insert into timers (id, instance_id, element_id, due_at, remaining) values (@id, @instance, 'reminder', 1, 1)", new { id = id + "-timer", instance = id }, t);
        await c.ExecuteAsync("insert into history (instance_id, at, kind, element_id) values (@instance, 0, 'k', 'e')",
            new[] { new { instance = id }, new { instance = id }, new { instance = id } }, t);
    });

    public Task WriteTimerRowsAsync(int count) => EachInTransactionAsync(count, async (c, t, i) =>
    {
        var id = $"raw-{i}";
        await c.ExecuteAsync("delete from timers where id = @id", new { id = id + "-timer" }, t);
        await c.ExecuteAsync("select data from executions where instance_id = @id", new { id }, t);
        await c.ExecuteAsync("update instances set row_version = row_version + 1 where id = @id and row_version = 1", new { id }, t);
        await c.ExecuteAsync("delete from bookmarks where id = @id", new { id = id + "-timer" }, t);
        await c.ExecuteAsync("insert into executions (id, instance_id, parent_id, element_id, data) values (@id, @id, null, 'mail', @Json)", new { id = id + "-mail", Json }, t);
        await c.ExecuteAsync("delete from executions where id = @id", new { id = id + "-mail" }, t);
        await c.ExecuteAsync("insert into history (instance_id, at, kind, element_id) values (@instance, 0, 'k', 'e')",
            new[] { new { instance = id }, new { instance = id }, new { instance = id } }, t);
        await c.ExecuteAsync("insert into outbox (idempotency_key, kind, instance_id, payload, status, attempts, created_at, next_attempt_at) values (@id, 'mail', @id, '{}', 'pending', 0, 0, 0)", new { id }, t);
    });

    public Task WriteCompletionRowsAsync(int count) => EachInTransactionAsync(count, async (c, t, i) =>
    {
        var id = $"raw-{i}";
        await c.ExecuteAsync("update tasks set status = 'completed', completed_at = 1, completed_by = 'x' where id = @id and status = 'open'", new { id = id + "-task" }, t);
        await c.ExecuteAsync("select data from executions where instance_id = @id", new { id }, t);
        await c.ExecuteAsync("update instances set status = 'completed', row_version = row_version + 1, variables = '{}' where id = @id", new { id }, t);
        await c.ExecuteAsync("delete from executions where id = @id", new[] { new { id = id + "-root" }, new { id = id + "-token" } }, t);
        await c.ExecuteAsync("delete from bookmarks where id = @id", new { id = id + "-task" }, t);
        await c.ExecuteAsync("insert into history (instance_id, at, kind, element_id) values (@instance, 0, 'k', 'e')",
            new[] { new { instance = id }, new { instance = id }, new { instance = id }, new { instance = id }, new { instance = id } }, t);
    });
}
