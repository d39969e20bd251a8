using System.Globalization;
using Approval.Engine;

namespace Approval.Core.Schemes;

/// <summary>
/// Applies a scheme to one subject: stars from item points, votes or daily management; or a level from a score
/// band after bonuses, deductions and satisfaction rules; then caps, and the qualified and rectification lines.
/// Impossible input comes back as problems, never as a result.
/// </summary>
public static partial class SchemeEvaluator
{
    public static (EvaluationResult? Result, IReadOnlyList<Problem> Problems) Evaluate(RatingScheme scheme, EvaluationRequest request)
    {
        var problems = Validate(scheme, request);
        if (problems.Count > 0) return (null, problems);
        var explain = new List<string>();
        int? level;
        decimal? score = null;
        IReadOnlyList<StarResult> stars = [];
        switch (scheme.Method)
        {
            case "stars":
                stars = RateStars(scheme, request, explain);
                level = stars.Count(s => s.Awarded);
                explain.Add($"星级 = 获得的星数 {level} / level = stars earned: {level}");
                break;
            case "bands":
                (level, score) = RateBands(scheme, request, explain);
                break;
            default:
                score = RateWeighted(scheme, request, explain);
                level = null;
                break;
        }
        level = ApplyCaps(scheme, request.Subject, request.Facts, level, explain);
        var rectification = IsRectification(scheme, level, explain);
        var qualified = scheme.Qualified is { } line
            ? level is { } l && (line.Inclusive ? l >= line.Level : l > line.Level)
            : scheme.Method != "weighted" && level is not null && !rectification;
        if (scheme.Qualified is not null)
            explain.Add(qualified ? $"合格(不低于{scheme.Qualified.Level}星) / qualified" : $"不合格(低于{scheme.Qualified.Level}星) / not qualified");
        return (new EvaluationResult(level, qualified, rectification, score, stars, explain), []);
    }

    private static string Pct(decimal ratio) => (ratio * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
    private static string Num(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>The common stars (共性星) of the scheme that apply to this subject (by kind and sector).</summary>
    public static IReadOnlyList<Star> StarsFor(RatingScheme scheme, Subject subject) =>
        scheme.Stars.Where(s => s.IsCommon && (s.AppliesTo.Count == 0 || s.AppliesTo.Any(a =>
            a.Subject == subject.Kind && (a.Sectors is null || subject.Sector is not null && a.Sectors.Contains(subject.Sector))))).ToList();

    /// <summary>The catalogue's 个性星 a subject may choose from: the scheme's individual stars that apply to it.</summary>
    public static IReadOnlyList<Star> IndividualStarsFor(IEnumerable<Star> catalogue, Subject subject) =>
        catalogue.Where(s => s.AppliesTo.Count == 0 || s.AppliesTo.Any(a =>
            a.Subject == subject.Kind && (a.Sectors is not { Count: > 0 } || subject.Sector is not null && a.Sectors.Contains(subject.Sector)))).ToList();

    /// <summary>
    /// The 个性星 rated for this subject: those it pledged, and (a dry run through the API) each vote keyed
    /// <c>individual:名称</c> that names one without declaring it.
    /// </summary>
    public static IReadOnlyList<Star> IndividualStars(EvaluationRequest request) =>
        request.IndividualStars.Concat(request.Votes.Keys
                .Where(k => k.StartsWith(ImplicitIndividual, StringComparison.Ordinal) && request.IndividualStars.All(s => s.Key != k))
                .Select(k => new Star { Key = k, Name = k[ImplicitIndividual.Length..], Award = "vote", Kind = "individual" }))
            .ToList();

    private const string ImplicitIndividual = "individual:";

    private static List<StarResult> RateStars(RatingScheme scheme, EvaluationRequest request, List<string> explain)
    {
        var results = new List<StarResult>();
        // 共性星 first, then the 个性星 pledged ("'十星'分别由共性星和个性星组成"); both are earned the same ways.
        foreach (var star in StarsFor(scheme, request.Subject).Concat(IndividualStars(request)))
        {
            var (awarded, reason) = star.Award switch
            {
                "score" => ByScore(scheme.StarScoreThreshold!, star, request.ItemScores.TryGetValue(star.Key, out var p) ? p : null),
                "vote" => ByVote(scheme, request.Votes.GetValueOrDefault(star.Key)),
                _ => request.DailyStars.GetValueOrDefault(star.Key)
                    ? (true, "日常管理直接确定 / decided by daily management")
                    : (false, "日常管理未确认 / not confirmed by daily management"),
            };
            results.Add(new StarResult(star.Key, star.Name, awarded, reason) { Individual = !star.IsCommon });
            explain.Add($"{(star.IsCommon ? "" : "个性星 ")}{star.Name}: {(awarded ? "得星" : "不得星")} — {reason}");
        }
        return results;
    }

    private static (bool, string) ByScore(Threshold threshold, Star star, decimal? points)
    {
        if (points is null) return (false, "未评分 / not scored");
        var ratio = points.Value / star.MaxPoints;
        var met = threshold.IsMetBy(ratio);
        return (met, $"{Num(points.Value)}/{Num(star.MaxPoints)} = {Pct(ratio)} {(met ? "≥" : "<")} {Pct(threshold.Ratio)}"
                     + $" / {Num(points.Value)} of {Num(star.MaxPoints)} points {(met ? "meets" : "misses")} {Pct(threshold.Ratio)}");
    }

    private static (bool, string) ByVote(RatingScheme scheme, VoteCount? votes)
    {
        if (votes is null) return (false, "未测评 / no vote");
        var participation = (decimal)votes.Cast / votes.Eligible;
        if (scheme.Participation is { } line && !line.IsMetBy(participation))
            return (false, $"参与率 {Pct(participation)} 低于 {Pct(line.Ratio)},测评无效 / participation {Pct(participation)} below {Pct(line.Ratio)}: the vote is invalid");
        var approval = votes.Cast == 0 ? 0 : (decimal)votes.Approve / votes.Cast;
        var threshold = scheme.VoteThreshold!;
        var met = threshold.IsMetBy(approval);
        var relation = met ? (threshold.Inclusive ? "≥" : ">") : (threshold.Inclusive ? "<" : "≤");
        return (met, $"赞成 {votes.Approve}/{votes.Cast} = {Pct(approval)} {relation} {Pct(threshold.Ratio)} / approval {Pct(approval)} {(met ? "passes" : "fails")} {(threshold.Inclusive ? "at least" : "more than")} {Pct(threshold.Ratio)}");
    }
}
