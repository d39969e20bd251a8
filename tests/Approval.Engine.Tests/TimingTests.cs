using Approval.Engine.Model;
using Approval.Engine.Timing;

namespace Approval.Engine.Tests;

public sealed class TimingTests
{
    private static readonly DateTimeOffset Jan31 = new(2026, 1, 31, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Durations_AddMonthsOnTheCalendar()
    {
        Assert.True(IsoDuration.TryParse("P1M", out var month));
        Assert.Equal(new DateTimeOffset(2026, 2, 28, 8, 0, 0, TimeSpan.Zero), month.AddTo(Jan31));
        Assert.True(IsoDuration.TryParse("P1W2DT3H30M", out var mixed));
        Assert.Equal(Jan31.AddDays(9).AddHours(3.5), mixed.AddTo(Jan31));
        Assert.Equal("P1W2DT3H30M", mixed.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("P")]
    [InlineData("7D")]
    [InlineData("PT")]
    [InlineData("P1.5D")]
    public void Durations_RejectWhatIsNotIso8601(string text) => Assert.False(IsoDuration.TryParse(text, out _));

    [Fact]
    public void Cycles_CountRepetitionsAndMayStartAtADate()
    {
        var cycle = TimerSchedule.TryParse(TimerKind.Cycle, "R3/P2D", Jan31)!;
        Assert.Equal((Jan31.AddDays(2), 3), (cycle.FirstDue, cycle.Repetitions!.Value));
        var dated = TimerSchedule.TryParse(TimerKind.Cycle, "R/2026-03-01T00:00:00Z/P1D", Jan31)!;
        Assert.Equal((new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), (int?)null), (dated.FirstDue, dated.Repetitions));
    }

    [Fact]
    public void CronCycles_FallAtTheirTimeInChina_AndCountQuartzDaysFromSunday()
    {
        // 2026-01-31 08:00 UTC is 16:00 in China: 09:00 China (01:00 UTC) today has passed, so tomorrow's.
        var daily = TimerSchedule.TryParse(TimerKind.Cycle, "0 0 9 * * ?", Jan31)!;
        Assert.Equal((new DateTimeOffset(2026, 2, 1, 1, 0, 0, TimeSpan.Zero), (int?)null), (daily.FirstDue, daily.Repetitions));
        Assert.Equal("0 0 9 * * ?", daily.Period!.ToString());
        // Quartz day 2 is Monday (1 is Sunday); 2026-02-02 is a Monday.
        var monday = TimerSchedule.TryParse(TimerKind.Cycle, "0 0 9 ? * 2", Jan31)!;
        Assert.Equal(new DateTimeOffset(2026, 2, 2, 1, 0, 0, TimeSpan.Zero), monday.FirstDue);
        Assert.Equal(monday.FirstDue, TimerSchedule.TryParse(TimerKind.Cycle, "0 0 9 ? * MON", Jan31)!.FirstDue);
        // The last Friday of the month (6L), and the repeating interval still told apart by its R.
        Assert.Equal(new DateTimeOffset(2026, 2, 27, 1, 0, 0, TimeSpan.Zero), TimerSchedule.TryParse(TimerKind.Cycle, "0 0 9 ? * 6L", Jan31)!.FirstDue);
        Assert.Null(TimerSchedule.TryParse(TimerKind.Cycle, "R0 0 9 * * ?", Jan31));
    }

    [Fact]
    public void DueDates_AcceptADateTimeOrADuration()
    {
        Assert.Equal(Jan31.AddDays(7), TimerSchedule.TryDateOrDuration("P7D", Jan31));
        Assert.Equal(new DateTimeOffset(2026, 12, 30, 16, 0, 0, TimeSpan.Zero), TimerSchedule.TryDateOrDuration("2026-12-31T00:00:00+08:00", Jan31));
        Assert.Null(TimerSchedule.TryDateOrDuration("soon", Jan31));
    }

    [Fact]
    public void IsoDuration_RefusesAComponentBeyondInt_InsteadOfOverflowing() =>
        Assert.False(IsoDuration.TryParse("P99999999999D", out _));

    [Fact]
    public void IsoDuration_PastTheEndOfTheCalendar_IsTheEnd_NotAnException()
    {
        Assert.True(IsoDuration.TryParse("P9000Y", out var far));
        Assert.Equal(DateTimeOffset.MaxValue, far.AddTo(Jan31));
    }
}
