using System.Text.RegularExpressions;
using Approval.Core.Schemes;
using Approval.Engine;
using static Approval.Web.Pages.Shared.Ui;

namespace Approval.Web.Pages.Schemes;

/// <summary>
/// What <c>_SchemeForm</c> renders: the draft, the problems by field, and whether it is the read-only view of a
/// stored version (every control disabled, no row buttons) or the editor (the key fixed when editing a scheme).
/// </summary>
public sealed partial class SchemeFormView(SchemeDraft draft, IReadOnlyList<Problem> problems, bool readOnly, bool keyFixed)
{
    public SchemeDraft Draft => draft;
    public bool ReadOnly => readOnly;
    public bool KeyFixed => keyFixed;
    public IReadOnlyList<Problem> Problems => problems;

    public string? Error(string field)
    {
        var messages = problems.Where(p => p.Where == field).Select(p => Localize(p.Message)).Distinct().ToList();
        return messages.Count == 0 ? null : string.Join("；", messages);
    }

    public string Css(string field) => problems.Any(p => p.Where == field) ? "invalid" : "";

    [GeneratedRegex(@"^(absenceEvents)\[\d+\]$")]
    private static partial Regex TopLevelList();

    [GeneratedRegex(@"\.(facts|standards|sectors)\[\d+\](\.[A-Za-z]+)?$")]
    private static partial Regex ListElement();

    /// <summary>
    /// The form field a problem concerns: its JSON path without <c>$.</c>; an element of a list typed as one
    /// field (<c>bonuses[0].facts[1]</c>, <c>dimensions[3].standards[2].points</c>) is that field; <c>$</c> (the
    /// whole scheme) is the summary's alone.
    /// </summary>
    public static Problem ToField(Problem problem)
    {
        var path = problem.Where ?? "$";
        var field = path == "$" ? "" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
        // Top-level lists typed as one comma-separated field (absenceEvents[1]), and lists inside rows.
        field = TopLevelList().Replace(field, "$1");
        return problem with { Where = ListElement().Replace(field, ".$1") };
    }

    /// <summary>The codes a select offers, with the current value kept when it is not one of them (so nothing is lost on a re-show).</summary>
    public static IEnumerable<string> Choices(IEnumerable<string> codes, string? current) =>
        current is null || codes.Contains(current) ? codes : codes.Append(current);

    private static readonly Dictionary<string, (string Zh, string En)> Labels = new()
    {
        ["stars"] = ("按得星数定级", "level = stars earned"), ["bands"] = ("按分数段定级", "level from score bands"), ["weighted"] = ("加权评分分等", "weighted score, graded"),
        ["score"] = ("按分数", "by points"), ["vote"] = ("民主测评", "by vote"), ["daily"] = ("日常管理", "daily management"),
        ["common"] = ("共性星", "common"), ["individual"] = ("个性星", "individual"),
        ["organization"] = ("党组织", "organization"), ["member"] = ("党员", "member"),
        ["reelection-overdue"] = ("未按期换届", "re-election overdue"), ["reelection-overdue-days"] = ("换届逾期超过天数", "re-election overdue by days"),
        ["absences"] = ("缺席次数", "absences"), ["bottom-ranked"] = ("目标考核排名靠后", "bottom-ranked"),
        ["commendations"] = ("表彰", "commendations"), ["innovations"] = ("创新", "innovations"), ["criticisms"] = ("通报批评", "criticisms"),
        ["leaderSanctions"] = ("班子成员处分", "leader sanctions"), ["memberViolations"] = ("党员违纪", "member violations"),
        ["aggregate:max"] = ("取最高", "the highest"), ["aggregate:sum"] = ("累加", "the sum"),
        ["comparison:max"] = ("上限(不超过)", "cap (at most)"), ["comparison:min"] = ("下限(不低于)", "floor (at least)"),
        ["gradeTies:better"] = ("同分取较高等次", "equal scores share the better grade"),
        ["gradeTies:worse"] = ("同分取较低等次", "equal scores share the worse grade"),
    };

    /// <summary>A code with its name in the current language; <paramref name="group"/> tells apart codes two selects share (max).</summary>
    public static string Label(string code, string? group = null) =>
        Labels.TryGetValue(group is null ? code : $"{group}:{code}", out var l) ? $"{T(l.Zh, l.En)} ({code})" : code;
}
