namespace Approval.Core.Schemes;

/// <summary>
/// Scheme D's grading: "基层党委以最终考评分数为基础,按年度对党支部划分等级,依次为'优秀、良好、基本合格、不合格'四个等级,
/// 且呈正态分布". Branches are ranked by score and the grades are handed out by the scheme's shares, best first;
/// equal scores always share a grade (the tie goes to the better grade), so the result never depends on input order.
/// </summary>
public static class ForcedDistribution
{
    public sealed record Graded(string SubjectId, decimal Score, string Grade);

    public static IReadOnlyList<Graded> Grade(RatingScheme scheme, IReadOnlyList<(string SubjectId, decimal Score)> scores)
    {
        if (scheme.Grades.Count == 0) throw new ArgumentException($"Scheme {scheme.Key} has no grade shares.", nameof(scheme));
        var ranked = scores.OrderByDescending(s => s.Score).ThenBy(s => s.SubjectId, StringComparer.Ordinal).ToList();
        // Cumulative quotas, rounded so that the shares add up to everyone.
        var bounds = new List<int>();
        var cumulative = 0m;
        foreach (var grade in scheme.Grades)
        {
            cumulative += grade.Share;
            bounds.Add((int)Math.Round(cumulative * ranked.Count, MidpointRounding.AwayFromZero));
        }
        var result = new List<Graded>();
        var gradeIndex = 0;
        for (var i = 0; i < ranked.Count; i++)
        {
            var tiedWithPrevious = i > 0 && ranked[i].Score == ranked[i - 1].Score;
            while (!tiedWithPrevious && gradeIndex < bounds.Count - 1 && i >= bounds[gradeIndex]) gradeIndex++;
            result.Add(new Graded(ranked[i].SubjectId, ranked[i].Score, scheme.Grades[gradeIndex].Grade));
        }
        return result;
    }
}
