using Approval.Core.Schemes;
using CsCheck;

namespace Approval.Core.Tests;

/// <summary>Properties of the scoring that must hold for any input, not just the boundaries.</summary>
public sealed class SchemePropertyTests
{
    private static readonly RatingScheme FiveStar = LoadFiveStar();

    private static RatingScheme LoadFiveStar()
    {
        var (catalog, _) = SchemeCatalog.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "schemes"));
        return catalog.Find("five-star-service")!;
    }

    private static readonly Gen<string> Level = Gen.OneOf("city", "province", "national");

    private static readonly Gen<Facts> AnyFacts =
        Gen.Select(Level.List[0, 3], Level.List[0, 3], Gen.OneOf("work-committee", "city-committee").List[0, 3],
                   Gen.OneOf("warning", "removal").List[0, 2], Gen.Int[0, 4], Gen.Int[0, 5], Gen.Int[0, 800])
            .Select((c, i, cr, ls, mv, ab, days) => new Facts
            {
                Commendations = c, Innovations = i, Criticisms = cr, LeaderSanctions = ls, MemberViolations = mv, Absences = ab,
                ReelectionOverdueDays = days,
            });

    private static int? LevelOf(decimal score, Facts facts) =>
        SchemeEvaluator.Evaluate(FiveStar, new EvaluationRequest { Subject = new Subject("organization", "organ"), Score = score, Facts = facts }).Result!.Level;

    [Fact]
    public void AddingADeduction_NeverRaisesTheLevel() =>
        Gen.Select(Gen.Int[0, 100], AnyFacts, Gen.Int[0, 3]).Sample((score, facts, which) =>
        {
            var worse = which switch
            {
                0 => facts with { Criticisms = [.. facts.Criticisms, "work-committee"] },
                1 => facts with { LeaderSanctions = [.. facts.LeaderSanctions, "warning"] },
                2 => facts with { MemberViolations = facts.MemberViolations + 1 },
                _ => facts with { Absences = facts.Absences + 1 },
            };
            return (LevelOf(score, worse) ?? 0) <= (LevelOf(score, facts) ?? 0);
        });

    [Fact]
    public void Bonuses_NeverExceedEachClausesHighest_Added() =>
        Gen.Select(Gen.Int[0, 100], Level.List[0, 4], Level.List[0, 4]).Sample((score, commendations, innovations) =>
        {
            var result = SchemeEvaluator.Evaluate(FiveStar, new EvaluationRequest
            {
                Subject = new Subject("organization", "organ"), Score = score, Facts = new Facts { Commendations = commendations, Innovations = innovations },
            }).Result!;
            // "以最高的为准" within each clause (表彰/署名文章; 重大创新): at most each clause's highest value, added.
            var largest = FiveStar.Bonuses.Sum(b => b.Values.Values.Max());
            return result.Score - score <= largest;
        });
}
