using System.Globalization;
using System.Text.RegularExpressions;
using Approval.Core;
using Approval.Core.Schemes;
using Approval.Engine;
using static Approval.Web.Pages.Schemes.SchemeDraft;

namespace Approval.Web.Pages.Schemes;

/// <summary>
/// Reads the editor's form into a scheme: text becomes numbers, lists and tables. What cannot be read is a problem
/// at its field, and the scheme is still built (with that value left out) so the validator can name the rest.
/// </summary>
public sealed partial class SchemeDraftReader
{
    private readonly List<Problem> _problems = [];

    public static (RatingScheme Scheme, IReadOnlyList<Problem> Problems) Read(SchemeDraft d)
    {
        var r = new SchemeDraftReader();
        var scheme = new RatingScheme
        {
            Key = T(d.Key) ?? "", Name = T(d.Name) ?? "", NameEn = T(d.NameEn), Source = T(d.Source), Method = T(d.Method) ?? "",
            IndividualStarSlots = r.Int(d.IndividualStarSlots, "individualStarSlots") ?? 0,
            AppliesTo = d.AppliesTo.Select(a => new SchemeSubject(T(a.Subject) ?? "", T(a.Kinds) is null ? null : Words(a.Kinds),
                T(a.Sectors) is null ? null : Words(a.Sectors), T(a.Quote))).ToList(),
            AbsenceEvents = T(d.AbsenceEvents) is null ? [] : Words(d.AbsenceEvents),
            ApplicationRound = T(d.ApplicationRound.Due) is { } due ? new ApplicationRound(due, T(d.ApplicationRound.Quote)) : null,
            FinalApproval = T(d.FinalApproval.Name) is { } final ? new FinalApproval(final, T(d.FinalApproval.Quote)) : null,
            StarScoreThreshold = r.Threshold(d.StarScoreThreshold, "starScoreThreshold"),
            VoteThreshold = r.Threshold(d.VoteThreshold, "voteThreshold"),
            Participation = r.Threshold(d.Participation, "participation"),
            Stars = d.Stars.Select((s, i) => r.Star(s, $"stars[{i}]")).ToList(),
            Bands = d.Bands.Select((b, i) => new Band(r.Dec(b.Min, $"bands[{i}].min", true) ?? 0, r.Int(b.Level, $"bands[{i}].level", true) ?? 0, T(b.Quote))).ToList(),
            Areas = d.Areas.Select(a => new Area(T(a.Key) ?? "", T(a.Name) ?? "")).ToList(),
            Dimensions = d.Dimensions.Select((x, i) => new Dimension(T(x.Key) ?? "", T(x.Name) ?? "", r.Dec(x.Weight, $"dimensions[{i}].weight", true) ?? 0,
                r.Standards(x.Standards, $"dimensions[{i}].standards"), T(x.Quote))).ToList(),
            Grades = d.Grades.Select((g, i) => new GradeShare(T(g.Grade) ?? "", T(g.GradeEn), r.Dec(g.Share, $"grades[{i}].share", true) ?? 0)).ToList(),
            GradeTies = T(d.GradeTies), GradesQuote = T(d.GradesQuote),
            Bonuses = d.Bonuses.Select((b, i) => new BonusGroup(T(b.Key) ?? "", T(b.Name) ?? "", Words(b.Facts),
                r.Values(b.Values, $"bonuses[{i}].values") ?? [], T(b.Aggregate) ?? "", T(b.Quote))).ToList(),
            Deductions = d.Deductions.Select((x, i) => new Deduction(T(x.Key) ?? "", T(x.Name) ?? "", T(x.Fact) ?? "",
                r.Values(x.Values, $"deductions[{i}].values"), r.Dec(x.PointsEach, $"deductions[{i}].pointsEach"), T(x.Quote))).ToList(),
            Satisfaction = d.Satisfaction.Select((x, i) => new SatisfactionRule(r.Dec(x.Below, $"satisfaction[{i}].below", true) ?? 0, x.Inclusive,
                r.Dec(x.Deduct, $"satisfaction[{i}].deduct"), x.NoLevel, T(x.Quote))).ToList(),
            Caps = d.Caps.Select((c, i) => new Cap(T(c.Key) ?? "", T(c.Condition) ?? "", r.Int(c.Count, $"caps[{i}].count"), c.Inclusive,
                r.Int(c.MaxLevel, $"caps[{i}].maxLevel"), r.Int(c.DemoteBy, $"caps[{i}].demoteBy") ?? 0, T(c.Quote), T(c.Subject))).ToList(),
            Quotas = d.Quotas.Select((q, i) => new Quota(T(q.Key) ?? "", r.Int(q.Level, $"quotas[{i}].level", true) ?? 0, q.AtMost, T(q.Comparison) ?? "",
                r.Dec(q.Share, $"quotas[{i}].share", true) ?? 0, T(q.Quote))).ToList(),
            Qualified = r.Line(d.Qualified, "qualified"),
            Rectification = r.Line(d.Rectification, "rectification"),
        };
        return (scheme, r._problems);
    }

    private Star Star(StarRow s, string at) => new()
    {
        Key = T(s.Key) ?? "", Name = T(s.Name) ?? "", Award = T(s.Award) ?? "", Kind = T(s.Kind) ?? "common", Standard = T(s.Standard), Quote = T(s.Quote),
        AppliesTo = s.AppliesTo.Select(a => new Applicability(T(a.Subject) ?? "", T(a.Sectors) is null ? null : Words(a.Sectors))).ToList(),
        Items = s.Items.Select((item, j) => new Item(T(item.Text) ?? "", Dec(item.Points, $"{at}.items[{j}].points"), T(item.Quote))).ToList(),
    };

    /// <summary>A blank ratio leaves the rule out; a quote without a ratio would be lost, so it is a problem.</summary>
    private Threshold? Threshold(ThresholdRow row, string at)
    {
        if (T(row.Ratio) is null)
        {
            if (T(row.Quote) is not null) Problem(FieldCodes.Required, $"{at}.ratio", "请填写比例,或清空这一行 / enter the ratio, or clear the row.");
            return null;
        }
        return Dec(row.Ratio, $"{at}.ratio") is { } ratio ? new Threshold(ratio, row.Inclusive, T(row.Quote)) : null;
    }

    private LevelLine? Line(LevelLineRow row, string at)
    {
        if (T(row.Level) is null)
        {
            if (T(row.Quote) is not null) Problem(FieldCodes.Required, $"{at}.level", "请填写星级,或清空这一行 / enter the level, or clear the row.");
            return null;
        }
        return Int(row.Level, $"{at}.level") is { } level ? new LevelLine(level, row.Inclusive, T(row.Quote)) : null;
    }

    private decimal? Dec(string? text, string field, bool required = false)
    {
        if (Present(text, field, required) is not { } value) return null;
        if (decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number)) return number;
        Problem(FieldCodes.InvalidFormat, field, $"“{value}”不是数字 / '{value}' is not a number.");
        return null;
    }

    private int? Int(string? text, string field, bool required = false)
    {
        if (Present(text, field, required) is not { } value) return null;
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)) return number;
        Problem(FieldCodes.InvalidFormat, field, $"“{value}”不是整数 / '{value}' is not a whole number.");
        return null;
    }

    /// <summary>The trimmed text, or null when blank (a problem when the field is required).</summary>
    private string? Present(string? text, string field, bool required)
    {
        if (T(text) is { } value) return value;
        if (required) Problem(FieldCodes.Required, field, "请填写 / required.");
        return null;
    }

    [GeneratedRegex(@"^\s*(?<kind>[^=:：\s]+)\s*[=:：]\s*(?<points>\S+)\s*$")]
    private static partial Regex ValueLine();

    /// <summary>One <c>kind=points</c> a line; blank: none.</summary>
    private Dictionary<string, decimal>? Values(string? text, string field)
    {
        if (T(text) is null) return null;
        var values = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var line in Lines(text))
        {
            var match = ValueLine().Match(line);
            if (match.Success && decimal.TryParse(match.Groups["points"].Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var points)
                && values.TryAdd(match.Groups["kind"].Value, points)) continue;
            Problem(FieldCodes.InvalidFormat, field, $"“{line}”应写作 类别=分值,每类一行 / '{line}' should read kind=points, one kind a line.");
        }
        return values;
    }

    /// <summary>
    /// One <c>text=points</c> a line, split at the last <c>=</c> (a standard's text may hold one); a line that does not
    /// read so is a problem and is left out.
    /// </summary>
    private List<Standard> Standards(string? text, string field)
    {
        var standards = new List<Standard>();
        foreach (var line in Lines(text))
        {
            var at = line.LastIndexOf('=');
            if (at > 0 && T(line[..at]) is { } standard
                && decimal.TryParse(line[(at + 1)..].Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var points))
                standards.Add(new Standard(standard, points));
            else
                Problem(FieldCodes.InvalidFormat, field, $"“{line}”应写作 标准=分值,每条一行 / '{line}' should read standard=points, one standard a line.");
        }
        return standards;
    }

    private void Problem(string code, string field, string message) => _problems.Add(new Problem(code, field, message));

    private static string? T(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static List<string> Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();

    private static List<string> Words(string? text) =>
        (text ?? "").Split([',', '，', '、', ' ', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
}
