namespace Approval.Core.Infrastructure;

/// <summary>Times are stored as UTC milliseconds since the Unix epoch on both databases.</summary>
public static class EpochTime
{
    public static long ToMs(DateTimeOffset value) => value.ToUnixTimeMilliseconds();
    public static long? ToMs(DateTimeOffset? value) => value?.ToUnixTimeMilliseconds();
    public static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
    public static DateTimeOffset? FromMs(long? ms) => ms is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(ms.Value);
}
