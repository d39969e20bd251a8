using Approval.Core.Explanations;
using Approval.Core.Schemes;

namespace Approval.Core.Ratings;

/// <summary>A proposed or final rating as the workflows carry it in the <c>result</c> variable and notices show it.</summary>
public sealed record RatingResult(
    int? Level, bool Qualified, bool Rectification, decimal? Score, List<StarResult> Stars, List<Explanation> Explanation)
{
    public int? PreviousLevel { get; init; }
    /// <summary>六好's grade (优秀、良好、基本合格、不合格), set by the grading committee after the round.</summary>
    public string? Grade { get; init; }
    public string? Findings { get; init; }

    public static RatingResult From(EvaluationResult result) =>
        new(result.Level, result.Qualified, result.Rectification, result.Score, [.. result.Stars], [.. result.Explanation]);
}

/// <summary>What the assessor enters (上级党组织考评): item points, standards met, daily-management stars, a total score, facts.</summary>
public sealed record AssessmentInput
{
    public Dictionary<string, decimal> ItemScores { get; init; } = [];
    /// <summary>Scheme D: per dimension, the indexes of the standards met.</summary>
    public Dictionary<string, List<int>> StandardsMet { get; init; } = [];
    public Dictionary<string, bool> DailyStars { get; init; } = [];
    public decimal? Score { get; init; }
    public Facts Facts { get; init; } = new();
}

/// <summary>党员群众测评: members present of those eligible, the masses' representatives, and the ballots on satisfaction.</summary>
public sealed record Appraisal(int Members, int Eligible, int Masses, int Satisfied, int Dissatisfied, int Abstain)
{
    public int Cast => Satisfied + Dissatisfied + Abstain;
    public decimal? Rate => Cast == 0 ? null : Math.Round((decimal)Satisfied / Cast, 4);
}

public static class AssessmentRequest
{
    /// <summary>The scoring request from the assessment and the vote session's counts (民主测评).</summary>
    /// <summary>
    /// The scoring request from the assessment and the vote session: its counts (民主测评), or for a scheme without vote
    /// stars its appraisal, whose satisfaction rate replaces any the assessor typed.
    /// </summary>
    public static EvaluationRequest Build(Subject subject, AssessmentInput input, IReadOnlyDictionary<string, VoteCount>? votes,
        IReadOnlyList<Star>? individualStars = null, Appraisal? appraisal = null) => new()
    {
        Subject = subject,
        IndividualStars = individualStars is null ? [] : [.. individualStars],
        Score = input.Score,
        ItemScores = new(input.ItemScores),
        StandardsMet = new(input.StandardsMet),
        DailyStars = new(input.DailyStars),
        Votes = votes is null ? [] : new(votes),
        Facts = appraisal?.Rate is { } rate ? input.Facts with { SatisfactionRate = rate } : input.Facts,
    };
}
