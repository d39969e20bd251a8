using System.Security.Cryptography;
using System.Text;

namespace Approval.Core.Mail;

public sealed record MailAddress(string Address, string? Name);

/// <summary>
/// A composed mail, as it waits in the outbox (kind <see cref="OutboxKind"/>, payload this record as JSON) until the
/// sender delivers it. Composed when it is decided, so a retry sends exactly what was decided.
/// </summary>
public sealed record EmailMessage(IReadOnlyList<MailAddress> To, string Subject, string Text)
{
    public const string OutboxKind = "email";

    /// <summary>
    /// The Message-Id derived from the outbox row's idempotency key: a repeat after a crash carries the same id,
    /// so receiving systems can drop it. Hashed, since keys hold characters a Message-Id may not.
    /// </summary>
    public static string MessageIdFor(string idempotencyKey) =>
        $"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..40]}@approval";
}
