using System.Globalization;
using System.Text.RegularExpressions;

namespace Approval.Engine.Timing;

/// <summary>
/// An ISO 8601 duration (<c>P1Y2M3W4DT5H6M7S</c>). Years and months are added on the calendar, not as a fixed
/// number of days, so "P1M" from 31 January lands on the last day of February.
/// </summary>
public readonly partial record struct IsoDuration(int Years, int Months, int Weeks, int Days, int Hours, int Minutes, double Seconds)
{
    public static bool TryParse(string? text, out IsoDuration duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var match = Pattern().Match(text.Trim());
        if (!match.Success || match.Groups.Cast<Group>().Skip(1).All(g => !g.Success)) return false;
        // A component beyond int ("P99999999999D", from a form or a model) is not a duration, not an overflow.
        var parts = new int[6];
        string[] names = ["y", "mo", "w", "d", "h", "mi"];
        for (var i = 0; i < names.Length; i++)
            if (match.Groups[names[i]].Success && !int.TryParse(match.Groups[names[i]].Value, NumberStyles.None, CultureInfo.InvariantCulture, out parts[i])) return false;
        var seconds = match.Groups["s"].Success ? double.Parse(match.Groups["s"].Value.Replace(',', '.'), CultureInfo.InvariantCulture) : 0;
        duration = new IsoDuration(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], seconds);
        return true;
    }

    /// <summary>The time this long after <paramref name="start"/>; past the calendar's end (year 9999) it is the end.</summary>
    public DateTimeOffset AddTo(DateTimeOffset start)
    {
        try
        {
            return start.AddYears(Years).AddMonths(Months).AddDays(Weeks * 7.0 + Days)
                .AddHours(Hours).AddMinutes(Minutes).AddSeconds(Seconds);
        }
        catch (ArgumentOutOfRangeException)
        {
            // "P9000Y" on a deadline means never: a timer there does not fire, and nothing answers 500.
            return DateTimeOffset.MaxValue;
        }
    }

    public bool IsZero => this == default;

    public override string ToString()
    {
        var text = new System.Text.StringBuilder("P");
        if (Years != 0) text.Append(Years).Append('Y');
        if (Months != 0) text.Append(Months).Append('M');
        if (Weeks != 0) text.Append(Weeks).Append('W');
        if (Days != 0) text.Append(Days).Append('D');
        if (Hours != 0 || Minutes != 0 || Seconds != 0 || text.Length == 1)
        {
            text.Append('T');
            if (Hours != 0) text.Append(Hours).Append('H');
            if (Minutes != 0) text.Append(Minutes).Append('M');
            if (Seconds != 0 || (Hours == 0 && Minutes == 0)) text.Append(Seconds.ToString(CultureInfo.InvariantCulture)).Append('S');
        }
        return text.ToString();
    }

    [GeneratedRegex(@"^P(?:(?<y>\d+)Y)?(?:(?<mo>\d+)M)?(?:(?<w>\d+)W)?(?:(?<d>\d+)D)?(?:T(?:(?<h>\d+)H)?(?:(?<mi>\d+)M)?(?:(?<s>\d+(?:[.,]\d+)?)S)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
