using Approval.Core.Schemes;

namespace Approval.Core.Tests;

public sealed class QuotaCheckTests
{
    private static readonly RatingScheme FiveStar =
        SchemeCatalog.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "schemes")).Catalog.Find("five-star-service")!;

    private static List<RatedSubject> Subjects(params int?[] levels) =>
        levels.Select((level, i) => new RatedSubject($"org-{i:D2}", level, level is null ? 40 : 50 + level * 9 + i % 5)).ToList();

    [Fact]
    public void WithinQuotas_NothingIsReported() =>
        // 20 organizations: 2 five-star (10 %), 2 at one star or none (10 %)
        Assert.Empty(QuotaCheck.Check(FiveStar, Subjects(5, 5, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 1, null)));

    [Fact]
    public void TooManyFiveStars_NamesTheWeakestToReconsider()
    {
        // "五星级…数量一般不超过基层党组织总数的10%": 3 of 20 is one too many
        var subjects = Subjects(5, 5, 5, 4, 4, 4, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 1, null);
        var violation = Assert.Single(QuotaCheck.Check(FiveStar, subjects));
        Assert.Equal(("five-star-cap", 2, 3), (violation.QuotaKey, violation.Allowed, violation.Actual));
        var weakest = subjects.Where(s => s.Level == 5).MinBy(s => s.Score)!.SubjectId;
        Assert.Equal([weakest], violation.Reconsider);
    }

    [Fact]
    public void TooFewAtOneStarOrBelow_NamesTheWeakestAboveTheFloor()
    {
        // "一星级以下党组织数量一般不低于基层党组织总数的10%": 1 of 20 is one too few
        var subjects = Subjects(5, 5, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 1);
        var violation = Assert.Single(QuotaCheck.Check(FiveStar, subjects));
        Assert.Equal(("one-star-floor", 2, 1), (violation.QuotaKey, violation.Allowed, violation.Actual));
        Assert.Single(violation.Reconsider);
        Assert.Equal(2, subjects.Single(s => s.SubjectId == violation.Reconsider[0]).Level);
    }
}
