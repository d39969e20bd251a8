using System.Globalization;
using Approval.Engine;

namespace Approval.Web.Pages.Shared;

/// <summary>
/// The two UI languages, written side by side where they are used (<c>@T("待办", "Inbox")</c>) so a page's Chinese
/// and English never drift apart; Chinese is the default, English is chosen with the switch in the header.
/// Times are shown in China Standard Time, where the party organizations are.
/// </summary>
public static class Ui
{
    public static readonly string[] Cultures = ["zh-CN", "en"];
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    public static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string T(string zh, string en) => English ? en : zh;

    /// <summary>Problems (and explanations stored before codes) are written "中文 / English"; each language shows its own half.</summary>
    public static string Localize(string message) => Localize(message, English);

    public static string Localize(string message, bool english)
    {
        var split = message.IndexOf(" / ", StringComparison.Ordinal);
        return split < 0 ? message : english ? message[(split + 3)..] : message[..split];
    }

    /// <summary>A rating's explanation line in the page's language.</summary>
    public static string Explain(Core.Explanations.Explanation line) => Localization.ExplanationTexts.Render(line);

    /// <summary>The first problem of a field, in the current language; null when the field is fine.</summary>
    public static string? FieldError(IEnumerable<Problem> problems, string field) =>
        problems.FirstOrDefault(p => string.Equals(p.Where, field, StringComparison.OrdinalIgnoreCase)) is { } p ? Localize(p.Message) : null;

    /// <summary>All the problems joined in one line (for forms whose problems are not tied to a field shown).</summary>
    public static string JoinProblems(IEnumerable<Problem> problems) => string.Join("；", problems.Select(p => Localize(p.Message)));

    public static string Time(DateTimeOffset? at) => at?.ToOffset(ChinaOffset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "—";

    public static string Date(DateTimeOffset? at) => at?.ToOffset(ChinaOffset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—";

    /// <summary>A date-time typed in the UI (a datetime-local field) is China time.</summary>
    public static DateTimeOffset FromLocal(DateTime local) => new(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), ChinaOffset);

    /// <summary>"14天", "12小时", "1个月" (or "14 days"…) for a reminder offset.</summary>
    public static string Duration(Engine.Timing.IsoDuration d)
    {
        var parts = new List<string>();
        void Add(double n, string zh, string en) { if (n != 0) parts.Add(English ? $"{n} {en}{(n == 1 ? "" : "s")}" : $"{n}{zh}"); }
        Add(d.Years, "年", "year"); Add(d.Months, "个月", "month"); Add(d.Weeks, "周", "week"); Add(d.Days, "天", "day");
        Add(d.Hours, "小时", "hour"); Add(d.Minutes, "分钟", "minute"); Add(d.Seconds, "秒", "second");
        return string.Join(English ? " " : "", parts);
    }

    /// <summary>A task's reminder policy in words (截止前7天、3天；逾期后每1天提醒；逾期3天报上级), or null without one.</summary>
    public static string? Reminders(IReadOnlyDictionary<string, string> attributes)
    {
        var policy = Core.Reminders.ReminderSchedule.PolicyOf(attributes);
        if (policy.IsEmpty) return null;
        var parts = new List<string>();
        if (policy.Before.Count > 0)
            parts.Add(T("截止前", "") + string.Join(T("、", ", "), policy.Before.Select(Duration)) + T("", " before the due time"));
        if (policy.Every is { } every) parts.Add(T($"逾期后每{Duration(every)}提醒", $"every {Duration(every)} once overdue"));
        if (policy.EscalateAfter is { } e) parts.Add(T($"逾期{Duration(e)}报上级", $"escalated {Duration(e)} after the due time"));
        return string.Join(T("；", "; "), parts);
    }

    /// <summary>A level as stars; one beyond any scheme's (a stored value out of range) is shown as a number, never as
    /// millions of characters (a notice at level 2,147,483,647 answered 500 to every visitor).</summary>
    public static string Stars(int? level) => level switch
    {
        > 20 => T($"{level}星", $"level {level}"),
        > 0 => new string('★', level.Value),
        _ => T("不定星级", "no stars"),
    };

    private static readonly Dictionary<string, (string Zh, string En)> Outcomes = new()
    {
        ["approve"] = ("同意", "Approve"), ["return"] = ("退回修改", "Return"), ["returned"] = ("已退回", "Returned"), ["reject"] = ("不同意", "Reject"),
        ["submit"] = ("提交", "Submit"), ["confirm"] = ("确认", "Confirm"), ["clear"] = ("无意见", "No concerns"),
        ["concerns"] = ("有意见", "Concerns"), ["dismiss"] = ("异议不成立", "Dismiss"), ["uphold"] = ("异议成立", "Uphold"),
        ["keep"] = ("维持结果", "Keep"), ["lower"] = ("下调星级", "Lower"), ["good"] = ("好", "Good"), ["fair"] = ("一般", "Fair"),
        ["poor"] = ("差", "Poor"), ["demote"] = ("建议降星", "Propose demotion"),
        ["agree"] = ("同意", "Agree"), ["disagree"] = ("不同意", "Disagree"), ["sign-added"] = ("已请他人先签", "Asked another to sign first"),
    };

    public static string Outcome(string? key) => key is null ? "—" : Outcomes.TryGetValue(key, out var o) ? T(o.Zh, o.En) : key;

    private static readonly Dictionary<string, (string Zh, string En)> Statuses = new()
    {
        ["published"] = ("已公开", "Published"), ["open"] = ("公示中", "Open"), ["investigating"] = ("异议核查中", "Investigating"),
        ["withdrawn"] = ("已撤回", "Withdrawn"), ["closed"] = ("公示结束", "Closed"), ["running"] = ("进行中", "Running"),
        ["approved"] = ("已审定", "Approved"), ["noticed"] = ("公示中", "On notice"), ["ratified"] = ("已授星", "Ratified"),
        ["rejected"] = ("未通过", "Rejected"), ["pending"] = ("待核查", "Pending"), ["dismissed"] = ("不成立", "Dismissed"),
        ["upheld"] = ("成立", "Upheld"), ["completed"] = ("已完成", "Completed"), ["cancelled"] = ("已取消", "Cancelled"),
    };

    public static string Status(string? key) => key is null ? "—" : Statuses.TryGetValue(key, out var s) ? T(s.Zh, s.En) : key;

    private static readonly Dictionary<string, (string Zh, string En)> NoticeKinds = new()
    {
        ["pledge"] = ("承诺公开", "Pledge"), ["rating"] = ("评星结果公示", "Rating result"), ["demotion"] = ("降星公示", "Demotion"),
    };

    private static readonly Dictionary<string, (string Zh, string En)> Sectors = new()
    {
        ["rural"] = ("农村", "Rural"), ["community"] = ("社区", "Community"), ["organ"] = ("机关事业单位", "Government organs"),
        ["non-public"] = ("非公有制经济组织和社会组织", "Non-public and social organizations"), ["township"] = ("镇党委", "Township committee"),
    };

    /// <summary>A sector (领域) by its Chinese name; <c>township</c> is the committees' own.</summary>
    public static string Sector(string? key) => key is null ? T("各领域", "Every sector") : Sectors.TryGetValue(key, out var s) ? T(s.Zh, s.En) : key;

    public static IReadOnlyList<string> SectorKeys => [.. Sectors.Keys];

    /// <summary>A star's name, a 个性星 marked as such.</summary>
    public static string StarName(string name, bool individual) => individual ? name + T("（个性星）", " (individual)") : name;

    public static string StarName(Core.Schemes.Star star) => StarName(star.Name, !star.IsCommon);

    private static readonly Dictionary<string, (string Zh, string En)> RoleNames = new()
    {
        [Core.Users.Roles.Administrator] = ("系统管理员", "Administrator"),
        [Core.Users.Roles.OrgDepartment] = ("组织部门", "Organization department"),
        [Core.Users.Roles.Secretary] = ("党组织书记", "Secretary"),
        [Core.Users.Roles.Committee] = ("评审委员", "Committee member"),
        [Core.Users.Roles.Discipline] = ("执纪执法部门", "Discipline"),
    };

    public static string Role(string key) => RoleNames.TryGetValue(key, out var r) ? T(r.Zh, r.En) : key;

    public static string SubjectKind(string? key) => key switch
    {
        "organization" => T("党组织", "Organizations"), "member" => T("党员", "Members"), _ => T("党组织和党员", "Organizations and members"),
    };

    public static string NoticeKind(string key) => NoticeKinds.TryGetValue(key, out var k) ? T(k.Zh, k.En) : key;
}
