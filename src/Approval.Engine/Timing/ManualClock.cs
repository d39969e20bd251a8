namespace Approval.Engine.Timing;

/// <summary>
/// A clock that only moves when told to (tests and the demo's manual-clock mode). Timers are swept at every
/// due time on the way, so a week's events happen in the order they would have in real time.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Set(DateTimeOffset to)
    {
        if (to < GetUtcNow()) throw new ArgumentOutOfRangeException(nameof(to), "The manual clock never goes back.");
        Interlocked.Exchange(ref _ticks, to.UtcTicks);
    }
}
