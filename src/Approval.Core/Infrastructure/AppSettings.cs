using System.Globalization;
using Approval.Engine.Timing;
using Dapper;

namespace Approval.Core.Infrastructure;

/// <summary>Small settings kept in the database, such as where the manual clock stands.</summary>
public sealed class AppSettings(Database database)
{
    private const string ManualClockKey = "manual-clock";

    public async Task RestoreManualClockAsync(ManualClock clock)
    {
        await using var connection = await database.OpenAsync();
        var saved = await connection.ExecuteScalarAsync<string?>("select value from app_settings where key = @key", new { key = ManualClockKey });
        if (saved is not null && long.TryParse(saved, CultureInfo.InvariantCulture, out var ms) && EpochTime.FromMs(ms) > clock.GetUtcNow())
            clock.Set(EpochTime.FromMs(ms));
    }

    public Task SaveManualClockAsync(DateTimeOffset now) =>
        database.WriteAsync((connection, transaction) => connection.ExecuteAsync(
            "insert into app_settings (key, value) values (@key, @value) on conflict (key) do update set value = excluded.value",
            new { key = ManualClockKey, value = EpochTime.ToMs(now).ToString(CultureInfo.InvariantCulture) }, transaction));
}
