namespace Approval.Core.Reminders;

/// <summary><c>Approval:Reminders</c>: how reminders are grouped and when they go out.</summary>
public sealed class ReminderOptions : Configuration.ICheckedOptions
{
    /// <summary>The hour (China time, UTC+8) from which the day's digest goes out: one mail per user listing their reminded tasks.</summary>
    public int DigestHour { get; set; } = 8;

    /// <summary>
    /// Kinds mailed at once rather than in the next digest: <c>before</c>, <c>overdue</c>, <c>escalation</c>,
    /// <c>urge</c> (催办). By default only a 催办 is immediate: a county where a thousand branches miss one deadline
    /// would otherwise send its township departments a thousand escalation mails in one sweep; the digest lists them.
    /// </summary>
    public string[] Immediate { get; set; } = [ReminderKinds.Urge];

    /// <summary>How many due tasks one sweep transaction decides.</summary>
    public int SweepBatchSize { get; set; } = 5_000;

    /// <summary>A reviewer may press 催办 on one task at most once in this period.</summary>
    public TimeSpan UrgeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The language of mails: <c>zh</c> (default) or <c>en</c>.</summary>
    public string Language { get; set; } = "zh";

    public void Check(Configuration.OptionsProblems problems)
    {
        problems.Range(nameof(DigestHour), DigestHour, 0, 23);
        foreach (var kind in Immediate ?? []) problems.OneOf(nameof(Immediate), kind, [ReminderKinds.Before, ReminderKinds.Overdue, ReminderKinds.Escalation, ReminderKinds.Urge]);
        problems.Range(nameof(SweepBatchSize), SweepBatchSize, 1, 100_000);
        problems.Range(nameof(UrgeInterval), UrgeInterval, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
        problems.OneOf(nameof(Language), Language, ["zh", "en"]);
    }
}

/// <summary>The stored names of reminder kinds.</summary>
public static class ReminderKinds
{
    public const string Before = "before";
    public const string Overdue = "overdue";
    public const string Escalation = "escalation";
    public const string Urge = "urge";

    public static string Of(Approval.Engine.Timing.ReminderKind kind) => kind switch
    {
        Approval.Engine.Timing.ReminderKind.Before => Before,
        Approval.Engine.Timing.ReminderKind.Overdue => Overdue,
        _ => Escalation,
    };
}
