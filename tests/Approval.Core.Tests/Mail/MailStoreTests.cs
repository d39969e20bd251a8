using Approval.Core.Infrastructure;
using Approval.Core.Mail;
using Approval.Core.Tests.Cycle;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Approval.Core.Tests.Mail;

/// <summary>The administrators' mail list: statuses, search, and resending only a dead letter.</summary>
public abstract class MailStoreTests(Func<(Database, Action)> database)
{
    [Fact(DisplayName = "The mail page lists by status and search, and resends a dead letter once, with a fresh count")]
    public async Task ListAndResend()
    {
        var db = database();
        await using var services = CycleHost.Services(db.Item1, CycleHost.Start, demo: false);
        try
        {
            var store = services.GetRequiredService<MailStore>();
            var now = CycleHost.Start;
            await db.Item1.WriteAsync(async (c, t) =>
            {
                await EmailOutbox.QueueAsync(c, t, Enumerable.Range(1, 3).Select(i =>
                    ($"k{i}", (string?)null, new EmailMessage([new MailAddress($"user{i}@example.org", null)], $"提醒{i}", "正文"))).ToList(), now);
                await c.ExecuteAsync("update outbox set status = 'dead', attempts = 10, last_error = 'refused' where idempotency_key = 'k2'", transaction: t);
                return true;
            });

            var all = await store.ListAsync(null, null, 1, 50);
            Assert.Equal(3, all.Total);
            Assert.Equal(["提醒3", "提醒2", "提醒1"], all.Items.Select(m => m.Message.Subject));
            Assert.Equal(1, all.Counts["dead"]);
            var dead = Assert.Single((await store.ListAsync("dead", null, 1, 50)).Items);
            Assert.Equal("refused", dead.LastError);
            Assert.Equal("user3@example.org", Assert.Single((await store.ListAsync(null, "user3", 1, 50)).Items).Message.To[0].Address);

            Assert.False(await store.ResendAsync(all.Items[0].Id)); // pending: not a dead letter
            Assert.True(await store.ResendAsync(dead.Id));
            Assert.False(await store.ResendAsync(dead.Id));
            var again = Assert.Single((await store.ListAsync(null, "user2", 1, 50)).Items);
            Assert.Equal(("pending", 0, null), (again.Status, again.Attempts, again.LastError));
        }
        finally
        {
            db.Item2();
        }
    }
}

public sealed class SqliteMailStoreTests() : MailStoreTests(TestDatabases.Sqlite);

public sealed class PostgresMailStoreTests() : MailStoreTests(TestDatabases.Postgres);
