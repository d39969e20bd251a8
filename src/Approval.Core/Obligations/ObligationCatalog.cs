using System.Globalization;
using System.Text.Json;
using Approval.Engine.Runtime;
using Approval.Engine.Timing;

namespace Approval.Core.Obligations;

public enum Cadence { Monthly, Quarterly, Yearly }

/// <summary>One recurring obligation of <c>workflows/obligations.json</c>.</summary>
public sealed record Obligation(string Key, string Name, string NameEn, Cadence Cadence, IReadOnlyList<string> OrgKinds, bool Absence, string Quote);

/// <summary>One period of an obligation: what it is called, when it opens, is due and lapses.</summary>
public sealed record ObligationPeriod(string Period, int Year, string Label, DateTimeOffset Opens, DateTimeOffset Due, DateTimeOffset Closes);

/// <summary>The shipped schedules: obligations, the grace after a period's end, the reminder policy of their tasks.</summary>
public sealed record ObligationCatalog(IReadOnlyList<Obligation> Obligations, int GraceDays, ObligationReminders Remind)
{
    // China Standard Time, as the campaign calendar keeps its deadlines.
    private static readonly TimeSpan China = Campaigns.CampaignCalendar.Offset;
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "workflows", "obligations.json");

    /// <summary>Reads and checks the file; every problem is named with its path, and a bad file stops the start.</summary>
    public static ObligationCatalog Load(string path)
    {
        var file = JsonSerializer.Deserialize<FileModel>(File.ReadAllText(path), StoreJson.Options)
            ?? throw new InvalidDataException($"{path}: empty.");
        var problems = new List<string>();
        var obligations = new List<Obligation>();
        for (var i = 0; i < (file.Obligations?.Count ?? 0); i++)
        {
            var o = file.Obligations![i];
            if (string.IsNullOrWhiteSpace(o.Key) || string.IsNullOrWhiteSpace(o.Name)) problems.Add($"$.obligations[{i}]: key and name are required.");
            if (!Enum.TryParse<Cadence>(o.Cadence, ignoreCase: true, out var cadence)) problems.Add($"$.obligations[{i}].cadence: '{o.Cadence}' is not monthly, quarterly or yearly.");
            if (o.OrgKinds is not { Count: > 0 }) problems.Add($"$.obligations[{i}].orgKinds: at least one organization kind.");
            obligations.Add(new Obligation(o.Key ?? "", o.Name ?? "", o.NameEn ?? o.Name ?? "", cadence, o.OrgKinds ?? [], o.Absence, o.Quote ?? ""));
        }
        if (obligations.GroupBy(o => o.Key).FirstOrDefault(g => g.Count() > 1) is { } twice) problems.Add($"$.obligations: key '{twice.Key}' appears twice.");
        var remind = file.Remind ?? new ObligationReminders("P3D", "P1D", "P3D");
        foreach (var (name, attribute, text) in new[] { ("before", ReminderPolicy.BeforeAttribute, remind.Before), ("every", ReminderPolicy.EveryAttribute, remind.Every), ("escalateAfter", ReminderPolicy.EscalateAttribute, remind.EscalateAfter) })
            problems.AddRange(ReminderPolicy.Check(attribute, text).Select(p => $"$.remind.{name}: {p}"));
        if (file.GraceDays is < 0 or > 60) problems.Add("$.graceDays: between 0 and 60.");
        if (problems.Count > 0) throw new InvalidDataException($"{path}:\n  " + string.Join("\n  ", problems));
        return new ObligationCatalog(obligations, file.GraceDays, remind);
    }

    /// <summary>The period of <paramref name="cadence"/> that <paramref name="at"/> falls in (China time).</summary>
    public ObligationPeriod PeriodOf(Cadence cadence, DateTimeOffset at)
    {
        var local = at.ToOffset(China);
        var (start, months, key, label) = cadence switch
        {
            Cadence.Monthly => (new DateTimeOffset(local.Year, local.Month, 1, 0, 0, 0, China), 1,
                local.ToString("yyyy-MM", CultureInfo.InvariantCulture), $"{local.Year}年{local.Month}月"),
            Cadence.Quarterly => (new DateTimeOffset(local.Year, (local.Month - 1) / 3 * 3 + 1, 1, 0, 0, 0, China), 3,
                $"{local.Year}-Q{(local.Month - 1) / 3 + 1}", $"{local.Year}年第{(local.Month - 1) / 3 + 1}季度"),
            _ => (new DateTimeOffset(local.Year, 1, 1, 0, 0, 0, China), 12, local.Year.ToString(CultureInfo.InvariantCulture), $"{local.Year}年"),
        };
        var due = start.AddMonths(months);
        return new ObligationPeriod(key, local.Year, label, start, due, due.AddDays(GraceDays));
    }

    private sealed record FileModel(List<ObligationModel>? Obligations, int GraceDays, ObligationReminders? Remind);
    private sealed record ObligationModel(string? Key, string? Name, string? NameEn, string? Cadence, List<string>? OrgKinds, bool Absence, string? Quote);
}

public sealed record ObligationReminders(string Before, string Every, string EscalateAfter);
