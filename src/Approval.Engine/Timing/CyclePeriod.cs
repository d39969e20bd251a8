namespace Approval.Engine.Timing;

/// <summary>
/// How a timer cycle repeats: every ISO 8601 duration (<c>R3/P2D</c>'s <c>P2D</c>) or at a cron expression's
/// occurrences. A timer row keeps it as its text, which says which it is: a duration starts with P, cron never does.
/// </summary>
public sealed class CyclePeriod
{
    private CyclePeriod(IsoDuration? duration, CronCycle? cron)
    {
        Duration = duration;
        Cron = cron;
    }

    public IsoDuration? Duration { get; }
    public CronCycle? Cron { get; }

    public static CyclePeriod Every(IsoDuration duration) => new(duration, null);
    public static CyclePeriod At(CronCycle cron) => new(null, cron);

    public static bool TryParse(string? text, out CyclePeriod period)
    {
        period = null!;
        if (IsoDuration.TryParse(text, out var duration)) period = Every(duration);
        else if (CronCycle.TryParse(text) is { } cron) period = At(cron);
        return period is not null;
    }

    /// <summary>The next occurrence after <paramref name="from"/>; null when a cron expression has no more.</summary>
    public DateTimeOffset? After(DateTimeOffset from) => Duration is { } d ? d.AddTo(from) : Cron!.Next(from);

    public override string ToString() => Duration?.ToString() ?? Cron!.Text;
}
