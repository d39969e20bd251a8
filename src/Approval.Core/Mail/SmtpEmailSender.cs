using System.Text.Json;
using Approval.Core.Outbox;
using Approval.Engine.Runtime;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Approval.Core.Mail;

/// <summary>
/// Delivers composed mails over SMTP with MailKit. A failure (server down, refused) throws, and the outbox retries
/// with back-off; after its last attempt the mail is on the administrators' dead-letter list.
/// </summary>
public sealed class SmtpEmailSender(IOptions<SmtpOptions> options) : IOutboxHandler
{
    public string Kind => EmailMessage.OutboxKind;

    public async Task DeliverAsync(OutboxItem item, CancellationToken ct)
    {
        var smtp = options.Value;
        var email = item.Payload.Deserialize<EmailMessage>(StoreJson.Options)
            ?? throw new InvalidOperationException($"Outbox row {item.Id} holds no mail.");
        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        await client.ConnectAsync(smtp.Host!, smtp.Port, Socket(smtp.Tls), ct);
        if (!string.IsNullOrEmpty(smtp.User)) await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", ct);
        await client.SendAsync(Compose(email, item.IdempotencyKey, smtp), ct);
        await client.DisconnectAsync(true, ct);
    }

    public static MimeMessage Compose(EmailMessage email, string idempotencyKey, SmtpOptions smtp)
    {
        var message = new MimeMessage { Subject = email.Subject, MessageId = EmailMessage.MessageIdFor(idempotencyKey) };
        message.From.Add(new MailboxAddress(smtp.FromName, smtp.From));
        foreach (var to in email.To) message.To.Add(new MailboxAddress(to.Name ?? "", to.Address));
        message.Headers.Add("X-Approval-Key", idempotencyKey);
        message.Body = new TextPart("plain") { Text = email.Text };
        return message;
    }

    private static SecureSocketOptions Socket(SmtpTls tls) => tls switch
    {
        SmtpTls.None => SecureSocketOptions.None,
        SmtpTls.StartTls => SecureSocketOptions.StartTls,
        SmtpTls.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}

/// <summary>Embedded mode without SMTP: a composed mail stays in the outbox, marked delivered, for the mail page.</summary>
public sealed class KeptEmailHandler : IOutboxHandler
{
    public string Kind => EmailMessage.OutboxKind;
    public Task DeliverAsync(OutboxItem item, CancellationToken ct) => Task.CompletedTask;
}
