using System.Globalization;
using Approval.Engine;
using Approval.Core.Explanations;
using static Approval.Core.Explanations.ExplanationCodes;

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
        var explain = new List<Explanation>();
        int? level;
        decimal? score = null;
        IReadOnlyList<StarResult> stars = [];
        switch (scheme.Method)
        {
            case "stars":
                stars = RateStars(scheme, request, explain);
                level = stars.Count(s => s.Awarded);
                explain.Add(LevelByStars.With(("level", level)));
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
            explain.Add((qualified ? Qualified : NotQualified).With(("level", scheme.Qualified.Level)));
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

    private static List<StarResult> RateStars(RatingScheme scheme, EvaluationRequest request, List<Explanation> explain)
    {
        var results = new List<StarResult>();
        // 共性星 first, then the 个性星 pledged ("'十星'分别由共性星和个性星组成"); both are earned the same ways.
        foreach (var star in StarsFor(scheme, request.Subject).Concat(IndividualStars(request)))
        {
            var (awarded, reason) = star.Award switch
            {
                "score" => ByScore(scheme.StarScoreThreshold!, star, request.ItemScores.TryGetValue(star.Key, out var p) ? p : null),
                "vote" => ByVote(scheme, request.Votes.GetValueOrDefault(star.Key)),
                _ => request.DailyStars.GetValueOrDefault(star.Key) ? (true, DailyConfirmed.With()) : (false, DailyUnconfirmed.With()),
            };
            results.Add(new StarResult(star.Key, star.Name, awarded, reason) { Individual = !star.IsCommon });
            var line = star.IsCommon ? awarded ? StarEarned : StarNotEarned : awarded ? IndividualStarEarned : IndividualStarNotEarned;
            explain.Add(line.With(reason, ("star", star.Name)));
        }
        return results;
    }

    private static (bool, Explanation) ByScore(Threshold threshold, Star star, decimal? points)
    {
        if (points is null) return (false, NotScored.With());
        var ratio = points.Value / star.MaxPoints;
        var met = threshold.IsMetBy(ratio);
        return (met, (met ? ScoreMet : ScoreMissed).With(
            ("points", Num(points.Value)), ("max", Num(star.MaxPoints)), ("ratio", Pct(ratio)), ("threshold", Pct(threshold.Ratio))));
    }

    private static (bool, Explanation) ByVote(RatingScheme scheme, VoteCount? votes)
    {
        if (votes is null) return (false, NoVote.With());
        var participation = (decimal)votes.Cast / votes.Eligible;
        if (scheme.Participation is { } line && !line.IsMetBy(participation))
            return (false, VoteInvalid.With(("participation", Pct(participation)), ("line", Pct(line.Ratio))));
        var approval = votes.Cast == 0 ? 0 : (decimal)votes.Approve / votes.Cast;
        var threshold = scheme.VoteThreshold!;
        var met = threshold.IsMetBy(approval);
        var code = met ? threshold.Inclusive ? VotePassedAtLeast : VotePassedMoreThan : threshold.Inclusive ? VoteFailedAtLeast : VoteFailedMoreThan;
        return (met, code.With(("approve", votes.Approve), ("cast", votes.Cast), ("approval", Pct(approval)), ("threshold", Pct(threshold.Ratio))));
    }
}
