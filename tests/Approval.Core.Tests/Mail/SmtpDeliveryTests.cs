using Approval.Core.Infrastructure;
using Approval.Core.Mail;
using Approval.Core.Outbox;
using Approval.Core.Tests.Cycle;
using Approval.Engine.Timing;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Approval.Core.Tests.Mail;

/// <summary>
/// Mail delivery through the outbox with MailKit to a real SMTP server (maildev): the text arrives intact, a server
/// that is down delays mails without losing or doubling them, and a node that dies mid-batch doubles nothing.
/// </summary>
public sealed class SmtpDeliveryTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2027, 3, 1, 9, 0, 0, TimeSpan.FromHours(8));
    private readonly MailDev _maildev = new();
    private readonly (Database Database, Action Cleanup) _db = TestDatabases.Sqlite();
    // Each test writes to its own addresses: maildev is shared by the whole run.
    private readonly string _to = $"secretary-{Guid.NewGuid():N}@example.org";

    private ServiceProvider Services(int? port = null) => CycleHost.Services(_db.Database, Start, demo: false, new Dictionary<string, string?>
    {
        ["Approval:Smtp:Host"] = _maildev.Host,
        ["Approval:Smtp:Port"] = (port ?? _maildev.Port).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Approval:Smtp:Tls"] = "None",
        ["Approval:Smtp:From"] = "zuzhibu@example.org",
        ["Approval:Smtp:FromName"] = "县委组织部",
        ["Approval:Smtp:Timeout"] = "00:00:05",
    });

    private async Task QueueAsync(ServiceProvider services, int count)
    {
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var mails = Enumerable.Range(1, count).Select(i => ($"test:{_to}:{i}", (string?)null,
            new EmailMessage([new MailAddress(_to, "张建国")], $"【催办】请尽快办理「第{i}季度检查」", $"张建国同志:\n\n请于三日内提交“第{i}季度检查”。\n"))).ToList();
        await services.GetRequiredService<Database>().WriteAsync(async (c, t) =>
        {
            await EmailOutbox.QueueAsync(c, t, mails, now);
            return mails.Count;
        });
    }

    private Task<long> CountAsync(string status) => ScalarAsync($"select count(*) from outbox where status = '{status}'");

    private async Task<long> ScalarAsync(string sql)
    {
        await using var c = await _db.Database.OpenAsync();
        return await c.ExecuteScalarAsync<long>(sql);
    }

    [Fact(DisplayName = "A Chinese subject and body arrive intact, with the outbox key's Message-Id and the configured sender")]
    public async Task ChineseArrivesIntact()
    {
        await using var services = Services();
        await QueueAsync(services, 1);
        Assert.Equal(1, await services.GetRequiredService<OutboxDispatcher>().DispatchAsync());

        var mail = Assert.Single(await _maildev.ForAsync(_to));
        Assert.Equal("【催办】请尽快办理「第1季度检查」", mail.Subject);
        Assert.Contains("张建国同志:", mail.Text);
        Assert.Contains("请于三日内提交“第1季度检查”。", mail.Text);
        Assert.Equal(EmailMessage.MessageIdFor($"test:{_to}:1"), mail.MessageId);
        Assert.Equal(1, await CountAsync("delivered"));
    }

    [Fact(DisplayName = "While the SMTP server is down mails wait and are retried; when it is back each arrives exactly once")]
    public async Task ServerDownThenBack()
    {
        var closedPort = FreePort();
        await using (var down = Services(closedPort))
        {
            await QueueAsync(down, 3);
            Assert.Equal(0, await down.GetRequiredService<OutboxDispatcher>().DispatchAsync());
            Assert.Equal(3, await CountAsync("pending"));
            Assert.Equal(3, await ScalarAsync("select count(*) from outbox where attempts = 1 and last_error is not null"));
            // Not retried before its back-off has passed.
            Assert.Equal(0, await down.GetRequiredService<OutboxDispatcher>().DispatchAsync());
            Assert.Equal(3, await ScalarAsync("select count(*) from outbox where attempts = 1"));
        }
        Assert.Empty(await _maildev.ForAsync(_to));

        // The server is back (the node restarts with it reachable) and the back-off has passed.
        await using var up = Services();
        ((ManualClock)up.GetRequiredService<TimeProvider>()).Set(Start.AddMinutes(1));
        Assert.Equal(3, await up.GetRequiredService<OutboxDispatcher>().DispatchAsync());
        Assert.Equal(0, await up.GetRequiredService<OutboxDispatcher>().DispatchAsync());
        var received = await _maildev.ForAsync(_to);
        Assert.Equal(3, received.Count);
        Assert.Equal(3, received.Select(m => m.MessageId).Distinct().Count());
    }

    [Fact(DisplayName = "A node that dies in the middle of a send batch: after its claims expire the rest go out, none twice")]
    public async Task RestartMidBatch()
    {
        await using (var dying = Services())
        {
            await QueueAsync(dying, 5);
            using var death = new CancellationTokenSource();
            var dispatcher = ActivatorUtilities.CreateInstance<OutboxDispatcher>(dying,
                dying.GetServices<IOutboxHandler>().Select(h => h.Kind == EmailMessage.OutboxKind ? new DiesAfter(h, 2, death) : h));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dispatcher.DispatchAsync(ct: death.Token));
        }
        Assert.Equal(2, await CountAsync("delivered"));
        Assert.Equal(2, (await _maildev.ForAsync(_to)).Count);

        await using var restarted = Services();
        var dispatcher2 = restarted.GetRequiredService<OutboxDispatcher>();
        Assert.Equal(0, await dispatcher2.DispatchAsync()); // the dead node's claims still hold
        ((ManualClock)restarted.GetRequiredService<TimeProvider>()).Set(Start.AddMinutes(6));
        Assert.Equal(3, await dispatcher2.DispatchAsync());
        var received = await _maildev.ForAsync(_to);
        Assert.Equal(5, received.Count);
        Assert.Equal(5, received.Select(m => m.MessageId).Distinct().Count());
    }

    /// <summary>Delivers <paramref name="count"/> mails, then the process "dies": the token is cancelled before the next.</summary>
    private sealed class DiesAfter(IOutboxHandler inner, int count, CancellationTokenSource death) : IOutboxHandler
    {
        private int _delivered;
        public string Kind => inner.Kind;

        public async Task DeliverAsync(OutboxItem item, CancellationToken ct)
        {
            if (_delivered == count) await death.CancelAsync();
            ct.ThrowIfCancellationRequested();
            await inner.DeliverAsync(item, ct);
            _delivered++;
        }
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        _maildev.Dispose();
        _db.Cleanup();
    }
}
