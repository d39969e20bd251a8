using Approval.Core.Explanations;
using Approval.Core.Schemes;

namespace Approval.Core.Tests;

/// <summary>
/// Scheme D's grades: "依次为'优秀、良好、基本合格、不合格'四个等级,且呈正态分布", with the shipped shares 20/40/30/10 %
/// (README: a decision, the source gives none). Expectations follow the rule the scheme states: rank r of n takes the
/// grade whose cumulative share holds (r − ½)/n, a midpoint on a boundary taking the better grade; equal scores
/// take one grade by the scheme's tie rule. Grades are written one letter each: E 优秀, G 良好, B 基本合格, U 不合格.
/// </summary>
public sealed class ForcedDistributionTests
{
    private static readonly RatingScheme SixGood =
        SchemeCatalog.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "schemes")).Catalog.Find("six-good")!;

    private static readonly Dictionary<char, string> Letters = new() { ['E'] = "优秀", ['G'] = "良好", ['B'] = "基本合格", ['U'] = "不合格" };

    private static string Letter(string grade) => Letters.Single(l => l.Value == grade).Key.ToString();

    /// <summary><paramref name="count"/> branches b01… scoring 100, 99…, except ranks <paramref name="tiedFrom"/>–<paramref name="tiedTo"/> sharing one score.</summary>
    private static List<(string, decimal)> Scores(int count, int tiedFrom = 0, int tiedTo = 0) =>
        Enumerable.Range(1, count).Select(rank => ($"b{rank:D2}", 101m - (rank >= tiedFrom && rank <= tiedTo ? tiedFrom : rank))).ToList();

    private static string Grades(RatingScheme scheme, List<(string, decimal)> scores) =>
        string.Concat(ForcedDistribution.Grade(scheme, scores).Select(g => Letter(g.Grade)));

    [Theory]
    [InlineData(10, "EEGGGGBBBU")] // exactly 2/4/3/1
    [InlineData(20, "EEEEGGGGGGGGBBBBBBUU")]
    [InlineData(5, "EGGBB")]       // 10 % of 5 is half a branch: rank 5's midpoint (90 %) is on the boundary, the better grade
    [InlineData(3, "EGB")]
    [InlineData(2, "GB")]          // midpoints 25 % and 75 %
    [InlineData(1, "G")]           // a branch alone sits in the middle (50 %)
    [InlineData(0, "")]
    public void DistinctScores_AreGradedByTheShares_BestFirst(int count, string expected) =>
        // "且呈正态分布": 优秀 0–20 %, 良好 20–60 %, 基本合格 60–90 %, 不合格 90–100 % of the branches rated together
        Assert.Equal(expected, Grades(SixGood, Scores(count)));

    [Theory]
    [InlineData("better", 2, 3, "EEEGGGBBBU")]   // ranks 2–3 straddle 优秀/良好: both 优秀; rank 4 is 良好 by its own place
    [InlineData("worse", 2, 3, "EGGGGGBBBU")]
    [InlineData("better", 6, 7, "EEGGGGGBBU")]   // 良好/基本合格
    [InlineData("worse", 6, 7, "EEGGGBBBBU")]
    [InlineData("better", 9, 10, "EEGGGGBBBB")]  // 基本合格/不合格: nobody is 不合格
    [InlineData("worse", 9, 10, "EEGGGGBBUU")]
    [InlineData("better", 2, 7, "EEEEEEEBBU")]   // across three grades
    [InlineData("worse", 2, 7, "EBBBBBBBBU")]
    [InlineData("better", 3, 4, "EEGGGGBBBU")]   // inside one grade, the rule changes nothing
    [InlineData("worse", 3, 4, "EEGGGGBBBU")]
    [InlineData("better", 1, 10, "EEEEEEEEEE")]  // all equal
    [InlineData("worse", 1, 10, "UUUUUUUUUU")]
    public void EqualScores_AcrossABoundary_TakeTheGradeTheTieRuleNames(string ties, int tiedFrom, int tiedTo, string expected) =>
        // "且呈正态分布", ties by the scheme's gradeTies
        Assert.Equal(expected, Grades(SixGood with { GradeTies = ties }, Scores(10, tiedFrom, tiedTo)));

    [Fact]
    public void AVersionWithoutATieRule_GradesTiesAsBetter_AsItWasGradedBefore() =>
        Assert.Equal("EEEGGGBBBU", Grades(SixGood with { GradeTies = null }, Scores(10, 2, 3)));

    [Fact]
    public void EqualScores_ShareTheBestRankOfTheirGroup()
    {
        var graded = ForcedDistribution.Grade(SixGood, Scores(10, 2, 3));
        Assert.Equal([1, 2, 2, 4, 5, 6, 7, 8, 9, 10], graded.Select(g => g.Rank));
    }

    [Fact]
    public void TheOrderOfTheInput_ChangesNothing()
    {
        var scores = Scores(10, 6, 7);
        var reversed = Enumerable.Reverse(scores).ToList();
        Assert.Equal(ForcedDistribution.Grade(SixGood, scores).Select(g => (g.SubjectId, g.Grade)),
            ForcedDistribution.Grade(SixGood, reversed).Select(g => (g.SubjectId, g.Grade)));
    }

    [Fact]
    public void EachGrade_ExplainsItsRank_TheShareRule_AndWhere()
    {
        // Rendered in both languages by the web's templates (ExplanationTextsTests).
        var graded = ForcedDistribution.Grade(SixGood, Scores(10, 2, 3));
        var third = graded.Single(g => g.SubjectId == "b03");
        Assert.Equal(("优秀", "excellent"), (third.Grade, third.GradeEn));
        Assert.Contains(ExplanationCodes.GradeRankTied.With(("score", "99"), ("others", 1), ("rank", 2), ("count", 10)), third.Explanation);
        var rule = third.Explanation.Single(l => l.Code == ExplanationCodes.GradeRuleQuoted.Code);
        Assert.Contains("且呈正态分布", rule.Args["quote"]);
        Assert.Equal(("优秀 20%、良好 40%、基本合格 30%、不合格 10%", "excellent 20%, good 40%, basically qualified 30%, unqualified 10%"),
            (rule.Args["shares"], rule.Args["sharesEn"]));
        Assert.Contains(ExplanationCodes.GradePlaceTiedBetter.With(("first", 2), ("last", 3), ("decisive", 2), ("grade", "优秀"), ("gradeEn", "excellent"),
            ("band", "0%–20%")), third.Explanation);
        var fifth = graded.Single(g => g.SubjectId == "b05");
        Assert.Contains(ExplanationCodes.GradePlace.With(("middle", "45%"), ("grade", "良好"), ("gradeEn", "good"), ("band", "20%–60%")), fifth.Explanation);
    }

    [Fact]
    public void ASubjectListedTwice_IsAProgrammingError() =>
        Assert.Throws<ArgumentException>(() => ForcedDistribution.Grade(SixGood, [("a", 90), ("a", 80)]));
}
