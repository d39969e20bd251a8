using System.Text.Json;

namespace Approval.Core.Forms;

/// <summary>
/// 分类定星确认: the campaign owner confirms the scheme's common stars per sector and publishes the 个性星 catalogue
/// ("分层分类设定": names, a short standard, who and which sectors each is for), which every pledge then offers.
/// Without catalogue rows (an API call) the scheme's own individual stars are published.
/// </summary>
public sealed class CampaignConfirmForm(Schemes.SchemeCatalog schemes) : TaskForm
{
    public override string Key => "campaign-confirm";
    public override IReadOnlyList<string> Outcomes { get; } = ["confirm"];
    public const int MaxCatalogue = 40;

    protected override void Read(FormContext context, string outcome, string? comment, FormValues values, Dictionary<string, JsonElement> variables)
    {
        var scheme = RatingSubject.SchemeOf(context, schemes);
        variables["starsConfirmed"] = Json(true);
        if (scheme is not { IndividualStarSlots: > 0 }) return;
        var posted = values.Raw("catalogue") is not null || values.Rows("catalogue", 1).Count > 0;
        var catalogue = posted ? ReadCatalogue(scheme, values) : [.. scheme.Stars.Where(s => !s.IsCommon)];
        variables["individualStarCatalogue"] = Json(catalogue.Select((s, i) => s with { Key = $"ind-{i + 1}", Kind = "individual" }).ToList());
    }

    private static List<Schemes.Star> ReadCatalogue(Schemes.RatingScheme scheme, FormValues values)
    {
        var catalogue = new List<Schemes.Star>();
        var rows = values.Rows("catalogue", MaxCatalogue + 1);
        if (rows.Count > MaxCatalogue) values.Problem(FieldCodes.TooMany, "catalogue", $"个性星目录最多{MaxCatalogue}项 / the catalogue holds at most {MaxCatalogue} stars.");
        foreach (var row in rows.Take(MaxCatalogue))
        {
            var name = row.Text("name", PledgeForm.MaxNameLength, required: false, "个性星名称");
            var standard = row.Text("standard", PledgeForm.MaxStandardLength, required: false, "争创标准");
            if (name is null)
            {
                if (standard is not null) row.Problem(FieldCodes.Required, "name", "请填写个性星名称 / name the individual star.");
                continue;
            }
            if (scheme.Stars.Any(s => s.IsCommon && s.Name == name) || catalogue.Any(s => s.Name == name))
                row.Problem(FieldCodes.Duplicate, "name", $"“{name}”与已有的星重名 / '{name}' is already a star.");
            var award = row.Text("award", 10, required: false, "得星方式") ?? "vote";
            if (award is not ("vote" or "daily")) row.Problem(FieldCodes.InvalidChoice, "award", "得星方式须为民主测评或日常管理 / award is vote or daily.");
            var subject = row.Text("subject", 20, required: false, "适用对象");
            if (subject is not (null or "organization" or "member")) row.Problem(FieldCodes.InvalidChoice, "subject", "适用对象须为党组织或党员 / subject is organization or member.");
            var sectors = row.Lines("sectors").Distinct().ToList();
            foreach (var unknown in sectors.Where(x => !Schemes.SchemeTerms.Sectors.Contains(x)))
                row.Problem(FieldCodes.UnknownReference, "sectors", $"未知的领域“{unknown}” / unknown sector '{unknown}'.");
            var sectorList = sectors.Count == 0 ? null : sectors;
            List<Schemes.Applicability> appliesTo = subject is null
                ? sectorList is null ? [] : [new("organization", sectorList), new("member", sectorList)]
                : [new(subject, sectorList)];
            catalogue.Add(new Schemes.Star { Key = "", Name = name, Award = award, Kind = "individual", Standard = standard, AppliesTo = appliesTo });
        }
        return catalogue;
    }
}

/// <summary>
/// An approval with an opinion (审核 / 审批 / 复审): approve, return with a reason, or reject with a reason. The
/// opinion also goes into the ledger's approval chain; an optional internal note is read only upward.
/// </summary>
public sealed class ApprovalForm : TaskForm
{
    public override string Key => "approval";
    public override IReadOnlyList<string> Outcomes { get; } = ["approve", "return", "reject"];

    protected override void Read(FormContext context, string outcome, string? comment, FormValues values, Dictionary<string, JsonElement> variables)
    {
        if (outcome != "approve" && comment is null) values.Problem(FieldCodes.Required, "comment", "退回或不同意时须写明理由 / a return or rejection needs a reason.");
        variables["opinion"] = Json(comment);
        // An internal note goes to the reviewing level and above only, never to the rated organization (issue 14 §4).
        if (values.Text("internalNote", 2000, required: false, "内部意见") is { } note)
            variables[Tasks.TaskAccess.InternalNoteVariable(context.Task.Id)] = Json(note);
    }
}

/// <summary>
/// 前加签: the opinion of a person the task's holder asked first (agree or not, with a reason when not). It sets no
/// variable: the step's decision stays with the holder, who reads the opinion in the history when the task comes back.
/// </summary>
public sealed class CountersignForm : TaskForm
{
    public const string FormKey = "countersign";
    public override string Key => FormKey;
    public override IReadOnlyList<string> Outcomes { get; } = ["agree", "disagree"];

    // The step's ap:outcomes narrow the step's own form, not an opinion asked on it.
    public override IReadOnlyList<string> OutcomesFor(Engine.Runtime.TaskRecord task) => Outcomes;

    protected override void Read(FormContext context, string outcome, string? comment, FormValues values, Dictionary<string, JsonElement> variables)
    {
        if (outcome != "agree" && comment is null) values.Problem(FieldCodes.Required, "comment", "不同意时须写明理由 / say why you disagree.");
    }
}

/// <summary>征求执纪执法部门意见: "所有考核审定结果均征求执纪执法部门意见".</summary>
public sealed class DisciplineOpinionForm : TaskForm
{
    public override string Key => "discipline-opinion";
    public override IReadOnlyList<string> Outcomes { get; } = ["clear", "concerns"];

    protected override void Read(FormContext context, string outcome, string? comment, FormValues values, Dictionary<string, JsonElement> variables)
    {
        if (outcome == "concerns" && comment is null) values.Problem(FieldCodes.Required, "comment", "有意见时须写明具体情况 / concerns need to be described.");
        variables["disciplineOpinion"] = Json(new DisciplineOpinion(outcome, comment));
    }
}

/// <summary>The discipline department's opinion on a proposed result; shown to the assessor and above, never to the rated.</summary>
public sealed record DisciplineOpinion(string Outcome, string? Comment);

/// <summary>异议核查: the investigator dismisses or upholds the objections shown (their ids), with findings.</summary>
public sealed class ObjectionReviewForm : TaskForm
{
    public override string Key => "objection-review";
    public override IReadOnlyList<string> Outcomes { get; } = ["dismiss", "uphold"];

    protected override void Read(FormContext context, string outcome, string? comment, FormValues values, Dictionary<string, JsonElement> variables)
    {
        if (comment is null) values.Problem(FieldCodes.Required, "comment", "请填写核查情况 / describe what the investigation found.");
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
            if (current <= 0) values.Problem(FieldCodes.WrongState, "quotaLevel", "当前结果没有可下调的星级 / there is no level to lower.");
            else if (values.Int("quotaLevel", 0, current - 1, required: true, "调整后星级") is { } level) variables["quotaLevel"] = Json(level);
        }
        if (outcome == "keep" && comment is null) values.Problem(FieldCodes.Required, "comment", "超出名额仍维持时须说明理由 / keeping a result over the quota needs a reason.");
        variables["opinion"] = Json(comment);
    }
}

/// <summary>月度践诺报告: what was done this month against the pledge (月兑现).</summary>
public sealed class MonthlyReportForm : TaskForm
{
    public override string Key => "monthly-report";
    public override IReadOnlyList<string> Outcomes { get; } = ["submit"];
    public override string? FileField => "attachments";

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
        if (outcome != "good" && comment is null) values.Problem(FieldCodes.Required, "comment", "请写明需要整改的问题 / describe what needs to improve.");
        variables["check"] = Json(new { rating = outcome, comment });
    }
}

/// <summary>
/// 等次评定: the grading committee confirms the grades the scheme's shares give the organizations it rated ("且呈正态
/// 分布"); the list is the rule's, not the committee's choice, so the form takes only a remark.
/// </summary>
public sealed class GradingForm : TaskForm
{
    public override string Key => "grading";
    public override IReadOnlyList<string> Outcomes { get; } = ["confirm"];

    protected override void Read(FormContext context, string outcome, string? comment, FormValues values, Dictionary<string, JsonElement> variables)
    {
        if (context.Get<List<Ratings.GradingCandidate>>("gradingCandidates") is not { Count: > 0 })
            values.Problem(FieldCodes.WrongState, "outcome", "没有可评定等次的组织 / there is no organization to grade.");
    }
}
