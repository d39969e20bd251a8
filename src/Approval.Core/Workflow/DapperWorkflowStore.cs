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
        int batchSize, CancellationToken cancellationToken = default)
    {
        // PostgreSQL: rows another node is claiming right now are skipped, not waited for.
        var skipLocked = database.IsSqlite ? "" : "for update skip locked";
        var sql = $"""
            update timers set locked_by = @owner, locked_until = @until
            where id in (
                select id from timers
                where due_at <= @now and (locked_until is null or locked_until < @now)
                order by due_at limit @batchSize {skipLocked})
            returning id as Id, instance_id as InstanceId, definition_id as DefinitionId, element_id as ElementId,
                      due_at as DueAt, period as Period, remaining as Remaining, attempts as Attempts
            """;
        return await ExecuteAsync(async session =>
        {
            var s = (DapperWorkflowSession)session;
            var rows = await s.Connection.QueryAsync<TimerRow>(sql,
                new { owner, until = EpochTime.ToMs(lockedUntil), now = EpochTime.ToMs(now), batchSize }, s.Transaction);
            return (IReadOnlyList<TimerRecord>)rows.Select(r => r.ToRecord()).OrderBy(t => t.DueAt).ToList();
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
