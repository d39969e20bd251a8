using Approval.Core.Infrastructure;

namespace Approval.Core;

/// <summary>
/// The host's own keys of the <c>Approval:</c> section (environment variables use <c>Approval__Key</c>): where the
/// data lives, the clock, this node, the first administrator. Each feature binds its own keys as its own options
/// (<see cref="Reminders.ReminderOptions"/>, <see cref="Mail.SmtpOptions"/>, <see cref="Limits.LimitsOptions"/>,
/// <see cref="Configuration.PublicUrlOptions"/>, <see cref="Demo.DemoOptions"/>, <see cref="Obligations.ObligationOptions"/>,
/// <see cref="Workflow.SweepOptions"/>), all checked when the server starts.
/// </summary>
public sealed class ApprovalOptions : Configuration.ICheckedOptions
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
    /// <summary>
    /// At this start, <c>admin</c> is enabled, made an administrator again and given a new one-time password, printed on
    /// the console (<c>--reset-admin</c>): recovery for whoever can start the server, when every administrator is locked out.
    /// </summary>
    public bool ResetAdmin { get; set; }

    public void Check(Configuration.OptionsProblems problems)
    {
        if (string.IsNullOrWhiteSpace(DataDir)) problems.Add(nameof(DataDir), "不能为空 / must not be empty.");
    }
}

public enum ClockMode { System, Manual }
