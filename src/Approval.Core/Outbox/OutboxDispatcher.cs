using System.Text.Json;
using Approval.Core.Clock;
using Approval.Core.Infrastructure;
using Dapper;

namespace Approval.Core.Outbox;

/// <summary>A side effect of a committed step, handed to the handler of its kind.</summary>
public sealed record OutboxItem(long Id, string IdempotencyKey, string Kind, string? InstanceId, JsonElement Payload, int Attempts);

/// <summary>
/// Delivers one kind of outbox message. Delivery may be repeated after a crash (at-least-once), so a handler
/// passes <see cref="OutboxItem.IdempotencyKey"/> on (e.g. as an email's Message-Id) to make repeats harmless.
/// </summary>
public interface IOutboxHandler
{
    string Kind { get; }
    Task DeliverAsync(OutboxItem item, CancellationToken ct);
}

/// <summary>
/// Claims pending outbox rows in batches and delivers them; failures are retried with exponential back-off and
/// end on the dead-letter list after <see cref="MaxAttempts"/>.
/// </summary>
public sealed class OutboxDispatcher(Database database, IEnumerable<IOutboxHandler> handlers, TimeProvider clock, NodeIdentity node)
{
    public const int MaxAttempts = 10;
    private static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(5);
    private readonly Dictionary<string, IOutboxHandler> _handlers = handlers.ToDictionary(h => h.Kind, StringComparer.Ordinal);

    public async Task<int> DispatchAsync(int batchSize = 100, CancellationToken ct = default)
    {
        var delivered = 0;
        while (!ct.IsCancellationRequested)
        {
            var batch = await ClaimAsync(batchSize, ct);
            if (batch.Count == 0) break;
            foreach (var item in batch)
                if (await DeliverAsync(item, ct)) delivered++;
        }
        return delivered;
    }

    private async Task<bool> DeliverAsync(OutboxItem item, CancellationToken ct)
    {
        try
        {
            if (!_handlers.TryGetValue(item.Kind, out var handler))
                throw new InvalidOperationException($"No outbox handler is registered for kind '{item.Kind}'.");
            await handler.DeliverAsync(item, ct);
            await FinishAsync(item, "update outbox set status = 'delivered', delivered_at = @now, attempts = attempts + 1, locked_by = null where id = @Id and locked_by = @node", null);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var attempts = item.Attempts + 1;
            var status = attempts >= MaxAttempts ? "dead" : "pending";
            var backoff = TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, attempts - 1)));
            await FinishAsync(item,
                "update outbox set status = @status, attempts = attempts + 1, next_attempt_at = @next, last_error = @error, locked_by = null, locked_until = null where id = @Id and locked_by = @node",
                new { status, next = EpochTime.ToMs(clock.GetUtcNow() + backoff), error = ex.Message });
            return false;
        }
    }

    private async Task FinishAsync(OutboxItem item, string sql, object? extra)
    {
        var args = new DynamicParameters(extra);
        args.Add("Id", item.Id);
        args.Add("node", node.Name);
        args.Add("now", EpochTime.ToMs(clock.GetUtcNow()));
        await database.WriteAsync((connection, transaction) => connection.ExecuteAsync(sql, args, transaction));
    }

    private async Task<IReadOnlyList<OutboxItem>> ClaimAsync(int batchSize, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var skipLocked = database.Dialect.SkipLocked();
        var sql = $"""
            update outbox set locked_by = @node, locked_until = @until
            where id in (
                select id from outbox
                where status = 'pending' and next_attempt_at <= @now and (locked_until is null or locked_until < @now)
                order by next_attempt_at, id limit @batchSize{skipLocked})
            returning id as Id, idempotency_key as IdempotencyKey, kind as Kind, instance_id as InstanceId, payload as Payload, attempts as Attempts
            """;
        var rows = await database.WriteAsync((connection, transaction) => connection.QueryAsync<OutboxRow>(sql,
            new { node = node.Name, until = EpochTime.ToMs(now + ClaimTimeout), now = EpochTime.ToMs(now), batchSize }, transaction));
        return rows.OrderBy(r => r.Id).Select(r => new OutboxItem(r.Id, r.IdempotencyKey, r.Kind, r.InstanceId,
            JsonDocument.Parse(r.Payload).RootElement.Clone(), r.Attempts)).ToList();
    }

    private sealed class OutboxRow
    {
        public long Id { get; init; }
        public string IdempotencyKey { get; init; } = "";
        public string Kind { get; init; } = "";
        public string? InstanceId { get; init; }
        public string Payload { get; init; } = "{}";
        public int Attempts { get; init; }
    }
}

/// <summary>
/// Embedded mode without SMTP: a mail is kept in the outbox (shown to administrators) rather than sent.
/// The MailKit sender replaces this when <c>Approval:Smtp</c> is configured.
/// </summary>
public sealed class KeepMailHandler : IOutboxHandler
{
    public string Kind => "mail";
    public Task DeliverAsync(OutboxItem item, CancellationToken ct) => Task.CompletedTask;
}
