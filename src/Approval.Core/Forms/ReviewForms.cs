using System.Text.Json;

namespace Approval.Core.Forms;

/// <summary>分类定星确认: the campaign owner confirms the scheme and the stars per sector.</summary>
public sealed class CampaignConfirmForm : TaskForm
{
    public override string Key => "campaign-confirm";
    public override IReadOnlyList<string> Outcomes { get; } = ["confirm"];

    protected override void Read(FormContext context, string outcome, string? comment, FormValues values, Dictionary<string, JsonElement> variables) =>
        variables["starsConfirmed"] = Json(true);
}

/// <summary>
/// An approval with an opinion (审核 / 审批 / 复审): approve, return with a reason, or reject with a reason. The
/// opinion also goes into the ledger's approval chain.
/// </summary>
public sealed class ApprovalForm : TaskForm
{
    public override string Key => "approval";
    public override IReadOnlyList<string> Outcomes { get; } = ["approve", "return", "reject"];

    protected override void Read(FormContext context, string outcome, string? comment, FormValues values, Dictionary<string, JsonElement> variables)
    {
        if (outcome != "approve" && comment is null) values.Problem("comment", "退回或不同意时须写明理由 / a return or rejection needs a reason.");
        variables["opinion"] = Json(comment);
    }
}

/// <summary>征求执纪执法部门意见: "所有考核审定结果均征求执纪执法部门意见".</summary>
public sealed class DisciplineOpinionForm : TaskForm
{
    public override string Key => "discipline-opinion";
    public override IReadOnlyList<string> Outcomes { get; } = ["clear", "concerns"];

    protected override void Read(FormContext context, string outcome, string? comment, FormValues values, Dictionary<string, JsonElement> variables)
    {
        if (outcome == "concerns" && comment is null) values.Problem("comment", "有意见时须写明具体情况 / concerns need to be described.");
        variables["disciplineOpinion"] = Json(new { outcome, comment });
    }
}

/// <summary>异议核查: the investigator dismisses or upholds the objections shown (their ids), with findings.</summary>
public sealed class ObjectionReviewForm : TaskForm
{
    public override string Key => "objection-review";
    public override IReadOnlyList<string> Outcomes { get; } = ["dismiss", "uphold"];

    protected override void Read(FormContext context, string outcome, string? comment, FormValues values, Dictionary<string, JsonElement> variables)
    {
        if (comment is null) values.Problem("comment", "请填写核查情况 / describe what the investigation found.");
        variables["objectionIds"] = Json(values.Lines("objectionIds"));
        variables["opinion"] = Json(comment);
    }
}

/// <summary>名额超限审核: keep the result although the quota is exceeded, or lower it.</summary>
public sealed class QuotaReviewForm : TaskForm
{
    public override string Key => "quota-review";
    public override IReadOnlyList<string> Outcomes { get; } = ["keep", "lower"];

    protected override void Read(FormContext context, string outcome, string? comment, FormValues values, Dictionary<string, JsonElement> variables)
    {
        var current = context.Get<Ratings.RatingResult>("result")?.Level ?? 0;
        if (outcome == "lower")
        {
            if (current <= 0) values.Problem("quotaLevel", "当前结果没有可下调的星级 / there is no level to lower.");
            else if (values.Int("quotaLevel", 0, current - 1, required: true, "调整后星级") is { } level) variables["quotaLevel"] = Json(level);
        }
        if (outcome == "keep" && comment is null) values.Problem("comment", "超出名额仍维持时须说明理由 / keeping a result over the quota needs a reason.");
        variables["opinion"] = Json(comment);
    }
}

/// <summary>月度践诺报告: what was done this month against the pledge (月兑现).</summary>
public sealed class MonthlyReportForm : TaskForm
{
    public override string Key => "monthly-report";
    public override IReadOnlyList<string> Outcomes { get; } = ["submit"];

    protected override void Read(FormContext context, string outcome, string? comment, FormValues values, Dictionary<string, JsonElement> variables)
    {
        var done = values.Text("done", 2000, required: true, "本月践诺情况");
        var plan = values.Text("plan", 1000, required: false, "下月计划");
        var issues = values.Text("issues", 1000, required: false, "存在问题");
        variables["report"] = Json(new { done, plan, issues });
    }
}

/// <summary>季度检查 / 半年回头看: the checking organization's verdict on the practice so far.</summary>
public sealed class PracticeCheckForm : TaskForm
{
    public override string Key => "practice-check";
    public override IReadOnlyList<string> Outcomes { get; } = ["good", "fair", "poor"];

    protected override void Read(FormContext context, string outcome, string? comment, FormValues values, Dictionary<string, JsonElement> variables)
    {
        if (outcome != "good" && comment is null) values.Problem("comment", "请写明需要整改的问题 / describe what needs to improve.");
        variables["check"] = Json(new { rating = outcome, comment });
    }
}
