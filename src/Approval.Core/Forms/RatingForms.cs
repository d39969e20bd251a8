using System.Text.Json;
using Approval.Core.Ratings;
using Approval.Core.Schemes;

namespace Approval.Core.Forms;

/// <summary>
/// The scheme and subject a rating form works on, from the instance's variables: the common stars that apply to the
/// subject and, once it has pledged, its 个性星.
/// </summary>
public sealed record RatingSubject(RatingScheme Scheme, Subject Subject, IReadOnlyList<Star> IndividualStars)
{
    public IReadOnlyList<Star> CommonStars => SchemeEvaluator.StarsFor(Scheme, Subject);

    /// <summary>Every star rated for the subject: common ones first, then the 个性星 it pledged.</summary>
    public IReadOnlyList<Star> Stars => [.. CommonStars, .. IndividualStars];

    public static RatingSubject? Of(FormContext context, SchemeCatalog schemes) =>
        SchemeOf(context, schemes) is { } scheme
            ? new RatingSubject(scheme, new Subject(context.Text("subjectKind") ?? "organization", context.Text("subjectSector")),
                Pledge.IndividualStarsOf(context.Variables.TryGetValue("pledge", out var pledge) ? pledge : null))
            : null;

    /// <summary>The version the instance's campaign (or re-check) runs on, as the handlers read it.</summary>
    public static RatingScheme? SchemeOf(FormContext context, SchemeCatalog schemes) =>
        context.Text("schemeKey") is { } key ? schemes.Find(key, context.Get<int?>("schemeVersion")) : null;
}

/// <summary>
/// 公开承诺: "创哪几颗星、如何创、通过哪些实事来兑现承诺". Under a stars scheme the subject chooses common stars and up to
/// the scheme's free slots of 个性星, from the campaign's catalogue or named itself ("'十星'分别由共性星和个性星组成").
/// </summary>
public sealed class PledgeForm(SchemeCatalog schemes) : TaskForm
{
    public override string Key => "pledge";
    public override IReadOnlyList<string> Outcomes { get; } = ["submit"];
    public override string? FileField => "attachments";
    public const int MaxNameLength = 20;
    public const int MaxStandardLength = 200;

    protected override void Read(FormContext context, string outcome, string? comment, FormValues values, Dictionary<string, JsonElement> variables)
    {
        var subject = RatingSubject.Of(context, schemes);
        var common = subject?.CommonStars ?? [];
        var stars = values.Lines("stars").Distinct().ToList();
        int? targetLevel = null;
        List<PledgedStar> individual = [];
        if (common.Count == 0)
        {
            // A banded scheme (Scheme C) has no stars to choose: the pledge names the level aimed at ("定星"). 六好
            // grades by distribution, so its pledge is the measures and deeds alone.
            var top = subject is null ? 5 : SchemeScope.TopLevel(subject.Scheme);
            if (subject?.Scheme.Method != "weighted") targetLevel = values.Int("targetLevel", 1, Math.Max(top, 1), required: true, "争创星级");
        }
        else
        {
            foreach (var unknown in stars.Where(s => common.All(c => c.Key != s)))
                values.Problem(FieldCodes.UnknownReference, "stars", $"“{unknown}”不是本方案中适用的星 / '{unknown}' is not a star of this scheme for this subject.");
            individual = ReadIndividualStars(context, subject!, values);
            if (stars.Count + individual.Count == 0) values.Problem(FieldCodes.Required, "stars", "请选择要争创的星 / choose at least one star.");
        }
        var measures = values.Text("measures", 2000, required: true, "创星措施");
        var deeds = values.Lines("deeds");
        if (deeds.Count == 0) values.Problem(FieldCodes.Required, "deeds", "请至少填写一件承诺实事 / list at least one concrete deed (实事).");
        if (deeds.Count > 20 || deeds.Any(d => d.Length > 200)) values.Problem(FieldCodes.TooMany, "deeds", "实事最多20件,每件不超过200字 / at most 20 deeds of 200 characters.");
        var names = stars.Select(s => common.FirstOrDefault(c => c.Key == s)?.Name ?? s).ToList();
        variables["pledge"] = Json(new Pledge
        {
            Stars = stars, StarNames = names, IndividualStars = individual, TargetLevel = targetLevel, Measures = measures, Deeds = deeds,
        });
    }

    /// <summary>The catalogue's 个性星 ticked (<c>individualStars</c>) and the ones the subject names (<c>ownStars.N.name</c>).</summary>
    private static List<PledgedStar> ReadIndividualStars(FormContext context, RatingSubject subject, FormValues values)
    {
        var slots = subject.Scheme.IndividualStarSlots;
        var offered = SchemeEvaluator.IndividualStarsFor(context.IndividualStarCatalogue, subject.Subject);
        var chosen = new List<PledgedStar>();
        foreach (var key in values.Lines("individualStars").Distinct())
        {
            if (offered.FirstOrDefault(s => s.Key == key) is { } star) chosen.Add(new(star.Key, star.Name, star.Standard, star.Award, Own: false));
            else values.Problem(FieldCodes.UnknownReference, "individualStars", $"“{key}”不在本次活动的个性星目录中 / '{key}' is not in the campaign's catalogue of individual stars.");
        }
        var rows = values.Rows("ownStars", Math.Max(slots, 1) + 4);
        for (var i = 0; i < rows.Count; i++)
        {
            var name = rows[i].Text("name", MaxNameLength, required: false, "个性星名称");
            var standard = rows[i].Text("standard", MaxStandardLength, required: false, "争创标准");
            if (name is null)
            {
                if (standard is not null) rows[i].Problem(FieldCodes.Required, "name", "请填写个性星名称 / name the individual star.");
                continue;
            }
            if (subject.CommonStars.Any(s => s.Name == name) || chosen.Any(s => s.Name == name))
                rows[i].Problem(FieldCodes.Duplicate, "name", $"“{name}”已在所选的星中 / '{name}' is already chosen.");
            chosen.Add(new($"own-{i + 1}", name, standard, "vote", Own: true));
        }
        if (chosen.Count > slots)
            values.Problem(FieldCodes.TooMany, "individualStars", slots == 0
                ? "本方案不设个性星 / this scheme has no individual stars."
                : $"个性星最多选{slots}颗,现有{chosen.Count}颗 / at most {slots} individual stars, {chosen.Count} chosen.");
        return chosen;
    }
}

/// <summary>自评: "党员自评" / "基层党组织负责人代表班子填写自评表".</summary>
public sealed class SelfEvaluationForm(SchemeCatalog schemes) : TaskForm
{
    public override string Key => "self-evaluation";
    public override IReadOnlyList<string> Outcomes { get; } = ["submit"];

    protected override void Read(FormContext context, string outcome, string? comment, FormValues values, Dictionary<string, JsonElement> variables)
    {
        var stars = RatingSubject.Of(context, schemes)?.Stars ?? [];
        var met = values.Section("stars");
        var summary = values.Text("summary", 4000, required: true, "自评总结");
        variables["selfEvaluation"] = Json(new { stars = stars.ToDictionary(s => s.Key, s => met.Bool(s.Key)), summary });
    }
}

/// <summary>
/// 民主测评: the task stands on a vote called for its subject (<see cref="Voting.TaskVotes"/>): members' secret ballots
/// counted when it closes, or two tellers' counts taken on the spot that agree ("票决和测评必须当场唱票"). The form
/// takes that tally as it stands; nobody types the counts here, so no single person's numbers decide a star. Below
/// the scheme's participation minimum the vote is invalid and is held again on its page (重新组织).
/// </summary>
public sealed class VoteSessionForm(SchemeCatalog schemes) : TaskForm
{
    public override string Key => "vote-session";
    public override IReadOnlyList<string> Outcomes { get; } = ["submit"];

    protected override void Read(FormContext context, string outcome, string? comment, FormValues values, Dictionary<string, JsonElement> variables)
    {
        if (RatingSubject.Of(context, schemes) is not { } subject)
        {
            values.Problem(FieldCodes.UnknownReference, "scheme", "本任务没有评星方案 / the task has no rating scheme.");
            return;
        }
        if (!Voting.TaskVotes.HasVote(context, subject))
        {
            // Nothing is voted on (六好, 十星 award no star by vote and set no participation line), or nobody is on the
            // roster to vote: the record says so, and no star is awarded by a vote that was not held.
            variables["votes"] = Json(new Dictionary<string, VoteCount>());
            variables["voteSession"] = Json(new { held = false, eligible = context.Get<int?>("eligibleVoters") ?? 0 });
            return;
        }
        if (context.Vote is not { } vote)
        {
            values.Problem(FieldCodes.WrongState, "vote", "请先发起民主测评 / call the vote first.");
            return;
        }
        var (session, tally) = (vote.Session, vote.Tally);
        if (tally.Status != Voting.TallyStatus.Final)
        {
            values.Problem(FieldCodes.WrongState, "vote", NotFinal(tally));
            return;
        }
        var ballot = Voting.TaskVotes.BallotStars(subject);
        var votes = ballot.Where(b => b.Value != Voting.VoteModes.AppraisalStar && tally.Stars.ContainsKey(b.Value))
            .ToDictionary(b => b.Key, b => tally.Stars[b.Value] with { Eligible = session.Eligible });
        var participants = tally.Participants ?? 0;
        variables["votes"] = Json(votes);
        variables["voteSession"] = Json(new { held = true, sessionId = session.Id, mode = session.Mode, tellers = vote.Tellers, participants, eligible = session.Eligible, round = session.Round });
        if (tally.Stars.TryGetValue(Voting.VoteModes.AppraisalStar, out var members) && ReadAppraisal(values, members, participants, session.Eligible) is { } appraisal)
            variables["appraisal"] = Json(appraisal);
    }

    private static string NotFinal(Voting.Tally tally) => tally.Status switch
    {
        Voting.TallyStatus.HiddenUntilClosed => "测评尚未结束，请结束测评后再提交 / the vote is still open: close it first.",
        Voting.TallyStatus.AwaitingSecondTeller => "须两位计票人各自录入计数 / both tellers must enter their counts.",
        Voting.TallyStatus.Disputed => "两位计票人的计数不一致，请重新唱票 / the tellers' counts differ: count again.",
        Voting.TallyStatus.Invalid => "参与率低于方案要求，测评无效，请在测评页重新组织 / too few took part: the vote is invalid; hold it again on its page.",
        _ => "测评结果尚未确定 / the vote has no result yet.",
    };

    /// <summary>
    /// 党员群众测评 (a scheme without vote stars): "党员扩大会议,吸纳群众代表参加". The members' ballots come from the vote
    /// (whose participation line, "党员参与率一般不低于…80%", it already passed); the representatives of the masses are
    /// not on the roster and fill in paper 测评表, whose number and ballots are entered here, counted apart.
    /// </summary>
    private static Appraisal? ReadAppraisal(FormValues values, VoteCount members, int participants, int eligible)
    {
        var masses = values.Int("masses", 0, 100_000, required: false, "群众代表人数") ?? 0;
        var ballots = values.Section("massBallots");
        var satisfied = ballots.Int("satisfied", 0, 100_000, required: false, "群众满意票") ?? 0;
        var dissatisfied = ballots.Int("dissatisfied", 0, 100_000, required: false, "群众不满意票") ?? 0;
        var abstain = ballots.Int("abstain", 0, 100_000, required: false, "群众弃权票") ?? 0;
        if (satisfied + dissatisfied + abstain > masses)
            values.Problem(FieldCodes.Inconsistent, "massBallots", $"群众代表的票数 {satisfied + dissatisfied + abstain} 超过参加的群众代表 {masses} 人 / more ballots than representatives of the masses.");
        return new Appraisal(participants, eligible, masses, members.Approve + satisfied, members.Disapprove + dissatisfied, members.Abstain + abstain);
    }
}

/// <summary>
/// 上级党组织考评: item points per scored star, the standards met per dimension, the daily-management stars, a total
/// for band schemes, and the facts; scored by the scheme at once, so the form refuses what the scheme cannot rate.
/// </summary>
public sealed class AssessmentForm(SchemeCatalog schemes) : TaskForm
{
    public override string Key => "assessment";
    public override IReadOnlyList<string> Outcomes { get; } = ["submit"];

    protected override void Read(FormContext context, string outcome, string? comment, FormValues values, Dictionary<string, JsonElement> variables)
    {
        if (RatingSubject.Of(context, schemes) is not { } subject)
        {
            values.Problem(FieldCodes.UnknownReference, "scheme", "本任务没有评星方案 / the task has no rating scheme.");
            return;
        }
        var input = ReadInput(subject, values);
        if (values.Problems.Count > 0) return;
        var (_, problems) = SchemeEvaluator.Evaluate(subject.Scheme, AssessmentRequest.Build(subject.Subject, input,
            context.Get<Dictionary<string, VoteCount>>("votes"), subject.IndividualStars, context.Get<Appraisal>("appraisal")));
        foreach (var p in problems) values.Problem(p.Code, p.Where ?? "", p.Message);
        variables["assessment"] = Json(input);
    }

    public static AssessmentInput ReadInput(RatingSubject subject, FormValues values)
    {
        var items = values.Section("itemScores");
        var scores = new Dictionary<string, decimal>();
        foreach (var star in subject.Stars.Where(s => s.Award == "score"))
            if (items.Number(star.Key, 0, star.MaxPoints, required: true, $"{star.Name}得分") is { } points) scores[star.Key] = points;
        // Scheme D: one tick per standard met (standards.<dimension>.<index>); "达成目标得分,不达成不得分".
        var ticked = values.Section("standards");
        var standardsMet = subject.Scheme.Dimensions.ToDictionary(d => d.Key, d => Enumerable.Range(0, d.Standards.Count)
            .Where(i => ticked.Section(d.Key).Bool(i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList());
        var daily = values.Section("dailyStars");
        var facts = values.Section("facts");
        var satisfaction = facts.Number("satisfactionRate", 0, 100, required: false, "群众满意率(%)");
        return new AssessmentInput
        {
            ItemScores = scores,
            StandardsMet = standardsMet,
            DailyStars = subject.Stars.Where(s => s.Award == "daily").ToDictionary(s => s.Key, s => daily.Bool(s.Key)),
            Score = subject.Scheme.Method == "bands" ? values.Number("score", 0, 100, required: true, "总分") : null,
            Facts = new Facts
            {
                SatisfactionRate = satisfaction / 100m,
                Absences = facts.Int("absences", 0, 1000, required: false, "缺席次数") ?? 0,
                MemberViolations = facts.Int("memberViolations", 0, 1000, required: false, "党员违纪人数") ?? 0,
                ReelectionOverdueDays = facts.Int("reelectionOverdueDays", 0, 10_000, required: false, "换届逾期天数") ?? 0,
                ReelectionApproved = facts.Bool("reelectionApproved"),
                BottomRanked = facts.Bool("bottomRanked"),
                Commendations = facts.Lines("commendations"),
                Criticisms = facts.Lines("criticisms"),
                Innovations = facts.Lines("innovations"),
                LeaderSanctions = facts.Lines("leaderSanctions"),
            },
        };
    }
}

/// <summary>复检核查: findings, and a demotion proposal (to a level below the current one) or a confirmation.</summary>
public sealed class RecheckFindingsForm(SchemeCatalog schemes) : TaskForm
{
    public override string Key => "recheck-findings";
    public override IReadOnlyList<string> Outcomes { get; } = ["demote", "confirm"];

    protected override void Read(FormContext context, string outcome, string? comment, FormValues values, Dictionary<string, JsonElement> variables)
    {
        var findings = values.Text("findings", 4000, required: true, "核查情况");
        var current = context.Get<int?>("currentLevel");
        variables["findings"] = Json(findings);
        if (outcome != "demote") return;
        if (current is not > 0)
        {
            values.Problem(FieldCodes.WrongState, "proposedLevel", "该组织目前没有可降的星级 / the organization has no level to lower.");
            return;
        }
        if (values.Int("proposedLevel", 0, current.Value - 1, required: true, "拟定星级") is not { } level) return;
        var scheme = RatingSubject.SchemeOf(context, schemes);
        var rectification = scheme?.Rectification is { } line && (line.Inclusive ? level <= line.Level : level < line.Level);
        variables["result"] = Json(new RatingResult(level == 0 ? null : level, level > 0 && !rectification, rectification, null, [],
            [level == 0 ? Explanations.ExplanationCodes.RecheckNoLevel.With(("before", current))
                : Explanations.ExplanationCodes.RecheckDemoted.With(("before", current), ("after", level))])
        { PreviousLevel = current, Findings = findings });
    }
}
