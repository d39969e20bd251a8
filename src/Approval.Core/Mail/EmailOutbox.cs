using System.Data.Common;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Engine.Runtime;

namespace Approval.Core.Mail;

/// <summary>Queues composed mails in the outbox, in the caller's transaction; the dispatcher sends them after commit.</summary>
public static class EmailOutbox
{
    /// <summary>A key already queued (a digest already sent today, a decision repeated after a crash) is left as it is.</summary>
    public static Task QueueAsync(DbConnection c, DbTransaction t, IReadOnlyList<(string Key, string? InstanceId, EmailMessage Mail)> mails, DateTimeOffset now)
    {
        if (mails.Count == 0) return Task.CompletedTask;
        var at = EpochTime.ToMs(now);
        return new SqlBatch().InsertRows("outbox", "idempotency_key, kind, instance_id, payload, status, attempts, created_at, next_attempt_at",
            mails, m => [m.Key, EmailMessage.OutboxKind, m.InstanceId, JsonSerializer.Serialize(m.Mail, StoreJson.Options), "pending", 0, at, at],
            "on conflict (idempotency_key) do nothing").ExecuteAsync(c, t);
    }
}
