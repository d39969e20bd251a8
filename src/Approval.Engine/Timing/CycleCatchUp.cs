namespace Approval.Engine.Timing;

/// <summary>
/// The next occurrence of a timer cycle after one fired, with its missed occurrences bounded. A cycle that fell
/// behind (the clock moved forward a day, the server was down) would otherwise fire every occurrence it missed, one
/// after another: <c>R/PT1S</c> turned one advance of a day into 86,400 instances. At most
/// <c>maxCatchUp</c> occurrences fire at or before now, counting the one that just fired; the rest are skipped
/// (and count against the cycle's repetitions), so the cycle keeps its period from then on.
/// </summary>
public static class CycleCatchUp
{
    /// <returns>When the cycle fires next and its repetitions left then, or null when it has none left.</returns>
    public static (DateTimeOffset Due, int? Remaining)? Next(DateTimeOffset fired, CyclePeriod period, int? remaining,
        DateTimeOffset now, int maxCatchUp)
    {
        if (period.Cron is { } cron)
            return remaining is 1 || NextCron(cron, fired, now, maxCatchUp) is not { } due ? null : (due, remaining - 1);
        return Next(fired, period.Duration!.Value, remaining, now, maxCatchUp);
    }

    public static (DateTimeOffset Due, int? Remaining)? Next(DateTimeOffset fired, IsoDuration period, int? remaining,
        DateTimeOffset now, int maxCatchUp)
    {
        if (remaining is 1 || period.IsZero) return null;
        var left = remaining - 1;
        // Only occurrences the cycle still has can be missed; of those, the last maxCatchUp - 1 still fire.
        var missed = Math.Min(Missed(fired, period, now), left ?? long.MaxValue);
        var skip = (int)Math.Min(int.MaxValue - 1, Math.Max(0, missed - Math.Max(0, maxCatchUp - 1)));
        if (skip >= left) return null;
        return (Advance(fired, period, skip + 1), left - skip);
    }

    /// <summary>
    /// A cron cycle (unbounded, so skipped occurrences need not be counted): the earliest of the last
    /// <c>maxCatchUp - 1</c> occurrences due at <paramref name="now"/>, else the first after it. Cron has no fixed
    /// period to divide by, so the window looked at doubles back from now until it holds enough occurrences: the work
    /// is bounded by the catch-up, not by how far behind the cycle is (every second for a year is 31 million).
    /// </summary>
    private static DateTimeOffset? NextCron(CronCycle cron, DateTimeOffset fired, DateTimeOffset now, int maxCatchUp)
    {
        var keep = Math.Max(0, maxCatchUp - 1);
        if (keep == 0 || cron.Next(fired) is not { } first || first > now) return cron.Next(fired > now ? fired : now);
        for (var span = TimeSpan.FromMinutes(1); ; span *= 2)
        {
            var from = now - fired <= span ? fired : now - span;
            var due = cron.Between(from, now).ToList();
            if (due.Count >= keep || from == fired) return due.Count > 0 ? due[Math.Max(0, due.Count - keep)] : cron.Next(now);
        }
    }

    /// <summary>Occurrences after <paramref name="fired"/> that are already due at <paramref name="now"/>.</summary>
    private static long Missed(DateTimeOffset fired, IsoDuration period, DateTimeOffset now)
    {
        if (now <= fired) return 0;
        if (FixedLength(period) is { } length) return (now - fired).Ticks / length.Ticks;
        // Calendar periods (months, years) are at least 28 days: even a century of them is a short loop.
        long count = 0;
        for (var next = period.AddTo(fired); next <= now; next = period.AddTo(next)) count++;
        return count;
    }

    private static DateTimeOffset Advance(DateTimeOffset from, IsoDuration period, long times)
    {
        if (FixedLength(period) is { } length) return from + TimeSpan.FromTicks(length.Ticks * times);
        for (long i = 0; i < times; i++) from = period.AddTo(from);
        return from;
    }

    private static TimeSpan? FixedLength(IsoDuration period) =>
        period.Years == 0 && period.Months == 0 ? period.AddTo(DateTimeOffset.UnixEpoch) - DateTimeOffset.UnixEpoch : null;
}
