using System.Globalization;
using Approval.Core.Explanations;
using static Approval.Core.Explanations.ExplanationCodes;

namespace Approval.Core.Schemes;

/// <summary>
/// Scheme D's grading (强制分布): "基层党委以最终考评分数为基础,按年度对党支部划分等级,依次为'优秀、良好、基本合格、
/// 不合格'四个等级,且呈正态分布". The grading committee ranks the organizations it rated in the round by score and
/// hands out the grades by the scheme's shares, best first. Pure: the same scores give the same grades whatever
/// their order.
/// </summary>
/// <remarks>
/// Where a rank falls: rank r of n covers the slice ((r − 1)/n, r/n] of the list, and its midpoint (r − ½)/n decides
/// the grade, a midpoint exactly on a boundary taking the better one. That is each cumulative share rounded to the
/// nearest whole organization (half up), so the grades always add up to everyone: 10 organizations at 20/40/30/10 %
/// get 2/4/3/1; a single one sits in the middle (良好). Equal scores straddling a boundary all take one grade, by the
/// scheme's <see cref="RatingScheme.GradeTies"/> (<c>better</c>: the grade of the first of them; <c>worse</c>: of the
/// last); those after them are graded by their own rank again.
/// </remarks>
public static class ForcedDistribution
{
    /// <summary>
    /// One organization's grade: its rank (1 = best; equal scores share the best rank of their group), the grade
    /// (<see cref="GradeShare.Grade"/>, and its English name) and the lines that explain it.
    /// </summary>
    public sealed record Graded(string SubjectId, decimal Score, int Rank, string Grade, string? GradeEn, IReadOnlyList<Explanation> Explanation);

    /// <summary>
    /// Grades the organizations rated together (one grading committee's round). Returns them best first. An empty
    /// list gives an empty result; a scheme without grades or a subject listed twice is a programming error.
    /// </summary>
    public static IReadOnlyList<Graded> Grade(RatingScheme scheme, IReadOnlyList<(string SubjectId, decimal Score)> scores)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(scores);
        if (scheme.Grades.Count == 0) throw new ArgumentException($"Scheme {scheme.Key} has no grade shares.", nameof(scheme));
        if (scores.GroupBy(s => s.SubjectId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"Subject {twice.Key} is listed twice.", nameof(scores));
        var worse = scheme.GradeTies == "worse"; // null: versions saved before the rule, which graded ties as "better"
        var ranked = scores.OrderByDescending(s => s.Score).ThenBy(s => s.SubjectId, StringComparer.Ordinal).ToList();
        var rule = RuleLine(scheme);
        var result = new List<Graded>(ranked.Count);
        for (var first = 0; first < ranked.Count;)
        {
            var last = first;
            while (last + 1 < ranked.Count && ranked[last + 1].Score == ranked[first].Score) last++;
            var index = GradeAt(scheme.Grades, worse ? last : first, ranked.Count);
            var place = PlaceLine(scheme, index, first, last, ranked.Count, worse);
            for (var i = first; i <= last; i++)
                result.Add(new Graded(ranked[i].SubjectId, ranked[i].Score, first + 1, scheme.Grades[index].Grade, scheme.Grades[index].GradeEn,
                    [RankLine(ranked[i].Score, first, last, ranked.Count), rule, place]));
            first = last + 1;
        }
        return result;
    }

    /// <summary>The grade of the organization at <paramref name="position"/> (0 = best) of <paramref name="count"/>, by its midpoint.</summary>
    private static int GradeAt(IReadOnlyList<GradeShare> grades, int position, int count)
    {
        var cumulative = 0m;
        for (var k = 0; k < grades.Count - 1; k++)
        {
            cumulative += grades[k].Share;
            // (position + ½) / count ≤ cumulative, in whole numbers so that decimal shares compare exactly.
            if (2 * position + 1 <= 2 * count * cumulative) return k;
        }
        return grades.Count - 1;
    }

    private static Explanation RankLine(decimal score, int first, int last, int count) => last == first
        ? GradeRank.With(("score", Num(score)), ("rank", first + 1), ("count", count))
        : GradeRankTied.With(("score", Num(score)), ("others", last - first), ("rank", first + 1), ("count", count));

    private static Explanation RuleLine(RatingScheme scheme)
    {
        var zh = string.Join("、", scheme.Grades.Select(g => $"{g.Grade} {Pct(g.Share)}"));
        var en = string.Join(", ", scheme.Grades.Select(g => $"{g.GradeEn ?? g.Grade} {Pct(g.Share)}"));
        return scheme.GradesQuote is { } quote
            ? GradeRuleQuoted.With(("quote", quote), ("shares", zh), ("sharesEn", en))
            : GradeRule.With(("shares", zh), ("sharesEn", en));
    }

    private static Explanation PlaceLine(RatingScheme scheme, int index, int first, int last, int count, bool worse)
    {
        var grade = scheme.Grades[index];
        var (from, to) = (scheme.Grades.Take(index).Sum(g => g.Share), scheme.Grades.Take(index + 1).Sum(g => g.Share));
        (string, object?)[] named = [("grade", grade.Grade), ("gradeEn", grade.GradeEn ?? grade.Grade), ("band", $"{Pct(from)}–{Pct(to)}")];
        if (first == last) return GradePlace.With([("middle", Pct((2m * first + 1) / (2 * count))), .. named]);
        var decisive = worse ? last : first;
        return (worse ? GradePlaceTiedWorse : GradePlaceTiedBetter).With([("first", first + 1), ("last", last + 1), ("decisive", decisive + 1), .. named]);
    }

    private static string Pct(decimal ratio) => (ratio * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
    private static string Num(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
