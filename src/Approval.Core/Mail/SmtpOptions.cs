namespace Approval.Core.Mail;

public enum SmtpTls { None, StartTls, SslOnConnect, Auto }

/// <summary><c>Approval:Smtp</c>. Without <see cref="Host"/>, mails are kept in the outbox and shown to administrators.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public SmtpTls Tls { get; set; } = SmtpTls.Auto;
    public string? User { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "approval@localhost";
    public string FromName { get; set; } = "星级创建管理系统";
    /// <summary>How long one connection attempt or command may take before the delivery counts as failed and is retried.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}
