namespace Approval.Core.Schemes;

/// <summary>The words a scheme's coded fields take: what <see cref="SchemeValidator"/> accepts and the editor offers.</summary>
public static class SchemeTerms
{
    public static readonly string[] Methods = ["stars", "bands", "weighted"];
    public static readonly string[] Awards = ["score", "vote", "daily"];
    /// <summary>共性星 / 个性星 (Scheme A); only common stars count towards the top level.</summary>
    public static readonly string[] StarKinds = ["common", "individual"];
    public static readonly string[] Subjects = ["organization", "member"];
    /// <summary>The sectors a rule may name: the organizations' four, and <c>township</c>, the committees' own (镇党委).</summary>
    public static readonly IReadOnlySet<string> Sectors = Orgs.OrgVocabulary.Sectors.Append("township").ToHashSet();
    public static readonly string[] CapConditions = ["reelection-overdue", "reelection-overdue-days", "absences", "bottom-ranked"];
    public static readonly string[] Facts = ["commendations", "innovations", "criticisms", "leaderSanctions", "memberViolations", "absences"];
    public static readonly string[] Aggregates = ["max", "sum"];
    public static readonly string[] Comparisons = ["max", "min"];

    /// <summary>
    /// Events a scheme's absence rule may count (<see cref="RatingScheme.AbsenceEvents"/>): the owner's meetings,
    /// trainings and assigned tasks the organization department above records (Scheme C: "无故不参加市直工委组织召开的
    /// 会议、培训或不按时完成市直工委安排部署的工作任务"), a lapsed monthly report, a missed 三会一课 or 主题党日.
    /// </summary>
    public static readonly string[] AbsenceEvents = ["owner-meeting", "owner-training", "owner-task", "missed-report", "missed-obligation"];

    /// <summary>The kinds the organization department above records by hand; the other two come from the workflows.</summary>
    public static readonly string[] RecordedAbsenceEvents = ["owner-meeting", "owner-training", "owner-task"];

    public static (string Zh, string En) AbsenceEventName(string kind) => kind switch
    {
        "owner-meeting" => ("无故不参加上级组织召开的会议", "missed a meeting called by the organization above"),
        "owner-training" => ("无故不参加上级组织的培训", "missed a training held by the organization above"),
        "owner-task" => ("未按时完成上级安排部署的工作任务", "did not finish a task assigned from above on time"),
        "missed-report" => ("月度践诺报告逾期未报", "monthly pledge report lapsed"),
        "missed-obligation" => ("组织生活未按期开展", "meeting or activity day not held"),
        _ => (kind, kind),
    };
    /// <summary>
    /// Scheme D's forced distribution, for equal scores that straddle a share's boundary: <c>better</c> gives them
    /// all the better grade (the first of them in rank), <c>worse</c> the worse one (the last of them).
    /// </summary>
    public static readonly string[] GradeTies = ["better", "worse"];
}
