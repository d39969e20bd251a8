using System.Text.RegularExpressions;
using Approval.Engine;

namespace Approval.Core.Schemes;

/// <summary>
/// The rules a scheme must satisfy before anything is rated with it. Every problem names the JSON path it concerns,
/// so the editor can show it beside that field; messages are "中文 / English" like every other problem shown.
/// </summary>
internal static partial class SchemeValidator
{
    private static readonly string[] Methods = SchemeTerms.Methods;
    private static readonly string[] Awards = SchemeTerms.Awards;
    private static readonly string[] Subjects = SchemeTerms.Subjects;
    private static readonly string[] CapConditions = SchemeTerms.CapConditions;
    private static readonly string[] Facts = SchemeTerms.Facts;
    private static readonly string[] GradeTies = SchemeTerms.GradeTies;

    /// <summary>A key appears in addresses (<c>/schemes/{key}</c>); "new" is the editor's own address.</summary>
    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KeyPattern();

    public static IEnumerable<Problem> Validate(RatingScheme s)
    {
        var problems = new List<Problem>();
        void Add(string code, string path, string message) => problems.Add(new Problem(code, path, message));

        if (string.IsNullOrWhiteSpace(s.Key)) Add(FieldCodes.Required, "$.key", "请填写方案标识 / key is required.");
        else if (!KeyPattern().IsMatch(s.Key) || s.Key.Length > 64 || s.Key == "new")
            Add(FieldCodes.InvalidFormat, "$.key", "方案标识只能由小写字母、数字和连字符组成(不超过64个字符,不能是 new) / key is lower-case letters, digits and hyphens (at most 64, not \"new\").");
        if (string.IsNullOrWhiteSpace(s.Name)) Add(FieldCodes.Required, "$.name", "请填写方案名称 / name is required.");
        if (s.Version < 1) Add(FieldCodes.OutOfRange, "$.version", "版本号从1开始 / version starts at 1.");
        if (!Methods.Contains(s.Method)) Add(FieldCodes.InvalidChoice, "$.method", $"评定方式须为 {string.Join("、", Methods)} 之一 / method must be one of {string.Join(", ", Methods)}.");
        if (s.Method == "stars" && s.Stars.Count == 0) Add(FieldCodes.Required, "$.stars", "按星评定的方案须设星 / a stars scheme needs stars.");
        if (s.Method == "bands" && s.Bands.Count == 0) Add(FieldCodes.Required, "$.bands", "按分数段评定的方案须设分数段 / a bands scheme needs bands.");
        if (s.Method == "weighted") Weighted(Add, s);
        if (s.GradeTies is not null && !GradeTies.Contains(s.GradeTies))
            Add(FieldCodes.InvalidChoice, "$.gradeTies", $"同分定等规则须为 {string.Join("、", GradeTies)} 之一 / gradeTies must be one of {string.Join(", ", GradeTies)}.");
        if (s.IndividualStarSlots is < 0 or > 20) Add(FieldCodes.OutOfRange, "$.individualStarSlots", "个性星数须在0至20之间 / individualStarSlots is between 0 and 20.");
        Ratio(Add, "$.starScoreThreshold", s.StarScoreThreshold);
        Ratio(Add, "$.voteThreshold", s.VoteThreshold);
        Ratio(Add, "$.participation", s.Participation);

        for (var i = 0; i < s.AppliesTo.Count; i++) SubjectRules(Add, s, i);
        for (var i = 0; i < s.Stars.Count; i++) StarRules(Add, s, i);
        for (var i = 0; i < s.Bands.Count; i++)
        {
            if (s.Bands[i].Min is < 0 or > 100) Add(FieldCodes.OutOfRange, $"$.bands[{i}].min", "最低分须在0至100之间 / min must be between 0 and 100.");
            if (s.Bands[i].Level < 1) Add(FieldCodes.OutOfRange, $"$.bands[{i}].level", "星级从1开始 / level starts at 1.");
            if (s.Bands.Take(i).Any(b => b.Level == s.Bands[i].Level)) Add(FieldCodes.Duplicate, $"$.bands[{i}].level", $"{s.Bands[i].Level}星有两个分数段 / level {s.Bands[i].Level} has two bands.");
        }
        for (var i = 0; i < s.Areas.Count; i++)
            if (string.IsNullOrWhiteSpace(s.Areas[i].Key)) Add(FieldCodes.Required, $"$.areas[{i}].key", "请填写标识 / key is required.");
        for (var i = 0; i < s.Bonuses.Count; i++) BonusRules(Add, s.Bonuses[i], $"$.bonuses[{i}]");
        for (var i = 0; i < s.Deductions.Count; i++)
        {
            var d = s.Deductions[i];
            if (!Facts.Contains(d.Fact)) Add(FieldCodes.UnknownReference, $"$.deductions[{i}].fact", $"未知的事实“{d.Fact}” / unknown fact '{d.Fact}'.");
            if ((d.Values is null) == (d.PointsEach is null))
                Add(FieldCodes.Inconsistent, $"$.deductions[{i}]", "扣分项须按类别设分值(values)或按次设分值(pointsEach),二者取一 / a deduction has either values (per kind) or pointsEach (per count).");
            if (d.Values is not null && (d.Values.Count == 0 || d.Values.Values.Any(v => v < 0)))
                Add(FieldCodes.OutOfRange, $"$.deductions[{i}].values", "分值须填写且不能为负 / values must be present and not negative.");
            if (d.PointsEach is < 0) Add(FieldCodes.OutOfRange, $"$.deductions[{i}].pointsEach", "分值不能为负 / pointsEach cannot be negative.");
        }
        for (var i = 0; i < s.Satisfaction.Count; i++)
        {
            var r = s.Satisfaction[i];
            if (r.Below is <= 0 or > 1) Add(FieldCodes.OutOfRange, $"$.satisfaction[{i}].below", "满意率界限须在0至1之间 / below is a rate between 0 and 1.");
            if (r.Deduct is null && !r.NoLevel) Add(FieldCodes.Required, $"$.satisfaction[{i}]", "满意率规则须扣分或不定星级 / a satisfaction rule deducts points or gives no level.");
        }
        for (var i = 0; i < s.Caps.Count; i++) CapRules(Add, s.Caps[i], $"$.caps[{i}]");
        if (s.ApplicationRound is { } round && round.DueIn(2028) is null) // a leap year, so that 02-29 is a date
            Add(FieldCodes.InvalidFormat, "$.applicationRound.due", "申报截止日须为 月-日,如 06-05 / due is month-day, such as 06-05.");
        if (s.FinalApproval is { } final && (string.IsNullOrWhiteSpace(final.Name) || final.Name.Length > 20))
            Add(string.IsNullOrWhiteSpace(final.Name) ? FieldCodes.Required : FieldCodes.TooLong, "$.finalApproval.name", "请填写批准机构名称(20字以内),如 工委会批准 / name the approving body (at most 20 characters).");
        for (var i = 0; i < s.AbsenceEvents.Count; i++)
            if (!SchemeTerms.AbsenceEvents.Contains(s.AbsenceEvents[i]))
                Add(FieldCodes.InvalidChoice, $"$.absenceEvents[{i}]", $"缺席事项须为 {string.Join("、", SchemeTerms.AbsenceEvents)} 之一 / absence events are {string.Join(", ", SchemeTerms.AbsenceEvents)}.");
        for (var i = 0; i < s.Quotas.Count; i++)
        {
            if (s.Quotas[i].Comparison is not ("max" or "min")) Add(FieldCodes.InvalidChoice, $"$.quotas[{i}].comparison", "比较方式须为 max(上限)或 min(下限) / comparison must be max or min.");
            if (s.Quotas[i].Share is <= 0 or > 1) Add(FieldCodes.OutOfRange, $"$.quotas[{i}].share", "比例须在0至1之间 / share is between 0 and 1.");
        }
        return problems;
    }

    private static void Weighted(Action<string, string, string> add, RatingScheme s)
    {
        if (s.Dimensions.Count == 0) add(FieldCodes.Required, "$.dimensions", "加权方案须设维度 / a weighted scheme needs dimensions.");
        if (s.Dimensions.Count > 0 && s.Dimensions.Sum(d => d.Weight) != 100)
            add(FieldCodes.Inconsistent, "$.dimensions", $"各维度分值合计 {s.Dimensions.Sum(d => d.Weight)},不是100 / dimension weights add up to {s.Dimensions.Sum(d => d.Weight)}, not 100.");
        for (var i = 0; i < s.Dimensions.Count; i++) DimensionRules(add, s, i);
        // The grades are handed out over the organizations rated together ("且呈正态分布"): shares and a tie rule.
        if (s.Grades.Count == 0) add(FieldCodes.Required, "$.grades", "加权方案须设等次及其比例 / a weighted scheme needs grades with their shares.");
        else if (s.Grades.Sum(g => g.Share) != 1)
            add(FieldCodes.Inconsistent, "$.grades", $"各等次比例合计 {s.Grades.Sum(g => g.Share)},不是1 / grade shares add up to {s.Grades.Sum(g => g.Share)}, not 1.");
        for (var i = 0; i < s.Grades.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(s.Grades[i].Grade)) add(FieldCodes.Required, $"$.grades[{i}].grade", "请填写等次名称 / grade is required.");
            if (s.Grades[i].Share is <= 0 or > 1) add(FieldCodes.OutOfRange, $"$.grades[{i}].share", "比例须大于0且不超过1 / share is above 0 and at most 1.");
        }
        if (s.Grades.Count > 0 && s.GradeTies is null)
            add(FieldCodes.Required, "$.gradeTies", $"请说明同分如何定等次({string.Join("、", GradeTies)}) / state how equal scores are graded: {string.Join(" or ", GradeTies)}.");
    }

    /// <summary>"达成目标得分,不达成不得分": each standard has its points, and they make up the dimension's weight.</summary>
    private static void DimensionRules(Action<string, string, string> add, RatingScheme s, int i)
    {
        var dimension = s.Dimensions[i];
        var at = $"$.dimensions[{i}]";
        // The key names the assessment form's fields (standards.<key>.<index>), so it is a plain word.
        if (string.IsNullOrWhiteSpace(dimension.Key)) add(FieldCodes.Required, $"{at}.key", "请填写标识 / key is required.");
        else if (!KeyPattern().IsMatch(dimension.Key))
            add(FieldCodes.InvalidFormat, $"{at}.key", "标识只能由小写字母、数字和连字符组成 / key is lower-case letters, digits and hyphens.");
        else if (s.Dimensions.Take(i).Any(o => o.Key == dimension.Key))
            add(FieldCodes.Duplicate, $"{at}.key", $"维度标识“{dimension.Key}”重复 / dimension key '{dimension.Key}' is used twice.");
        if (string.IsNullOrWhiteSpace(dimension.Name)) add(FieldCodes.Required, $"{at}.name", "请填写维度名称 / name is required.");
        if (dimension.Weight <= 0) add(FieldCodes.OutOfRange, $"{at}.weight", "分值须大于0 / weight must be above 0.");
        if (dimension.Standards.Count == 0)
        {
            add(FieldCodes.Required, $"{at}.standards", "维度须列出具体标准 / a dimension lists its standards.");
            return;
        }
        for (var j = 0; j < dimension.Standards.Count; j++)
        {
            var standard = dimension.Standards[j];
            if (string.IsNullOrWhiteSpace(standard.Text)) add(FieldCodes.Required, $"{at}.standards[{j}].text", $"第{j + 1}条标准须填写内容 / standard {j + 1} needs its text.");
            if (standard.Points <= 0)
                add(FieldCodes.OutOfRange, $"{at}.standards[{j}].points", $"第{j + 1}条标准“{standard.Text}”的分值须大于0 / standard {j + 1} ('{standard.Text}') needs points above 0.");
        }
        if (dimension.StandardPoints != dimension.Weight)
            add(FieldCodes.Inconsistent, $"{at}.standards", $"各标准分值合计 {dimension.StandardPoints},不是维度分值 {dimension.Weight}"
                                   + $" / the standards' points add up to {dimension.StandardPoints}, not the weight {dimension.Weight}.");
    }

    /// <summary>Who a campaign rates: a known subject, known kinds and sectors, and members only where a star is theirs.</summary>
    private static void SubjectRules(Action<string, string, string> add, RatingScheme s, int i)
    {
        var subject = s.AppliesTo[i];
        var at = $"$.appliesTo[{i}]";
        if (!Subjects.Contains(subject.Subject))
            add(FieldCodes.InvalidChoice, $"{at}.subject", $"适用对象须为 {string.Join("、", Subjects)} 之一 / subject must be one of {string.Join(", ", Subjects)}.");
        if (s.AppliesTo.Take(i).Any(o => o.Subject == subject.Subject))
            add(FieldCodes.Duplicate, $"{at}.subject", $"适用对象“{subject.Subject}”出现两次 / subject '{subject.Subject}' is listed twice.");
        foreach (var kind in subject.Kinds ?? [])
            if (!Orgs.OrgVocabulary.Kinds.Contains(kind)) add(FieldCodes.UnknownReference, $"{at}.kinds", $"未知的组织类型“{kind}” / unknown organization kind '{kind}'.");
        foreach (var sector in subject.Sectors ?? [])
            if (!SchemeTerms.Sectors.Contains(sector)) add(FieldCodes.UnknownReference, $"{at}.sectors", $"未知的领域“{sector}” / unknown sector '{sector}'.");
        if (subject.Subject == "member" && subject.Kinds is { Count: > 0 })
            add(FieldCodes.Inconsistent, $"{at}.kinds", "党员不按组织类型区分,请只填领域 / members are chosen by sector, not by organization kind.");
        if (subject.Subject == "member" && !(s.Method == "stars" && s.Stars.Any(x => x.IsCommon && (x.AppliesTo.Count == 0 || x.AppliesTo.Any(a => a.Subject == "member")))))
            add(FieldCodes.Inconsistent, $"{at}.subject", "方案没有适用于党员的共性星,不能评定党员 / no common star applies to members, so the scheme cannot rate them.");
    }

    private static void StarRules(Action<string, string, string> add, RatingScheme s, int i)
    {
        var star = s.Stars[i];
        var at = $"$.stars[{i}]";
        if (string.IsNullOrWhiteSpace(star.Key)) add(FieldCodes.Required, $"{at}.key", "请填写星的标识 / key is required.");
        else if (s.Stars.Take(i).Any(o => o.Key == star.Key)) add(FieldCodes.Duplicate, $"{at}.key", $"星的标识“{star.Key}”重复 / star key '{star.Key}' is used twice.");
        if (string.IsNullOrWhiteSpace(star.Name)) add(FieldCodes.Required, $"{at}.name", "请填写星的名称 / name is required.");
        if (!Awards.Contains(star.Award)) add(FieldCodes.InvalidChoice, $"{at}.award", $"得星方式须为 {string.Join("、", Awards)} 之一 / award must be one of {string.Join(", ", Awards)}.");
        if (star.Award == "score" && star.MaxPoints <= 0) add(FieldCodes.Required, $"{at}.items", "按分数得星的星须有带分值的细项 / a star awarded by score needs items with points.");
        // Said once, at the first star that needs it, not once a star.
        if (star.Award == "score" && s.StarScoreThreshold is null && !s.Stars.Take(i).Any(o => o.Award == "score"))
            add(FieldCodes.Required, "$.starScoreThreshold", $"“{star.Key}”等星按分数得星,方案须设得星分数线 / star '{star.Key}' (and any other) is awarded by score, so the scheme needs a starScoreThreshold.");
        if (star.Award == "vote" && s.VoteThreshold is null && !s.Stars.Take(i).Any(o => o.Award == "vote"))
            add(FieldCodes.Required, "$.voteThreshold", $"“{star.Key}”等星按测评得星,方案须设测评通过线 / star '{star.Key}' (and any other) is awarded by vote, so the scheme needs a voteThreshold.");
        for (var j = 0; j < star.Items.Count; j++)
        {
            if (string.IsNullOrWhiteSpace(star.Items[j].Text)) add(FieldCodes.Required, $"{at}.items[{j}].text", "请填写细项内容 / text is required.");
            if (star.Items[j].Points is < 0) add(FieldCodes.OutOfRange, $"{at}.items[{j}].points", "分值不能为负 / points cannot be negative.");
        }
        if (!SchemeTerms.StarKinds.Contains(star.Kind)) add(FieldCodes.InvalidChoice, $"{at}.kind", $"星的类别须为 {string.Join("、", SchemeTerms.StarKinds)} 之一 / kind must be one of {string.Join(", ", SchemeTerms.StarKinds)}.");
        if (star.Kind == "individual" && s.IndividualStarSlots == 0) add(FieldCodes.Inconsistent, $"{at}.kind", "方案未设个性星名额,不能列个性星 / the scheme has no individual star slots.");
        if (star.Standard is { Length: > 200 }) add(FieldCodes.TooLong, $"{at}.standard", "争创标准不超过200字 / standard is limited to 200 characters.");
        for (var j = 0; j < star.AppliesTo.Count; j++)
            if (!Subjects.Contains(star.AppliesTo[j].Subject))
                add(FieldCodes.InvalidChoice, $"{at}.appliesTo[{j}].subject", $"适用对象须为 {string.Join("、", Subjects)} 之一 / subject must be one of {string.Join(", ", Subjects)}.");
    }

    private static void BonusRules(Action<string, string, string> add, BonusGroup b, string at)
    {
        if (b.Aggregate is not ("max" or "sum")) add(FieldCodes.InvalidChoice, $"{at}.aggregate", "合计方式须为 max(取最高)或 sum(累加) / aggregate must be max or sum.");
        if (b.Facts.Count == 0) add(FieldCodes.Required, $"{at}.facts", "请至少选择一项事实 / name at least one fact.");
        for (var j = 0; j < b.Facts.Count; j++)
            if (!Facts.Contains(b.Facts[j])) add(FieldCodes.UnknownReference, $"{at}.facts[{j}]", $"未知的事实“{b.Facts[j]}” / unknown fact '{b.Facts[j]}'.");
        if (b.Values.Count == 0 || b.Values.Values.Any(v => v < 0)) add(FieldCodes.OutOfRange, $"{at}.values", "分值须填写且不能为负 / values must be present and not negative.");
    }

    private static void CapRules(Action<string, string, string> add, Cap c, string at)
    {
        if (!CapConditions.Contains(c.Condition))
            add(FieldCodes.InvalidChoice, $"{at}.condition", $"条件须为 {string.Join("、", CapConditions)} 之一 / condition must be one of {string.Join(", ", CapConditions)}.");
        if (c.Condition is "reelection-overdue-days" or "absences" && c.Count is null) add(FieldCodes.Required, $"{at}.count", $"条件 {c.Condition} 须设次数或天数 / condition {c.Condition} needs a count.");
        if (c.MaxLevel is null && c.DemoteBy == 0) add(FieldCodes.Required, at, "限制须设最高星级(maxLevel)或降级数(demoteBy) / a cap sets maxLevel or demoteBy.");
        if (c.DemoteBy < 0) add(FieldCodes.OutOfRange, $"{at}.demoteBy", "降级数不能为负 / demoteBy cannot be negative.");
        if (c.Subject is not null && !Subjects.Contains(c.Subject))
            add(FieldCodes.InvalidChoice, $"{at}.subject", $"适用对象须为 {string.Join("、", Subjects)} 之一或留空 / subject must be one of {string.Join(", ", Subjects)} or empty.");
    }

    private static void Ratio(Action<string, string, string> add, string path, Threshold? threshold)
    {
        if (threshold is { Ratio: <= 0 or > 1 }) add(FieldCodes.OutOfRange, $"{path}.ratio", "比例须在0至1之间 / ratio is between 0 and 1.");
    }
}
