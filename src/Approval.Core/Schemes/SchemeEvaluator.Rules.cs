using Approval.Engine;
using Approval.Core.Explanations;
using static Approval.Core.Explanations.ExplanationCodes;

namespace Approval.Core.Schemes;

public static partial class SchemeEvaluator
{
    private static (int? Level, decimal Score) RateBands(RatingScheme scheme, EvaluationRequest request, List<Explanation> explain)
    {
        var facts = request.Facts;
        var score = request.Score!.Value;
        explain.Add(AssessedScore.With(("score", Num(score))));
        foreach (var bonus in scheme.Bonuses)
        {
            var found = bonus.Facts.SelectMany(f => facts.Kinds(f)).Select(k => bonus.Values[k]).ToList();
            if (found.Count == 0) continue;
            var points = bonus.Aggregate == "max" ? found.Max() : found.Sum();
            score += points;
            explain.Add((bonus.Aggregate == "max" && found.Count > 1 ? BonusHighest : Bonus).With(("name", bonus.Name), ("key", bonus.Key), ("points", Num(points))));
        }
        foreach (var deduction in scheme.Deductions)
        {
            var points = deduction.Values is { } values
                ? facts.Kinds(deduction.Fact).Sum(k => values[k])
                : deduction.PointsEach!.Value * facts.Count(deduction.Fact);
            if (points == 0) continue;
            score -= points;
            explain.Add(DeductionApplied.With(("name", deduction.Name), ("key", deduction.Key), ("points", Num(points))));
        }
        var noLevel = false;
        if (facts.SatisfactionRate is { } rate)
            foreach (var rule in scheme.Satisfaction.Where(r => r.Applies(rate)))
            {
                if (rule.Deduct is { } d)
                {
                    score -= d;
                    explain.Add(SatisfactionDeduction.With(("rate", Pct(rate)), ("below", Pct(rule.Below)), ("points", Num(d))));
                }
                if (rule.NoLevel)
                {
                    noLevel = true;
                    explain.Add(SatisfactionNoLevel.With(("rate", Pct(rate)), ("below", Pct(rule.Below))));
                }
            }
        var band = scheme.Bands.Where(b => score >= b.Min).MaxBy(b => b.Min);
        explain.Add(band is null
            ? BandNone.With(("total", Num(score)), ("lowest", Num(scheme.Bands.Min(b => b.Min))))
            : BandReached.With(("total", Num(score)), ("min", Num(band.Min)), ("level", band.Level)));
        return (noLevel ? null : band?.Level, score);
    }

    private static decimal RateWeighted(RatingScheme scheme, EvaluationRequest request, List<Explanation> explain)
    {
        var score = 0m;
        // "达成目标得分,不达成不得分": a dimension scores the points of its standards met, nothing for the others.
        foreach (var dimension in scheme.Dimensions)
        {
            var met = (request.StandardsMet.GetValueOrDefault(dimension.Key) ?? []).ToHashSet();
            var points = met.Sum(i => dimension.Standards[i].Points);
            score += points;
            var missed = Enumerable.Range(0, dimension.Standards.Count).Where(i => !met.Contains(i)).ToList();
            (string, object?)[] args = [("name", dimension.Name), ("key", dimension.Key), ("met", met.Count), ("count", dimension.Standards.Count),
                ("points", Num(points)), ("weight", Num(dimension.Weight))];
            explain.Add(missed.Count == 0 ? DimensionScored.With(args) : DimensionMissed.With([.. args,
                ("missed", string.Join("、", missed.Select(i => dimension.Standards[i].Text))),
                ("missedEn", string.Join(", ", missed.Select(i => $"#{i + 1}")))]));
        }
        explain.Add(WeightedTotal.With(("total", Num(score))));
        return score;
    }

    private static int? ApplyCaps(RatingScheme scheme, Subject subject, Facts facts, int? level, List<Explanation> explain)
    {
        foreach (var cap in scheme.Caps.Where(c => c.Subject is null || c.Subject == subject.Kind))
        {
            var holds = cap.Condition switch
            {
                "reelection-overdue" => facts.ReelectionOverdueDays > 0 && !facts.ReelectionApproved,
                "reelection-overdue-days" => cap.Inclusive ? facts.ReelectionOverdueDays >= cap.Count : facts.ReelectionOverdueDays > cap.Count,
                "absences" => cap.Inclusive ? facts.Absences >= cap.Count : facts.Absences > cap.Count,
                _ => facts.BottomRanked,
            };
            if (!holds || level is null) continue;
            var before = level;
            if (cap.MaxLevel is { } max && level > max) level = max;
            if (cap.DemoteBy > 0) level = level - cap.DemoteBy is var l && l > 0 ? l : null;
            if (level != before)
                explain.Add(level is null
                    ? CapNoLevel.With(("quote", cap.Quote ?? cap.Key), ("key", cap.Key), ("before", before))
                    : CapLowered.With(("quote", cap.Quote ?? cap.Key), ("key", cap.Key), ("before", before), ("after", level)));
        }
        return level;
    }

    private static bool IsRectification(RatingScheme scheme, int? level, List<Explanation> explain)
    {
        if (scheme.Rectification is not { } line) return false;
        var below = level is null || (line.Inclusive ? level <= line.Level : level < line.Level);
        if (below) explain.Add((line.Inclusive ? RectificationAtMost : Rectification).With(("level", line.Level)));
        return below;
    }

    private static List<Problem> Validate(RatingScheme scheme, EvaluationRequest request)
    {
        var problems = new List<Problem>();
        if (request.Subject.Kind is not ("organization" or "member")) problems.Add(new(FieldCodes.InvalidChoice, "subject.kind", "kind must be organization or member."));
        if (request.Subject.Sector is { } sector && !SchemeTerms.Sectors.Contains(sector))
            problems.Add(new(FieldCodes.UnknownReference, "subject.sector", $"unknown sector '{sector}'."));
        if (scheme.Method == "bands" && request.Score is not (>= 0 and <= 100)) problems.Add(new(FieldCodes.OutOfRange, "score", "score is required, between 0 and 100."));
        var stars = scheme.Stars.ToDictionary(s => s.Key);
        StandardsMetRules(scheme, request, problems);
        foreach (var (key, points) in request.ItemScores)
        {
            // Dimensions score by their standards met (StandardsMet), never by points entered for the dimension.
            decimal? max = stars.TryGetValue(key, out var star) ? star.MaxPoints : null;
            if (max is null) problems.Add(new(FieldCodes.UnknownReference, $"itemScores.{key}", $"'{key}' is not a star of {scheme.Key}."));
            else if (points < 0 || points > max) problems.Add(new(FieldCodes.OutOfRange, $"itemScores.{key}", $"points must be between 0 and {Num(max.Value)}."));
        }
        var individual = IndividualStars(request);
        IndividualStarRules(scheme, individual, stars, problems);
        foreach (var (key, votes) in request.Votes)
        {
            if (!stars.ContainsKey(key) && individual.All(s => s.Key != key))
                problems.Add(new(FieldCodes.UnknownReference, $"votes.{key}", $"“{key}”不是本方案的星 / '{key}' is not a star of {scheme.Key}."));
            if (votes.Eligible <= 0 || votes.Approve < 0 || votes.Disapprove < 0 || votes.Abstain < 0)
                problems.Add(new(FieldCodes.OutOfRange, $"votes.{key}", "counts cannot be negative and there must be eligible voters."));
            else if (votes.Cast > votes.Eligible)
                problems.Add(new(FieldCodes.Inconsistent, $"votes.{key}", $"{votes.Cast} ballots from {votes.Eligible} eligible voters: more ballots than voters."));
        }
        var facts = request.Facts;
        if (facts.SatisfactionRate is < 0 or > 1) problems.Add(new(FieldCodes.OutOfRange, "facts.satisfactionRate", "satisfactionRate is between 0 and 1."));
        if (facts.ReelectionOverdueDays < 0 || facts.Absences < 0 || facts.MemberViolations < 0)
            problems.Add(new(FieldCodes.OutOfRange, "facts", "counts and days cannot be negative."));
        foreach (var bonus in scheme.Bonuses)
            foreach (var fact in bonus.Facts)
                foreach (var kind in facts.Kinds(fact).Where(k => !bonus.Values.ContainsKey(k)))
                    problems.Add(new(FieldCodes.UnknownReference, $"facts.{fact}", $"'{kind}' is not one of {string.Join(", ", bonus.Values.Keys)}."));
        foreach (var deduction in scheme.Deductions.Where(d => d.Values is not null))
            foreach (var kind in facts.Kinds(deduction.Fact).Where(k => !deduction.Values!.ContainsKey(k)))
                problems.Add(new(FieldCodes.UnknownReference, $"facts.{deduction.Fact}", $"'{kind}' is not one of {string.Join(", ", deduction.Values!.Keys)}."));
        return problems;
    }

    /// <summary>个性星: "'十星'分别由共性星和个性星组成"; no more than the scheme's slots (DOMAIN.md: 10 − common stars).</summary>
    private static void IndividualStarRules(RatingScheme scheme, IReadOnlyList<Star> individual, Dictionary<string, Star> stars, List<Problem> problems)
    {
        for (var i = 0; i < individual.Count; i++)
        {
            var star = individual[i];
            var field = FieldOf(star.Key);
            if (i >= scheme.IndividualStarSlots)
                problems.Add(new(FieldCodes.TooMany, field, scheme.IndividualStarSlots == 0
                    ? $"{scheme.Name}不设个性星,“{star.Name}”不能计入 / {scheme.Key} has no individual stars: '{star.Name}' cannot count."
                    : $"个性星最多{scheme.IndividualStarSlots}颗,“{star.Name}”是第{i + 1}颗 / at most {scheme.IndividualStarSlots} individual stars: '{star.Name}' is number {i + 1}."));
            if (stars.TryGetValue(star.Key, out var common) && common.IsCommon)
                problems.Add(new(FieldCodes.Duplicate, field, $"个性星“{star.Name}”与共性星同一标识 / individual star '{star.Key}' has the key of a common star."));
            if (star.Award is not ("vote" or "daily"))
                problems.Add(new(FieldCodes.InvalidChoice, field, $"个性星“{star.Name}”须由测评或日常管理确定 / individual star '{star.Key}' is awarded by vote or daily management."));
            if (individual.Take(i).Any(o => o.Key == star.Key))
                problems.Add(new(FieldCodes.Duplicate, field, $"个性星“{star.Name}”重复 / individual star '{star.Key}' appears twice."));
        }
        static string FieldOf(string key) => key.StartsWith(ImplicitIndividual, StringComparison.Ordinal) ? $"votes.{key}" : $"individualStars.{key}";
    }
}
