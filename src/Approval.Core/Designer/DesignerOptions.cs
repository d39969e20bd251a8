using Approval.Core.Forms;
using Approval.Core.Users;
using Approval.Engine.Runtime;

namespace Approval.Core.Designer;

public sealed record NamedOption(string Id, string Name);

/// <summary>What the designer's dropdowns offer: topics the host handles, roles, form keys, deployed processes.</summary>
public sealed record DesignerOptions(IReadOnlyList<string> Topics, IReadOnlyList<NamedOption> Groups, IReadOnlyList<NamedOption> FormKeys, IReadOnlyList<string> Processes)
{
    private static readonly Dictionary<string, string> RoleNames = new(StringComparer.Ordinal)
    {
        [Roles.Secretary] = "支部书记（本组织）", [Roles.OrgDepartment] = "组织部门（上级）", [Roles.Committee] = "评审委员会",
        [Roles.Discipline] = "执纪执法部门", [Roles.Administrator] = "系统管理员",
    };

    // The forms' own titles live in their pages; these are the names an administrator picks them by.
    private static readonly Dictionary<string, string> FormNames = new(StringComparer.Ordinal)
    {
        ["campaign-confirm"] = "确认方案与定星", ["pledge"] = "公开承诺", ["approval"] = "审核审批（同意／退回／不同意）",
        ["monthly-report"] = "月度践诺报告", ["practice-check"] = "季度检查／半年回头看", ["self-evaluation"] = "自评",
        ["vote-session"] = "民主测评（计票）", ["assessment"] = "上级考评打分", ["discipline-opinion"] = "执纪执法部门意见", ["application"] = "申报创星（自评与申报星级）", ["grading"] = "等次评定（正态分布）",
        ["quota-review"] = "名额超限审核", ["objection-review"] = "异议核查", ["recheck-findings"] = "动态复查发现",
        ["obligation-record"] = "组织生活记录",
    };

    public static DesignerOptions Build(WorkflowRuntime runtime, FormCatalog forms, IEnumerable<string> processKeys) => new(
        runtime.Topics.Order(StringComparer.Ordinal).ToList(),
        Roles.All.Where(r => r != Roles.Administrator).Select(r => new NamedOption(r, RoleNames.GetValueOrDefault(r, r))).ToList(),
        forms.Keys.Select(k => new NamedOption(k, FormNames.GetValueOrDefault(k, k))).ToList(),
        processKeys.Distinct().Order(StringComparer.Ordinal).ToList());
}
