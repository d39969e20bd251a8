namespace Approval.Core.Mail;

public enum SmtpTls { None, StartTls, SslOnConnect, Auto }

/// <summary><c>Approval:Smtp</c>. Without <see cref="Host"/>, mails are kept in the outbox and shown to administrators.</summary>
public sealed class SmtpOptions : Configuration.ICheckedOptions
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

    public void Check(Configuration.OptionsProblems problems)
    {
        problems.Range(nameof(Port), Port, 1, 65_535);
        problems.Range(nameof(Timeout), Timeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        if (!System.Net.Mail.MailAddress.TryCreate(From, out _)) problems.Add(nameof(From), $"“{From}”不是邮箱地址 / '{From}' is not an email address.");
        if (!string.IsNullOrEmpty(User) && string.IsNullOrEmpty(Password)) problems.Add(nameof(Password), "设置了 User 时须设置密码 / a User needs a Password.");
    }
}
