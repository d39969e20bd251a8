using Approval.Core.Records;
using Approval.Engine.Execution;
using static Approval.Web.Pages.Shared.Ui;

namespace Approval.Web.Pages.Records;

/// <summary>How a record's lines and a certificate's level read (the pages' one text mechanism, <see cref="Shared.Ui.T"/>).</summary>
public static class RecordText
{
    /// <summary>The step column: the step, or what happened to the instance (开始, 退回 to, 撤回, moved to, 结束).</summary>
    public static string Step(RecordEntry e) => e.Kind switch
    {
        HistoryKinds.InstanceStarted => T("流程开始", "Started"),
        HistoryKinds.InstanceCompleted => T("流程结束", "Finished"),
        HistoryKinds.InstanceTerminated => T("流程终止", "Terminated"),
        HistoryKinds.TaskReturned => T($"{e.Step} → 退回到 {e.Target}", $"{e.Step} → returned to {e.Target}"),
        HistoryKinds.TokensMoved => T($"管理员调整到：{e.Step}", $"Moved by an administrator to: {e.Step}"),
        _ => e.Step,
    };

    /// <summary>The outcome column: the outcome chosen, or the action (退回, 撤回, 转交 to whom).</summary>
    public static string Outcome(RecordEntry e) => e.Kind switch
    {
        HistoryKinds.TaskCompleted => e.Hidden ? "" : e.Outcome is null ? T("办结", "Done") : Shared.Ui.Outcome(e.Outcome),
        HistoryKinds.TaskReturned => T("退回", "Returned"),
        HistoryKinds.TaskWithdrawn => T("撤回", "Withdrawn"),
        HistoryKinds.TaskTransferred => T($"转交给 {e.Target}", $"Handed to {e.Target}"),
        HistoryKinds.TokensMoved => T("调整流程位置", "Moved"),
        HistoryKinds.SignAddedBefore => T($"请 {e.Target} 先行会签", $"Asked {e.Target} to sign first"),
        HistoryKinds.SignAddedAfter => T($"加签 {e.Target} 在后签批", $"Asked {e.Target} to sign after"),
        _ => "",
    };

    /// <summary>The running header of a printed page: the campaign (or the process) and the year.</summary>
    public static string Header(ApprovalRecord r)
    {
        var title = r.CampaignName ?? r.ProcessName;
        // A campaign's name says its year already (2027年度青山县委…创建).
        return r.Year is { } y && !title.Contains(y.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            ? title + T($" · {y}年度", $" · {y}") : title;
    }

    public static string Header(RatingCertificate c) => c.CampaignName ?? T($"{c.Year}年度", $"{c.Year}");

    public static string SubjectKind(string? kind) => kind switch
    {
        "member" => T("党员", "Member"),
        "organization" => T("党组织", "Organization"),
        _ => "",
    };

    private static readonly string[] Numerals = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

    /// <summary>The certificate's title: 八星级党组织, 五星级党员; a graded scheme's grade (六好: 优秀).</summary>
    public static string Level(RatingCertificate c) => c.Grade is { } grade
        ? T($"{c.SchemeName} · {grade}", $"{c.SchemeName} · {grade}")
        : T($"{(c.Level is >= 1 and <= 10 ? Numerals[c.Level.Value] : c.Level.ToString())}星级{(c.SubjectKind == "member" ? "党员" : "党组织")}",
            $"{c.Level}-star {(c.SubjectKind == "member" ? "member" : "organization")}");

    /// <summary>A date as a certificate writes it: 2027年12月20日.</summary>
    public static string LongDate(DateTimeOffset at)
    {
        var local = at.ToOffset(TimeSpan.FromHours(8)); // as Ui.Time: China time
        return T($"{local.Year}年{local.Month}月{local.Day}日", local.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture));
    }
}
