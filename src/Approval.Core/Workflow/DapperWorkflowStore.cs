using System.Data.Common;
using Approval.Core.Infrastructure;
using Approval.Engine.Runtime;
using Dapper;
using Npgsql;

namespace Approval.Core.Workflow;

/// <summary>
/// The runtime's store on SQLite or PostgreSQL with Dapper. One transaction per <see cref="ExecuteAsync{T}"/>;
/// concurrency conflicts and PostgreSQL serialization failures are retried a few times before giving up.
/// </summary>
public sealed class DapperWorkflowStore(Database database) : IWorkflowStore
{
    private const int MaxAttempts = 5;

    public Database Database => database;

    public async Task<T> ExecuteAsync<T>(Func<IWorkflowSession, Task<T>> work, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ExecuteOnceAsync(work, cancellationToken);
            }
            catch (Exception ex) when (attempt < MaxAttempts && IsRetryable(ex))
            {
                await Task.Delay(Random.Shared.Next(1, 10 * attempt), cancellationToken);
            }
        }
    }

    private static bool IsRetryable(Exception ex) =>
        ex is ConcurrencyException || ex is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected };

    private Task<T> ExecuteOnceAsync<T>(Func<IWorkflowSession, Task<T>> work, CancellationToken ct) =>
        database.WriteAsync((connection, transaction) => work(new DapperWorkflowSession(connection, transaction)), ct);

    public async Task<T> ReadAsync<T>(Func<IWorkflowSession, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // SQLite: a deferred transaction reads a WAL snapshot without taking the write lock.
        await using var transaction = connection is Microsoft.Data.Sqlite.SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: true)
            : await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var result = await work(new DapperWorkflowSession(connection, transaction));
        await transaction.RollbackAsync(cancellationToken);
        return result;
    }

    public async Task<IReadOnlyList<TimerRecord>> ClaimDueTimersAsync(DateTimeOffset now, DateTimeOffset lockedUntil, string owner,
        int batchSize, CancellationToken cancellationToken = default) =>
        (await ClaimAsync<TimerRow>("timers", """
            id as Id, instance_id as InstanceId, definition_id as DefinitionId, element_id as ElementId,
            due_at as DueAt, period as Period, remaining as Remaining, attempts as Attempts
            """, now, lockedUntil, owner, batchSize, cancellationToken)).Select(r => r.ToRecord()).OrderBy(t => t.DueAt).ToList();

    public async Task<IReadOnlyList<QueuedStart>> ClaimQueuedStartsAsync(DateTimeOffset now, DateTimeOffset lockedUntil, string owner,
        int batchSize, CancellationToken cancellationToken = default) =>
        (await ClaimAsync<QueuedStartRow>("queued_starts", """
            id as Id, parent_instance_id as ParentInstanceId, element_id as ElementId, called_element as CalledElement,
            business_key as BusinessKey, variables as Variables, due_at as DueAt, attempts as Attempts
            """, now, lockedUntil, owner, batchSize, cancellationToken)).Select(r => r.ToRecord()).OrderBy(s => s.DueAt).ThenBy(s => s.Id).ToList();

    public async Task<IReadOnlyList<QueuedSignal>> ClaimQueuedSignalsAsync(DateTimeOffset now, DateTimeOffset lockedUntil, string owner,
        int batchSize, CancellationToken cancellationToken = default) =>
        (await ClaimAsync<QueuedSignalRow>("queued_signals", DapperWorkflowSession.QueuedSignalColumns, now, lockedUntil, owner, batchSize, cancellationToken))
        .Select(r => r.ToRecord()).OrderBy(s => s.DueAt).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();

    /// <summary>Marks due rows of a claimable table (timers, queued starts, queued signals) as taken by <paramref name="owner"/> until <paramref name="lockedUntil"/>.</summary>
    private Task<IReadOnlyList<TRow>> ClaimAsync<TRow>(string table, string columns, DateTimeOffset now, DateTimeOffset lockedUntil, string owner,
        int batchSize, CancellationToken cancellationToken)
    {
        // PostgreSQL: rows another node is claiming right now are skipped, not waited for.
        var skipLocked = database.Dialect.SkipLocked();
        var sql = $"""
            update {table} set locked_by = @owner, locked_until = @until
            where id in (
                select id from {table}
                where due_at <= @now and (locked_until is null or locked_until < @now)
                order by due_at limit @batchSize{skipLocked})
            returning {columns}
            """;
        return ExecuteAsync(async session =>
        {
            var s = (DapperWorkflowSession)session;
            var rows = await s.Connection.QueryAsync<TRow>(sql,
                new { owner, until = EpochTime.ToMs(lockedUntil), now = EpochTime.ToMs(now), batchSize }, s.Transaction);
            return (IReadOnlyList<TRow>)rows.ToList();
        }, cancellationToken);
    }
}

internal sealed class TimerRow
{
    public string Id { get; init; } = "";
    public string? InstanceId { get; init; }
    public string? DefinitionId { get; init; }
    public string ElementId { get; init; } = "";
    public long DueAt { get; init; }
    public string? Period { get; init; }
    public int? Remaining { get; init; }
    public int Attempts { get; init; }

    public TimerRecord ToRecord() => new(Id, InstanceId, DefinitionId, ElementId, EpochTime.FromMs(DueAt), Period, Remaining, Attempts);
}

internal sealed class QueuedStartRow
{
    public string Id { get; init; } = "";
    public string ParentInstanceId { get; init; } = "";
    public string ElementId { get; init; } = "";
    public string CalledElement { get; init; } = "";
    public string? BusinessKey { get; init; }
    public string Variables { get; init; } = "{}";
    public long DueAt { get; init; }
    public int Attempts { get; init; }

    public QueuedStart ToRecord() => new(Id, ParentInstanceId, ElementId, CalledElement, BusinessKey,
        System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, System.Text.Json.JsonElement>>(Variables, StoreJson.Options)!,
        EpochTime.FromMs(DueAt), Attempts);
}
