using Approval.Core.Explanations;
using Approval.Core.Schemes;

namespace Approval.Core.Tests;

/// <summary>
/// Every rule of DOMAIN.md §2 at its boundaries, on the shipped schemes. Each case names the source phrase it
/// checks, so a reader can hold the test against the text.
/// </summary>
public sealed class SchemeRuleTests
{
    private static readonly SchemeCatalog Catalog = LoadShipped();

    private static SchemeCatalog LoadShipped()
    {
        var (catalog, problems) = SchemeCatalog.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "schemes"));
        Assert.Empty(problems);
        return catalog;
    }

    private static EvaluationResult Rate(string scheme, EvaluationRequest request)
    {
        var (result, problems) = SchemeEvaluator.Evaluate(Catalog.Find(scheme)!, request);
        Assert.Empty(problems);
        return result!;
    }

    private static EvaluationResult FiveStar(decimal score, Facts? facts = null) =>
        Rate("five-star-service", new EvaluationRequest { Subject = new Subject("organization", "organ"), Score = score, Facts = facts ?? new Facts() });

    [Fact]
    public void TheFourShippedSchemes_LoadWithoutProblems() =>
        Assert.Equal(["double-ten", "five-star-service", "six-good", "ten-star-branch"], Catalog.All.Select(s => s.Key));

    [Theory]
    [InlineData(900, 1000, false)] // exactly 90 % is not "高于90%"
    [InlineData(901, 1000, true)]  // 90.1 %
    public void Vote_StarNeedsStrictlyMoreThan90Percent(int approve, int cast, bool awarded)
    {
        // "民主测评高于90%的,方可获得该颗星"
        var votes = new VoteCount(cast, approve, cast - approve, 0);
        var result = Rate("double-ten", new EvaluationRequest { Subject = new Subject("member", "rural"), Votes = new() { ["study"] = votes } });
        Assert.Equal(awarded, result.Stars.Single(s => s.Key == "study").Awarded);
    }

    [Theory]
    [InlineData(79, false)]
    [InlineData(80, true)]
    public void Vote_IsInvalidBelow80PercentParticipation(int cast, bool valid)
    {
        // "党员参与率一般不低于基层党组织党员总数的80%"
        var result = Rate("double-ten", new EvaluationRequest { Subject = new Subject("member", "rural"), Votes = new() { ["study"] = new VoteCount(100, cast, 0, 0) } });
        var study = result.Stars.Single(s => s.Key == "study");
        Assert.Equal(valid, study.Awarded);
        if (!valid) Assert.Equal(ExplanationCodes.VoteInvalid.With(("participation", $"{cast}%"), ("line", "80%")), study.Reason);
    }

    [Fact]
    public void DailyManagementStars_NeedNoVote()
    {
        // "对计生星、法纪星、作风星、稳定星等可以根据日常管理情况直接确定'星',无需测评"
        var result = Rate("double-ten", new EvaluationRequest { Subject = new Subject("member", "organ"), DailyStars = new() { ["law"] = true } });
        Assert.True(result.Stars.Single(s => s.Key == "law").Awarded);
        Assert.Equal(["dedication", "innovation", "law", "performance", "purpose", "study"], result.Stars.Select(s => s.Key).Order());
    }

    [Fact]
    public void DoubleTen_BelowSevenStars_IsRectified_AndSevenIsNot()
    {
        // "对'七星级'以下基层党组织和党员分别进行整顿、处置" (Decision: fewer than 7)
        static VoteCount Yes() => new(10, 10, 0, 0);
        var sixStars = new Dictionary<string, VoteCount> { ["purpose"] = Yes(), ["study"] = Yes(), ["wealth"] = Yes(), ["ecology"] = Yes(), ["civility"] = Yes(), ["individual:科技"] = Yes() };
        var six = Rate("double-ten", new EvaluationRequest { Subject = new Subject("member", "rural"), Votes = sixStars });
        Assert.Equal((6, true), (six.Level, six.Rectification));
        var seven = Rate("double-ten", new EvaluationRequest { Subject = new Subject("member", "rural"), Votes = sixStars, DailyStars = new() { ["law"] = true } });
        Assert.Equal((7, false), (seven.Level, seven.Rectification));
    }

    [Fact]
    public void DoubleTen_BottomRanked_CannotBeTenStar()
    {
        // "全镇目标考核后3位的村和后2位的镇直部门,不得作为'十星级党组织'评选对象"
        static VoteCount Yes() => new(10, 10, 0, 0);
        var votes = new Dictionary<string, VoteCount>
        {
            ["study"] = Yes(), ["ecology"] = Yes(), ["org-life"] = Yes(), ["position"] = Yes(), ["poverty"] = Yes(),
            ["individual:产业"] = Yes(), ["individual:治理"] = Yes(), ["individual:文化"] = Yes(), ["individual:服务"] = Yes(),
        };
        var request = new EvaluationRequest { Subject = new Subject("organization", "rural"), Votes = votes, DailyStars = new() { ["law"] = true } };
        Assert.Equal(10, Rate("double-ten", request).Level);
        Assert.Equal(9, Rate("double-ten", request with { Facts = new Facts { BottomRanked = true } }).Level);
    }

    [Theory]
    [InlineData(8.0, true)]
    [InlineData(7.9, false)]
    public void ScoreStar_Needs80PercentOfItsPoints(decimal points, bool awarded)
    {
        // "通过考核所得分值在该星总分80%以上的得星,分值低于80%不得星"
        var result = Rate("ten-star-branch", new EvaluationRequest { Subject = new Subject("organization", "rural"), ItemScores = new() { ["stability"] = points } });
        Assert.Equal(awarded, result.Stars.Single(s => s.Key == "stability").Awarded);
    }

    [Fact]
    public void TenStar_FiveStarsQualify_FourAreSoftAndLax()
    {
        // "五星级以上的(含五星级)为合格,五星级以下的为不合格,要列为软弱涣散基层党组织,进行整顿"
        var five = new Dictionary<string, decimal> { ["stability"] = 10, ["ethnic-unity"] = 10, ["religious-harmony"] = 10, ["leadership-core"] = 10, ["pioneer"] = 10 };
        var qualified = Rate("ten-star-branch", new EvaluationRequest { Subject = new Subject("organization", "rural"), ItemScores = five });
        Assert.Equal((5, true, false), (qualified.Level, qualified.Qualified, qualified.Rectification));
        five.Remove("pioneer");
        var lax = Rate("ten-star-branch", new EvaluationRequest { Subject = new Subject("organization", "rural"), ItemScores = five });
        Assert.Equal((4, false, true), (lax.Level, lax.Qualified, lax.Rectification));
    }

    [Fact]
    public void TenStar_AStarWhoseItemsAddUpToEight_IsOutOfEight()
    {
        // Decision: "增收致富星 8 of 10 … let the star's max be the sum of its items"
        Assert.Equal(8, Catalog.Find("ten-star-branch")!.Stars.Single(s => s.Key == "income").MaxPoints);
        var result = Rate("ten-star-branch", new EvaluationRequest { Subject = new Subject("organization", "rural"), ItemScores = new() { ["income"] = 6.4m } });
        Assert.True(result.Stars.Single(s => s.Key == "income").Awarded); // 6.4 / 8 = 80 %
    }

    [Theory]
    [InlineData(49, null)]
    [InlineData(50, 1)]
    [InlineData(59, 1)]
    [InlineData(60, 2)]
    [InlineData(89, 4)]
    [InlineData(90, 5)]
    public void Bands_GiveTheLevelOfThe100PointScore(double score, int? level) =>
        // "90—100分为五星级,80—89分为四星级,70—79分为三星级,60—69分为二星级,50—59分为一星级,50分以下不定星级"
        Assert.Equal(level, FiveStar((decimal)score).Level);

    [Fact]
    public void Commendations_TakeTheHighestOnly()
    {
        // "(市级3分,省级5分,国家级8分,以最高的为准)": city + province adds 5, not 8
        var result = FiveStar(80, new Facts { Commendations = ["city", "province"] });
        Assert.Equal(85, result.Score);
    }

    [Fact]
    public void Deductions_CountEachOccurrence()
    {
        // "受到市直工委通报批评的、每次扣3分,受到市委通报批评的、每次扣5分"; "撤销党内职务以上扣5分"; "一般党员违法违纪一人次扣2分"
        var result = FiveStar(95, new Facts { Criticisms = ["work-committee", "work-committee", "city-committee"], LeaderSanctions = ["removal"], MemberViolations = 2 });
        Assert.Equal(95 - 3 - 3 - 5 - 5 - 4, result.Score);
    }

    [Theory]
    [InlineData(365, 4)] // late without approval: "不按期进行党组织换届选举的,不得定为五星级"
    [InlineData(366, 3)] // "超过一年不换届的,不得定为四星及以上等级"
    public void LateReelection_CapsTheLevel(int overdueDays, int level) =>
        Assert.Equal(level, FiveStar(98, new Facts { ReelectionOverdueDays = overdueDays }).Level);

    [Fact]
    public void ApprovedLateReelection_KeepsFiveStars() =>
        Assert.Equal(5, FiveStar(98, new Facts { ReelectionOverdueDays = 30, ReelectionApproved = true }).Level);

    [Fact]
    public void ThreeAbsences_RemoveTheFifthStarAndOneMoreLevel()
    {
        // "年度内累计超过3次及以上的,不得定为五星级,在年底进行星级评定时,应降低一个星级" (Decision: 3 or more)
        var result = FiveStar(99, new Facts { Absences = 3 }); // 99 − 9 = 90: five stars, capped at four, demoted to three
        Assert.Equal((90m, 3), (result.Score, result.Level));
        Assert.Equal(5, FiveStar(99, new Facts { Absences = 2 }).Level); // 99 − 6 = 93
    }

    [Theory]
    [InlineData(0.49, null)] // "50%以下不定星级"
    [InlineData(0.55, 4)]    // "60%以下扣5分": 92 − 5 = 87
    [InlineData(0.60, 5)]
    public void Satisfaction_DeductsBelow60AndGivesNoLevelBelow50(double rate, int? level) =>
        Assert.Equal(level, FiveStar(92, new Facts { SatisfactionRate = (decimal)rate }).Level);

    [Fact]
    public void FiveStar_OneStarOrNone_IsRectified()
    {
        // "对'一星级'及'无星'党组织实行重点管理,由上级党组织指导进行集中整顿"
        Assert.True(FiveStar(55).Rectification);
        Assert.True(FiveStar(40).Rectification);
        Assert.False(FiveStar(60).Rectification);
    }

    // Scheme D (六好): SixGoodSchemeTests.

    [Fact]
    public void ImpossibleInput_IsRefusedWithEveryProblem()
    {
        var (result, problems) = SchemeEvaluator.Evaluate(Catalog.Find("double-ten")!, new EvaluationRequest
        {
            Subject = new Subject("robot", "mars"),
            ItemScores = new() { ["nope"] = 1 },
            Votes = new() { ["study"] = new VoteCount(10, 8, 3, 0), ["unknown"] = new VoteCount(10, -1, 0, 0) },
        });
        Assert.Null(result);
        Assert.Equal(["itemScores.nope", "subject.kind", "subject.sector", "votes.study", "votes.unknown", "votes.unknown"], problems.Select(p => p.Where).Order());
    }

    [Fact]
    public void EveryResult_ExplainsItself()
    {
        // Rendered in both languages by the web's templates (ExplanationTextsTests).
        var result = FiveStar(88, new Facts { Commendations = ["national"] });
        Assert.Contains(result.Explanation, line => line.Code == ExplanationCodes.Bonus.Code && line.Args["points"] == "8");
        Assert.Contains(result.Explanation, line => line.Code == ExplanationCodes.BandReached.Code && line.Args["level"] == "5");
    }
    [Theory]
    [InlineData(new[] { "city" }, new[] { "city" }, 90, 5)]                 // 84 + 3 + 3: two clauses, each counted
    [InlineData(new[] { "city", "national" }, new string[0], 92, 5)]        // the highest of one clause only: +8
    [InlineData(new[] { "city", "province" }, new[] { "city", "city" }, 92, 5)] // +5 and +3
    [InlineData(new string[0], new[] { "province" }, 89, 4)]
    public void SchemeC_EachBonusClause_TakesItsOwnHighest(string[] commendations, string[] innovations, decimal total, int level)
    {
        // "受到市级及以上表彰、在市以上新闻媒体发表署名文章报道的…(市级3分,省级5分,国家级8分,以最高的为准)" and, a clause of its
        // own, "基层党组织建设有重大创新并被上级党组织认可、加以推广的…(市级3分,省级5分,国家级8分)"
        var result = FiveStar(84, new Facts { Commendations = [.. commendations], Innovations = [.. innovations] });
        Assert.Equal((total, level), (result.Score, result.Level));
    }

    [Theory]
    [InlineData(4, true)]
    [InlineData(5, false)]
    public void DoubleTen_IndividualStars_UpToTheFreeSlots(int individual, bool accepted)
    {
        // "'十星'分别由共性星和个性星组成" (Decisions: 个性星 = 10 − 6 common = 4); a fifth is refused by name, never dropped.
        var votes = Enumerable.Range(1, individual).ToDictionary(i => $"individual:个性{i}", _ => new VoteCount(10, 10, 0, 0));
        var (result, problems) = SchemeEvaluator.Evaluate(Catalog.Find("double-ten")!, new EvaluationRequest { Subject = new Subject("member", "rural"), Votes = votes });
        Assert.Equal(accepted, result is not null);
        if (accepted) Assert.Equal(individual, result!.Stars.Count(s => s.Individual && s.Awarded));
        else Assert.Equal("votes.individual:个性5", Assert.Single(problems).Where);
    }

    [Theory]
    [InlineData("organization", 9)]
    [InlineData("member", 10)]
    public void DoubleTen_BottomRanked_CapsOrganizationsOnly(string kind, int level)
    {
        // "全镇目标考核后3位的村和后2位的镇直部门,不得作为'十星级党组织'评选对象": villages and departments, never members.
        var common = SchemeEvaluator.StarsFor(Catalog.Find("double-ten")!, new Subject(kind, "rural"));
        var votes = common.Where(s => s.Award == "vote").Select(s => s.Key)
            .Concat(["individual:甲", "individual:乙", "individual:丙", "individual:丁"]).ToDictionary(k => k, _ => new VoteCount(10, 10, 0, 0));
        var result = Rate("double-ten", new EvaluationRequest
        {
            Subject = new Subject(kind, "rural"), Votes = votes, DailyStars = new() { ["law"] = true }, Facts = new Facts { BottomRanked = true },
        });
        Assert.Equal(level, result.Level);
    }
    [Theory]
    [InlineData("pioneer", 4, "④党员干部要有较强的党性意识")]
    [InlineData("democratic-management", 2, "②基层级财务管理制度化、规范化,坚持民主理财")]
    [InlineData("tidy-village", 2, "②村委会办公场所和群众活动场所硬化、绿化、整洁,四室一场配套设施齐全")]
    [InlineData("tidy-village", 3, "③“六好”建设成效明显")]
    public void TenStarBranch_ItemsReadAsWritten(string star, int item, string opening)
    {
        // 000/稿五's items as written: "5、先锋模范星(10分)…", "6、民主管理星。(10分)…", "9、村容整洁星(10分)…"
        var items = Catalog.Find("ten-star-branch")!.Stars.Single(s => s.Key == star).Items;
        Assert.StartsWith(opening, items[item - 1].Text);
    }
}
