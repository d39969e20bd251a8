using Approval.Engine.Timing;

namespace Approval.Engine.Tests;

public sealed class CycleCatchUpTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static IsoDuration Period(string text) => IsoDuration.TryParse(text, out var d) ? d : throw new ArgumentException(text);

    [Fact]
    public void Next_IsTheNextOccurrence_WhenNothingWasMissed() =>
        Assert.Equal((T0.AddHours(1), (int?)null), CycleCatchUp.Next(T0, Period("PT1H"), null, T0, maxCatchUp: 1));

    [Fact]
    public void Next_SkipsMissedOccurrences_BeyondTheCatchUp()
    {
        var now = T0.AddDays(1);
        var (due, _) = CycleCatchUp.Next(T0, Period("PT1S"), null, now, maxCatchUp: 1)!.Value;
        Assert.Equal(now.AddSeconds(1), due);
    }

    [Fact]
    public void Next_KeepsTheLastMissedOccurrences_UpToTheCatchUp()
    {
        var (due, _) = CycleCatchUp.Next(T0, Period("PT1S"), null, T0.AddDays(1), maxCatchUp: 3)!.Value;
        Assert.Equal(T0.AddDays(1).AddSeconds(-1), due); // two more fire: at now - 1 s and at now
    }

    [Fact]
    public void Next_CountsSkippedOccurrences_AgainstTheRepetitions()
    {
        Assert.Equal((T0.AddMonths(5), (int?)5), CycleCatchUp.Next(T0, Period("P1M"), 10, T0.AddMonths(4).AddDays(3), maxCatchUp: 1));
        Assert.Null(CycleCatchUp.Next(T0, Period("P1M"), 3, T0.AddYears(1), maxCatchUp: 1));
    }

    private static CyclePeriod Cron(string text) => CyclePeriod.TryParse(text, out var p) && p.Cron is not null ? p : throw new ArgumentException(text);

    [Fact]
    public void Cron_NextIsTheNextOccurrence_WhenNothingWasMissed() =>
        Assert.Equal((T0.AddHours(1), (int?)null), CycleCatchUp.Next(T0, Cron("0 0 * * * ?"), null, T0, maxCatchUp: 3));

    [Fact]
    public void Cron_KeepsTheLastMissedOccurrences_UpToTheCatchUp_EvenAYearBehindEverySecond()
    {
        var now = T0.AddYears(1);
        Assert.Equal(now.AddSeconds(-1), CycleCatchUp.Next(T0, Cron("* * * * * ?"), null, now, maxCatchUp: 3)!.Value.Due);
        Assert.Equal(now.AddSeconds(1), CycleCatchUp.Next(T0, Cron("* * * * * ?"), null, now, maxCatchUp: 1)!.Value.Due);
        // Daily at 09:00 China (01:00 UTC), five days behind, three may fire: the 4th's and the 5th's are left.
        var (due, _) = CycleCatchUp.Next(T0.AddHours(1), Cron("0 0 9 * * ?"), null, T0.AddDays(5).AddHours(2), maxCatchUp: 3)!.Value;
        Assert.Equal(T0.AddDays(4).AddHours(1), due);
    }
}
