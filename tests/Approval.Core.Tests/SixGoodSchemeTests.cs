using Approval.Core.Explanations;
using Approval.Core.Schemes;

namespace Approval.Core.Tests;

/// <summary>
/// Scheme D (六好, DOMAIN.md §2) as shipped: its dimensions and standards as DOMAIN.md lists them, and the scoring
/// "达成目标得分,不达成不得分". The source gives no points per standard; the decision (README) splits each dimension's
/// weight as evenly as whole and half points allow, the earlier standards in the source's order taking the extra half.
/// </summary>
public sealed class SixGoodSchemeTests
{
    private static readonly RatingScheme SixGood = LoadShipped();

    private static RatingScheme LoadShipped()
    {
        var (catalog, problems) = SchemeCatalog.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "schemes"));
        Assert.Empty(problems);
        return catalog.Find("six-good")!;
    }

    private static readonly Subject Branch = new("organization", "non-public");

    private static EvaluationResult Rate(Dictionary<string, List<int>> met)
    {
        var (result, problems) = SchemeEvaluator.Evaluate(SixGood, new EvaluationRequest { Subject = Branch, StandardsMet = met });
        Assert.Empty(problems);
        return result!;
    }

    private static List<int> Indexes(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();

    /// <summary>DOMAIN.md "Standards per dimension", quotation marks of verbatim phrases left out.</summary>
    public static TheoryData<string, string, int, string[]> DomainStandards => new()
    {
        { "leadership", "班子建设好", 20, ["班子健全,分工明确", "政治过硬,敢于担当", "团结协作,贯彻落实民主集中制原则", "清正廉洁/嵌入式廉洁风险防控"] },
        { "members", "党员管理好", 15, ["党员培训计划落实", "先锋模范作用", "绩效", "党员发展把关严格、程序规范", "维护群众利益"] },
        { "org-life", "组织生活好", 15, ["认真落实'三会一课'制度", "组织生活会质量", "民主评议党员程序规范、结果公正", "主题党日"] },
        { "systems", "制度落实好", 15, ["制度体系健全、落实到位", "认真执行党的组织生活制度", "严格执行党员管理制度", "坚持党务公开制度",
            "台账资料齐全记录完整", "党支部工作有计划、有目标、有记载、有检查、有考核"] },
        { "foundation", "基础工作好", 15, ["活动场所达标", "党建经费管理规范、使用合规", "新闻宣传"] },
        { "impact", "作用发挥好", 20, ["圆满完成年度经营任务", "重点工作落实", "亮点成果"] },
    };

    [Theory]
    [MemberData(nameof(DomainStandards))]
    public void EachDimension_HasItsWeight_AndTheStandardsOfDomainMd(string key, string name, int weight, string[] standards)
    {
        // "班子建设好、作用发挥好两个维度的考核分值为20分,其他四个维度考核分值为15分"
        var dimension = SixGood.Dimensions.Single(d => d.Key == key);
        Assert.Equal((name, (decimal)weight), (dimension.Name, dimension.Weight));
        Assert.Equal(standards, dimension.Standards.Select(s => s.Text));
    }

    [Fact]
    public void TheSixDimensions_AddUpTo100() =>
        Assert.Equal((6, 100m), (SixGood.Dimensions.Count, SixGood.Dimensions.Sum(d => d.Weight)));

    [Theory]
    [InlineData("leadership", "5,5,5,5")]           // 20 / 4
    [InlineData("members", "3,3,3,3,3")]            // 15 / 5
    [InlineData("org-life", "4,4,3.5,3.5")]         // 15 / 4 = 3.75: two 4s, then two 3.5s
    [InlineData("systems", "2.5,2.5,2.5,2.5,2.5,2.5")] // 15 / 6
    [InlineData("foundation", "5,5,5")]             // 15 / 3
    [InlineData("impact", "7,6.5,6.5")]             // 20 / 3 ≈ 6.67: 7, then two 6.5s
    public void EachStandard_CarriesAnEvenShareOfItsDimension_InHalfPoints(string key, string points) =>
        Assert.Equal(points.Split(',').Select(p => decimal.Parse(p, System.Globalization.CultureInfo.InvariantCulture)),
            SixGood.Dimensions.Single(d => d.Key == key).Standards.Select(s => s.Points));

    [Theory]
    [InlineData("leadership", "", 0)]
    [InlineData("leadership", "0,1,2", 15)]
    [InlineData("leadership", "0,1,2,3", 20)]
    [InlineData("org-life", "0", 4)]
    [InlineData("org-life", "3", 3.5)]
    [InlineData("systems", "5", 2.5)]
    [InlineData("systems", "0,1,2,3,4,5", 15)]
    [InlineData("impact", "0", 7)]
    [InlineData("impact", "1,2", 13)]
    public void ADimension_ScoresThePointsOfTheStandardsMet_AndNothingForTheOthers(string key, string met, double points)
    {
        // "达成目标得分,不达成不得分"
        var result = Rate(new() { [key] = Indexes(met) });
        Assert.Equal((decimal)points, result.Score);
        Assert.Null(result.Level); // the grade comes from the forced distribution over the round, not from the score
    }

    [Fact]
    public void EveryStandardMet_Scores100_AndNoneMet_Scores0()
    {
        // "达成目标得分,不达成不得分", summed over the six dimensions
        var all = SixGood.Dimensions.ToDictionary(d => d.Key, d => Enumerable.Range(0, d.Standards.Count).ToList());
        Assert.Equal(100, Rate(all).Score);
        Assert.Equal(0, Rate([]).Score);
    }

    [Fact]
    public void TheExplanation_NamesEachDimensionsStandardsMetAndPoints()
    {
        // Rendered in both languages by the web's templates (ExplanationTextsTests).
        var result = Rate(new() { ["leadership"] = [0, 1, 3] });
        Assert.Contains(ExplanationCodes.DimensionMissed.With(("name", "班子建设好"), ("key", "leadership"), ("met", 3), ("count", 4), ("points", "15"),
            ("weight", "20"), ("missed", "团结协作,贯彻落实民主集中制原则"), ("missedEn", "#3")), result.Explanation);
        var systems = result.Explanation.Single(l => l.Args.GetValueOrDefault("key") == "systems");
        Assert.Equal(("制度落实好", "0", "6", "0", "15"), (systems.Args["name"], systems.Args["met"], systems.Args["count"], systems.Args["points"], systems.Args["weight"]));
    }

    [Fact]
    public void ImpossibleStandards_AreRefusedAsProblems()
    {
        var (result, problems) = SchemeEvaluator.Evaluate(SixGood, new EvaluationRequest
        {
            Subject = Branch,
            StandardsMet = new() { ["leadership"] = [4], ["impact"] = [-1, 0, 0], ["morale"] = [0] },
            ItemScores = new() { ["members"] = 15 }, // points per dimension are no longer an input
        });
        Assert.Null(result);
        Assert.Equal(["itemScores.members", "standardsMet.impact", "standardsMet.impact", "standardsMet.leadership", "standardsMet.morale"],
            problems.Select(p => p.Where).Order(StringComparer.Ordinal));
        Assert.Contains(problems, p => p.Where == "standardsMet.leadership" && p.Message.Contains("0 to 3"));
    }

    [Fact]
    public void TheScheme_StatesItsGradeShares_AndTieRule()
    {
        // "依次为'优秀、良好、基本合格、不合格'四个等级,且呈正态分布" (shares 20/40/30/10 %: a decision, README)
        Assert.Equal([("优秀", 0.2m), ("良好", 0.4m), ("基本合格", 0.3m), ("不合格", 0.1m)], SixGood.Grades.Select(g => (g.Grade, g.Share)));
        Assert.Equal("better", SixGood.GradeTies);
        Assert.Contains("且呈正态分布", SixGood.GradesQuote);
    }
}
