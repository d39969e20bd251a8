using System.Text.Json;
using System.Text.RegularExpressions;
using Approval.Core.Explanations;
using Approval.Core.Ratings;
using Approval.Core.Schemes;
using Approval.Core.Workflow;
using Approval.Web.Localization;

namespace Approval.Web.Tests;

/// <summary>
/// Rating explanations are stored as codes with arguments and rendered in the reader's language (issue 16 §1,
/// STYLE.md): every code has both texts, a template names only what its producer gives, and results stored as
/// "中文 / English" strings by earlier versions still read.
/// </summary>
public sealed class ExplanationTextsTests
{
    private static readonly SchemeCatalog Shipped = SchemeCatalog.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "schemes")).Catalog;

    private static string Zh(Explanation line) => ExplanationTexts.Render(line, english: false);
    private static string En(Explanation line) => ExplanationTexts.Render(line, english: true);

    [Fact(DisplayName = "Every explanation code has a Chinese and an English text, and no text is for a code that does not exist")]
    public void EveryCode_HasItsTexts()
    {
        var codes = ExplanationCodes.All.Select(c => c.Code).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.Empty(codes.Where(c => ExplanationTexts.Both(c) is null).Order());
        Assert.Empty(ExplanationTexts.Codes.Where(c => !codes.Contains(c)).Order());
        // A Chinese text is Chinese, or a formula with no words at all ("{points}/{max} = {ratio} ≥ {threshold}"): never English left untranslated.
        Assert.All(codes, c => Assert.DoesNotMatch("[A-Za-z]", Regex.Replace(ExplanationTexts.Both(c)!.Value.Zh, @"\{\w+\}", "")));
        Assert.All(codes, c => Assert.False(string.IsNullOrWhiteSpace(ExplanationTexts.Both(c)!.Value.En)));
        Assert.DoesNotContain(Explanation.LiteralCode, codes);
    }

    [Fact(DisplayName = "A template places only the arguments its code's producer gives, and {detail} only where the code carries one")]
    public void EveryPlaceholder_IsAnArgumentOfItsCode()
    {
        var wrong = new List<string>();
        foreach (var code in ExplanationCodes.All)
        {
            var (zh, en) = ExplanationTexts.Both(code.Code)!.Value;
            foreach (var (language, template) in new[] { ("zh", zh), ("en", en) })
            {
                var placed = ExplanationTexts.Placeholders(template);
                wrong.AddRange(placed.Where(p => !code.Args.Contains(p) && !(p == "detail" && code.HasDetail)).Select(p => $"{code.Code} {language}: {{{p}}}"));
                if (code.HasDetail && !placed.Contains("detail")) wrong.Add($"{code.Code} {language}: no {{detail}}");
            }
        }
        Assert.Empty(wrong);
    }

    [Fact(DisplayName = "A producer gives exactly its code's arguments: one missing, one more, or a detail where none belongs is refused")]
    public void With_RefusesOtherArguments()
    {
        Assert.Throws<ArgumentException>(() => ExplanationCodes.QuotaLowered.With());
        Assert.Throws<ArgumentException>(() => ExplanationCodes.QuotaLowered.With(("level", 3), ("star", "学习星")));
        Assert.Throws<ArgumentException>(() => ExplanationCodes.QuotaLowered.With(ExplanationCodes.NoVote.With(), ("level", 3)));
        Assert.Throws<ArgumentException>(() => ExplanationCodes.StarEarned.With(("star", "学习星")));
        Assert.Equal("因名额限制调整为3星", Zh(ExplanationCodes.QuotaLowered.With(("level", 3))));
    }

    [Fact(DisplayName = "A result stored with \"中文 / English\" lines by an earlier version reads as literal lines, each language showing its half")]
    public void AnOldResult_StillReads()
    {
        const string stored = """
            {"level":4,"qualified":true,"rectification":false,"score":null,
             "stars":[{"key":"study","name":"学习星","awarded":true,"reason":"赞成 9/10 = 90% ≥ 80% / approval 90% passes at least 80%","individual":false}],
             "explanation":["星级 = 获得的星数 4 / level = stars earned: 4","因名额限制调整为3星 / lowered to level 3 by the quota review","复核意见"]}
            """;
        var result = JsonSerializer.Deserialize<RatingResult>(stored, HandlerContext.Json)!;
        Assert.All(result.Explanation, l => Assert.Equal(Explanation.LiteralCode, l.Code));
        Assert.Equal(["星级 = 获得的星数 4", "因名额限制调整为3星", "复核意见"], result.Explanation.Select(Zh));
        Assert.Equal(["level = stars earned: 4", "lowered to level 3 by the quota review", "复核意见"], result.Explanation.Select(En));
        Assert.Equal(("赞成 9/10 = 90% ≥ 80%", "approval 90% passes at least 80%"), (Zh(result.Stars[0].Reason), En(result.Stars[0].Reason)));

        var grading = JsonSerializer.Deserialize<List<GradingCandidate>>(
            """[{"subjectId":"b1","name":"一支部","score":91,"rank":1,"grade":"优秀","explanation":["得分 91,第1名,共5个 / score 91, rank 1 of 5"]}]""",
            HandlerContext.Json)!;
        Assert.Equal("score 91, rank 1 of 5", En(grading[0].Explanation[0]));
    }

    [Fact(DisplayName = "A line with its detail is stored as code, arguments and detail, and reads back the same")]
    public void AnExplanation_RoundTripsThroughTheVariables()
    {
        var line = ExplanationCodes.IndividualStarEarned.With(ExplanationCodes.VotePassedMoreThan.With(("approve", 9), ("cast", 10), ("approval", "90%"),
            ("threshold", "80%")), ("star", "创新星"));
        var json = JsonSerializer.Serialize(line, HandlerContext.Json);
        Assert.StartsWith("""{"code":"individual-star.earned","args":{"star":""", json);
        Assert.Equal(line, JsonSerializer.Deserialize<Explanation>(json, HandlerContext.Json));
        Assert.Equal("个性星 创新星: 得星 — 赞成 9/10 = 90% > 80%", Zh(line));
        Assert.Equal("individual star 创新星: earned — approval 90% passes more than 80%", En(line));
    }

    [Fact(DisplayName = "The shipped schemes' explanations read in Chinese and English as the stored lines did before codes")]
    public void ShippedSchemes_ExplainInBothLanguages()
    {
        var (sixGood, _) = SchemeEvaluator.Evaluate(Shipped.Find("six-good")!, new EvaluationRequest
        {
            Subject = new Subject("organization", "non-public"), StandardsMet = new() { ["leadership"] = [0, 1, 3] },
        });
        var leadership = sixGood!.Explanation.Single(l => l.Args.GetValueOrDefault("key") == "leadership");
        Assert.Equal("班子建设好 3/4 项达成 15/20 分(未达成:团结协作,贯彻落实民主集中制原则)", Zh(leadership));
        Assert.Equal("leadership: 3 of 4 standards met, 15 of 20 points (not met: #3)", En(leadership));

        var (fiveStar, _) = SchemeEvaluator.Evaluate(Shipped.Find("five-star-service")!, new EvaluationRequest
        {
            Subject = new Subject("organization", "organ"), Score = 88, Facts = new Facts { Commendations = ["national"] },
        });
        Assert.Contains(fiveStar!.Explanation.Select(Zh), l => l.StartsWith("加分 ", StringComparison.Ordinal) && l.EndsWith("+8", StringComparison.Ordinal));
        Assert.Contains("总分 96 ≥ 90 → 5星", fiveStar.Explanation.Select(Zh));
        Assert.Contains("total 96 reaches 90: level 5", fiveStar.Explanation.Select(En));

        var graded = ForcedDistribution.Grade(Shipped.Find("six-good")!, [.. Enumerable.Range(1, 10).Select(r => ($"b{r:D2}", r is 2 or 3 ? 99m : 101m - r))]);
        var third = graded.Single(g => g.SubjectId == "b03").Explanation;
        Assert.Contains("得分 99,与另外1个同分,并列第2名,共10个", third.Select(Zh));
        Assert.Contains(third.Select(Zh), l => l.Contains("且呈正态分布") && l.EndsWith(":优秀 20%、良好 40%、基本合格 30%、不合格 10%", StringComparison.Ordinal));
        Assert.Contains("grades by share of those rated together, best first: excellent 20%, good 40%, basically qualified 30%, unqualified 10%", third.Select(En));
        Assert.Contains("同分并列第2至3名,同分取较高等次,按第2名定为优秀(0%–20%)", third.Select(Zh));
        Assert.Contains("the rank's midpoint is 45% from the top, inside good's 20%–60%: good",
            graded.Single(g => g.SubjectId == "b05").Explanation.Select(En));
    }

    [Fact(DisplayName = "Every line of every shipped scheme's evaluation renders without an unfilled placeholder")]
    public void EveryShippedLine_IsFilled()
    {
        var lines = new List<Explanation>();
        foreach (var scheme in Shipped.All)
        {
            var request = new EvaluationRequest
            {
                Subject = new Subject(scheme.AppliesTo.FirstOrDefault()?.Subject ?? "organization", null),
                Score = scheme.Method == "bands" ? 55 : null,
                ItemScores = scheme.Stars.Where(s => s.Award == "score").ToDictionary(s => s.Key, s => s.MaxPoints / 2),
                Votes = scheme.Stars.Where(s => s.Award == "vote").ToDictionary(s => s.Key, _ => new VoteCount(10, 6, 4, 0)),
                Facts = new Facts { SatisfactionRate = 0.5m, ReelectionOverdueDays = 400, Absences = 5 },
            };
            var (result, problems) = SchemeEvaluator.Evaluate(scheme, request);
            Assert.Empty(problems);
            lines.AddRange(result!.Explanation.Concat(result.Stars.Select(s => s.Reason)));
        }
        Assert.All(lines.SelectMany(l => new[] { Zh(l), En(l) }), text => Assert.DoesNotMatch(@"\{\w+\}", text));
    }
}
