using Approval.Core.Explanations;

namespace Approval.Core.Schemes;

public sealed record Subject(string Kind, string? Sector);

/// <summary>Ballots for one star: the eligible voters and how the ballots cast went.</summary>
public sealed record VoteCount(int Eligible, int Approve, int Disapprove, int Abstain)
{
    public int Cast => Approve + Disapprove + Abstain;
}

/// <summary>What the daily record, the year's events and the masses say about a subject (DOMAIN.md §2, Scheme C).</summary>
public sealed record Facts
{
    public decimal? SatisfactionRate { get; init; }
    public int ReelectionOverdueDays { get; init; }
    public bool ReelectionApproved { get; init; }
    public int Absences { get; init; }
    public List<string> Commendations { get; init; } = [];
    public List<string> Innovations { get; init; } = [];
    public List<string> Criticisms { get; init; } = [];
    public List<string> LeaderSanctions { get; init; } = [];
    public int MemberViolations { get; init; }
    public bool BottomRanked { get; init; }

    public IReadOnlyList<string> Kinds(string fact) => fact switch
    {
        "commendations" => Commendations,
        "innovations" => Innovations,
        "criticisms" => Criticisms,
        "leaderSanctions" => LeaderSanctions,
        _ => [],
    };

    public int Count(string fact) => fact switch
    {
        "memberViolations" => MemberViolations,
        "absences" => Absences,
        _ => Kinds(fact).Count,
    };
}

public sealed record EvaluationRequest
{
    public required Subject Subject { get; init; }
    public decimal? Score { get; init; }
    public Dictionary<string, decimal> ItemScores { get; init; } = [];
    /// <summary>Scheme D: per dimension, the indexes (from 0) of its standards met ("达成目标得分,不达成不得分").</summary>
    public Dictionary<string, List<int>> StandardsMet { get; init; } = [];
    public Dictionary<string, VoteCount> Votes { get; init; } = [];
    /// <summary>Stars decided by daily management (日常管理): true when the record confirms the star.</summary>
    public Dictionary<string, bool> DailyStars { get; init; } = [];
    /// <summary>The 个性星 the subject pledged (Scheme A), rated beside the common stars by their own award.</summary>
    public List<Star> IndividualStars { get; init; } = [];
    public Facts Facts { get; init; } = new();
}

public sealed record StarResult(string Key, string Name, bool Awarded, Explanation Reason)
{
    /// <summary>A 个性星 (shown by its name, marked as the subject's own choice).</summary>
    public bool Individual { get; init; }
}

/// <summary>The outcome with the rules that made it, each line a code with its arguments (<see cref="ExplanationCodes"/>).</summary>
public sealed record EvaluationResult(
    int? Level, bool Qualified, bool Rectification, decimal? Score, IReadOnlyList<StarResult> Stars, IReadOnlyList<Explanation> Explanation);
