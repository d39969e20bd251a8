using Approval.Core.Infrastructure;

namespace Approval.Core;

/// <summary>The <c>Approval:</c> configuration section (environment variables use <c>Approval__Key</c>).</summary>
public sealed class ApprovalOptions
{
    public const string Section = "Approval";

    /// <summary>Where the embedded SQLite database lives; relative paths are taken from the working directory.</summary>
    public string DataDir { get; set; } = "data";
    public DatabaseProvider Database { get; set; } = DatabaseProvider.Sqlite;
    public ClockMode Clock { get; set; } = ClockMode.System;
    /// <summary>Where a manual clock starts on a new database (tests, demos); the system time when not set.</summary>
    public DateTimeOffset? ClockStart { get; set; }
    /// <summary>When set, the <c>admin</c> user created on first start gets exactly this API token.</summary>
    public string? BootstrapAdminToken { get; set; }
    /// <summary>Identifies this node in timer and outbox claims (defaults to machine name and process id).</summary>
    public string? NodeName { get; set; }
    /// <summary>Where the rating schemes are read from (default: <c>schemes/</c> beside the binaries, from workflows/schemes).</summary>
    public string? SchemesDir { get; set; }
    /// <summary>Opens the recurring obligations' periods (三会一课, 主题党日…); false leaves them to be recorded elsewhere.</summary>
    public bool Obligations { get; set; } = true;
    /// <summary>The recurring obligations' schedules (default: <c>workflows/obligations.json</c> beside the binaries).</summary>
    public string? ObligationsFile { get; set; }
    /// <summary>
    /// Seeds the demo county (organizations, members, users with known passwords, a campaign under way) at start-up:
    /// only on request (<c>--demo</c> or <c>Approval:Demo=true</c>), only in embedded SQLite mode, only while the
    /// server listens on loopback addresses alone (known passwords must not face a network), and only while the
    /// database has no organizations.
    /// </summary>
    public bool Demo { get; set; }
    /// <summary>
    /// At this start, <c>admin</c> is enabled, made an administrator again and given a new one-time password, printed on
    /// the console (<c>--reset-admin</c>): recovery for whoever can start the server, when every administrator is locked out.
    /// </summary>
    public bool ResetAdmin { get; set; }
    /// <summary>The addresses the server listens on (the host's <c>Urls</c>), for the demo's loopback check.</summary>
    public string? ListenUrls { get; set; }
    /// <summary>How many due timers one sweep claims at a time.</summary>
    public int SweepBatchSize { get; set; } = 500;
    /// <summary>The address users reach the web UI at: mails link their tasks under it.</summary>
    public string PublicUrl { get; set; } = "http://127.0.0.1:5000";
    public Reminders.ReminderOptions Reminders { get; set; } = new();
    /// <summary>Outgoing mail; without a host (embedded mode) mails are kept and shown on the administrators' mail page.</summary>
    public Mail.SmtpOptions Smtp { get; set; } = new();
    public Limits.LimitsOptions Limits { get; set; } = new();

    /// <summary>Every setting out of its range, named by its configuration key; empty when the start may go on.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new Configuration.OptionsProblems(Section);
        problems.Range(nameof(SweepBatchSize), SweepBatchSize, 1, 100_000);
        if (!Uri.TryCreate(PublicUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            problems.Add(nameof(PublicUrl), $"须为 http 或 https 的完整地址，现为“{PublicUrl}” / must be an absolute http(s) address, not '{PublicUrl}'.");
        if (string.IsNullOrWhiteSpace(DataDir)) problems.Add(nameof(DataDir), "不能为空 / must not be empty.");
        Reminders.Check(problems.Under(nameof(Reminders)));
        Smtp.Check(problems.Under(nameof(Smtp)));
        Limits.Check(problems.Under(nameof(Limits)));
        return problems.Collect();
    }
}

public enum ClockMode { System, Manual }
