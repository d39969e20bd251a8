using Approval.Core.Schemes;

namespace Approval.Core.Tests;

public sealed class ForcedDistributionTests
{
    private static readonly RatingScheme SixGood =
        SchemeCatalog.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "schemes")).Catalog.Find("six-good")!;

    [Fact]
    public void TenBranches_AreGradedByTheShares_BestFirst()
    {
        // "依次为'优秀、良好、基本合格、不合格'四个等级,且呈正态分布" with the shipped shares 20/40/30/10 %
        var scores = Enumerable.Range(1, 10).Select(i => ($"b{i:D2}", (decimal)(50 + i * 5))).ToList();
        var graded = ForcedDistribution.Grade(SixGood, scores);
        Assert.Equal(["优秀", "优秀", "良好", "良好", "良好", "良好", "基本合格", "基本合格", "基本合格", "不合格"], graded.Select(g => g.Grade));
        Assert.Equal("b10", graded[0].SubjectId);
    }

    [Fact]
    public void EqualScores_ShareTheBetterGrade()
    {
        var scores = new List<(string, decimal)> { ("a", 95), ("b", 90), ("c", 90), ("d", 80), ("e", 70) };
        var graded = ForcedDistribution.Grade(SixGood, scores).ToDictionary(g => g.SubjectId, g => g.Grade);
        Assert.Equal(graded["b"], graded["c"]);
    }
}
