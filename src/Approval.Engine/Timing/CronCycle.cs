using System.Globalization;
using System.Text.RegularExpressions;
using Cronos;

namespace Approval.Engine.Timing;

/// <summary>
/// A timer cycle written as a cron expression, as Camunda accepts in <c>timeCycle</c>: Quartz's syntax, six fields
/// with seconds first (<c>0 0 9 * * ?</c>: every day at 09:00), an optional seventh (year) only as <c>*</c> or
/// <c>?</c>. Quartz numbers the days of the week 1 (Sunday) to 7; Cronos, which computes the occurrences, 0 to 6,
/// so numbered days are shifted. Occurrences are in China Standard Time (UTC+8, no daylight saving), the zone the
/// campaign calendar and every page use: "9 o'clock" means nine in the morning where the party organizations are.
/// </summary>
public sealed partial class CronCycle
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.CreateCustomTimeZone("China Standard Time", TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");

    private readonly CronExpression _expression;

    private CronCycle(string text, CronExpression expression)
    {
        Text = text;
        _expression = expression;
    }

    /// <summary>The expression as written in the model (what a timer row keeps as its period).</summary>
    public string Text { get; }

    public static CronCycle? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var fields = text.Trim().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 7 && fields[6] is "*" or "?") fields = fields[..6];
        if (fields.Length != 6 || ToCronosDays(fields[5]) is not { } days) return null;
        fields[5] = days;
        return CronExpression.TryParse(string.Join(' ', fields), CronFormat.IncludeSeconds, out var expression)
            ? new CronCycle(text.Trim(), expression)
            : null;
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null when there is none.</summary>
    public DateTimeOffset? Next(DateTimeOffset after) => _expression.GetNextOccurrence(after, Zone)?.ToUniversalTime();

    /// <summary>Occurrences in (<paramref name="from"/>, <paramref name="to"/>].</summary>
    public IEnumerable<DateTimeOffset> Between(DateTimeOffset from, DateTimeOffset to) =>
        _expression.GetOccurrences(from, to, Zone, fromInclusive: false, toInclusive: true).Select(o => o.ToUniversalTime());

    // Day numbers stand at the start of the field or after ',' or '-' (a step after '/' or a count after '#' is not a day).
    private static string? ToCronosDays(string field)
    {
        var valid = true;
        var shifted = DayNumber().Replace(field, m =>
        {
            var n = int.Parse(m.Value, CultureInfo.InvariantCulture);
            valid &= n is >= 1 and <= 7;
            return (n - 1).ToString(CultureInfo.InvariantCulture);
        });
        return valid ? shifted : null;
    }

    [GeneratedRegex(@"(?<=^|[,\-])\d+", RegexOptions.CultureInvariant)]
    private static partial Regex DayNumber();

    public override string ToString() => Text;
}
