using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Engine.Runtime;
using Dapper;

namespace Approval.Core.Mail;

public sealed record MailRow(long Id, string Key, string Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt,
    DateTimeOffset NextAttemptAt, string? LastError, EmailMessage Message);

public sealed record MailPage(IReadOnlyList<MailRow> Items, int Total, int Page, int PageSize, IReadOnlyDictionary<string, int> Counts);

/// <summary>The administrators' view of composed mails in the outbox: what went out, what waits, the dead letters, and resend.</summary>
public sealed class MailStore(Database database, TimeProvider clock)
{
    public static readonly string[] Statuses = ["pending", "delivered", "dead"];

    /// <summary>Newest first; <paramref name="search"/> matches a recipient's address or the subject.</summary>
    public async Task<MailPage> ListAsync(string? status, string? search, int page, int pageSize)
    {
        await using var c = await database.OpenAsync();
        var where = "kind = @kind" + (status is null ? "" : " and status = @status") +
            (string.IsNullOrWhiteSpace(search) ? "" : " and payload like @like");
        var args = new { kind = EmailMessage.OutboxKind, status, like = $"%{search?.Trim()}%", limit = pageSize, offset = (long)(page - 1) * pageSize };
        var total = await c.ExecuteScalarAsync<int>($"select count(*) from outbox where {where}", args);
        var rows = await c.QueryAsync<Row>($"""
            select id, idempotency_key, status, attempts, created_at, delivered_at, next_attempt_at, last_error, payload
            from outbox where {where} order by id desc limit @limit offset @offset
            """, args);
        var counts = (await c.QueryAsync<(string status, long n)>("select status, count(*) as n from outbox where kind = @kind group by status", args))
            .ToDictionary(x => x.status, x => (int)x.n);
        return new MailPage(rows.Select(r => r.ToMail()).ToList(), total, page, pageSize, counts);
    }

    /// <summary>Puts a dead letter back in the queue for an immediate attempt, with a fresh count; false when it is not dead.</summary>
    public Task<bool> ResendAsync(long id) => database.WriteAsync(async (c, t) => await c.ExecuteAsync("""
        update outbox set status = 'pending', attempts = 0, next_attempt_at = @now, last_error = null, locked_by = null, locked_until = null
        where id = @id and kind = @kind and status = 'dead'
        """, new { id, kind = EmailMessage.OutboxKind, now = EpochTime.ToMs(clock.GetUtcNow()) }, t) == 1);

    // Properties, not a constructor: SQLite answers integers as 64-bit and PostgreSQL as 32-bit, and Dapper converts
    // property values but matches constructors by exact type.
    private sealed class Row
    {
        public long id { get; init; }
        public string idempotency_key { get; init; } = "";
        public string status { get; init; } = "";
        public int attempts { get; init; }
        public long created_at { get; init; }
        public long? delivered_at { get; init; }
        public long next_attempt_at { get; init; }
        public string? last_error { get; init; }
        public string payload { get; init; } = "{}";

        public MailRow ToMail() => new(id, idempotency_key, status, attempts, EpochTime.FromMs(created_at), EpochTime.FromMs(delivered_at),
            EpochTime.FromMs(next_attempt_at), last_error, JsonSerializer.Deserialize<EmailMessage>(payload, StoreJson.Options)!);
    }
}
