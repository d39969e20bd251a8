using System.Globalization;

namespace Approval.Engine.Timing;

/// <summary>
/// When a timer fires: once at a date, once after a duration, or a cycle: <c>R[n]/[start/]duration</c>
/// (n repetitions, or unbounded when n is omitted) or a cron expression (unbounded; see <see cref="CronCycle"/>).
/// </summary>
public sealed record TimerSchedule(DateTimeOffset FirstDue, CyclePeriod? Period, int? Repetitions)
{
    public static bool TryParseDate(string text, out DateTimeOffset date) =>
        DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out date);

    public static TimerSchedule? TryDate(string text) => TryParseDate(text, out var date) ? new(date, null, null) : null;

    public static TimerSchedule? TryDuration(string text, DateTimeOffset now) =>
        IsoDuration.TryParse(text, out var d) ? new(d.AddTo(now), null, null) : null;

    /// <summary>Parses <c>R3/P2D</c>, <c>R/PT1H</c>, <c>R3/2026-01-01T00:00:00Z/P1D</c> or a cron expression (<c>0 0 9 * * ?</c>).</summary>
    public static TimerSchedule? TryCycle(string text, DateTimeOffset now)
    {
        // As Camunda tells them apart: a repeating interval starts with R, anything else is cron.
        if (!text.TrimStart().StartsWith('R'))
            return CronCycle.TryParse(text) is { } cron && cron.Next(now) is { } first ? new(first, CyclePeriod.At(cron), null) : null;
        var parts = text.Trim().Split('/');
        if (parts.Length is < 2 or > 3 || !parts[0].StartsWith('R')) return null;
        int? repetitions = null;
        if (parts[0].Length > 1)
        {
            if (!int.TryParse(parts[0][1..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1) return null;
            repetitions = n;
        }
        if (!IsoDuration.TryParse(parts[^1], out var period) || period.IsZero) return null;
        var start = now;
        if (parts.Length == 3)
        {
            if (!TryParseDate(parts[1], out start)) return null;
            return new(start, CyclePeriod.Every(period), repetitions);
        }
        return new(period.AddTo(start), CyclePeriod.Every(period), repetitions);
    }

    public static TimerSchedule? TryParse(Model.TimerKind kind, string text, DateTimeOffset now) => kind switch
    {
        Model.TimerKind.Date => TryDate(text),
        Model.TimerKind.Duration => TryDuration(text, now),
        _ => TryCycle(text, now),
    };

    /// <summary>A date-time or a duration from <paramref name="now"/> (used for task due dates).</summary>
    public static DateTimeOffset? TryDateOrDuration(string text, DateTimeOffset now) =>
        TryParseDate(text, out var date) ? date : IsoDuration.TryParse(text, out var d) ? d.AddTo(now) : null;
}
