using Approval.Core.Schemes;

namespace Approval.Core.Voting;

/// <summary>
/// 民主测评: one vote per subject, scheme and year, held by an organization. Secret ballots online, or counts taken
/// on the spot. <see cref="ClosedBy"/> is null when the due time closed it.
/// </summary>
public sealed record VoteSession(
    string Id, string SubjectKind, string SubjectId, string OrgId, string SchemeKey, int Year, string Mode,
    IReadOnlyList<string> Stars, int Eligible, string Status, DateTimeOffset? DueAt = null, DateTimeOffset? ClosedAt = null,
    string? ClosedBy = null, string? CreatedBy = null, int? SchemeVersion = null)
{
    public bool IsClosed => Status == VoteStatus.Closed;
    /// <summary>How many times the vote was held: a round below the participation minimum is held again (重新组织).</summary>
    public int Round { get; init; } = 1;
}

/// <summary>
/// A new vote session; <see cref="SchemeVersion"/> names the campaign's version of the scheme (default: the latest),
/// <see cref="DueAt"/> when it closes by itself (none: the organizer closes it).
/// </summary>
public sealed record NewVoteSession(
    string? SubjectKind, string? SubjectId, string? OrgId, string? SchemeKey, int Year, string? Mode, List<string>? Stars,
    List<string>? Voters, int? Eligible, int? SchemeVersion = null, DateTimeOffset? DueAt = null);

public static class VoteStatus
{
    /// <summary>进行中: ballots and counts are taken; a secret ballot's tally is not shown.</summary>
    public const string Open = "open";
    /// <summary>已结束: closed by the organizer or at the due time; no more ballots.</summary>
    public const string Closed = "closed";
}

public static class VoteModes
{
    /// <summary>无记名投票: each eligible voter casts one anonymous ballot in the system.</summary>
    public const string Secret = "secret";
    /// <summary>举手表决 (or paper ballots counted aloud): two tellers enter the counts.</summary>
    public const string ShowOfHands = "show-of-hands";
    public static readonly string[] Choices = ["approve", "disapprove", "abstain"];
    /// <summary>党员群众测评's one question (满意 / 不满意 / 弃权) in a scheme that awards no star by vote.</summary>
    public const string AppraisalStar = "appraisal";
}

public enum CastOutcome { Counted, NotEligible, AlreadyVoted, Closed }

public enum CloseOutcome { Closed, AlreadyClosed, NotFound }

/// <summary>
/// The tally of a session: final when a closed secret ballot is counted or two tellers agree, and only if enough
/// took part (<see cref="TallyStatus.Invalid"/> shows no per-star counts). <see cref="Participants"/> is known once
/// the tally may be shown.
/// </summary>
public sealed record Tally(string Status, IReadOnlyDictionary<string, VoteCount> Stars, IReadOnlyList<string> Disagreements,
    int? Participants = null)
{
    public static Tally Withheld(string status, int? participants = null) => new(status, new Dictionary<string, VoteCount>(), [], participants);
}

public static class TallyStatus
{
    /// <summary>A secret ballot still open: nothing is counted aloud before the session ends.</summary>
    public const string HiddenUntilClosed = "hidden-until-closed";
    public const string AwaitingSecondTeller = "awaiting-second-teller";
    /// <summary>The tellers' counts differ on the stars listed: they count again; neither sees the other's numbers.</summary>
    public const string Disputed = "disputed";
    /// <summary>测评无效: fewer took part than the scheme's minimum ("党员参与率一般不低于…80%").</summary>
    public const string Invalid = "invalid";
    public const string Final = "final";
}

/// <summary>Counting anonymous ballots: the order they arrive in never matters.</summary>
public static class BallotCount
{
    public static Dictionary<string, VoteCount> Count(IEnumerable<(string Star, string Choice)> ballots, IReadOnlyList<string> stars, int eligible)
    {
        var counts = stars.ToDictionary(s => s, _ => new VoteCount(eligible, 0, 0, 0));
        foreach (var (star, choice) in ballots)
        {
            var c = counts[star];
            counts[star] = choice switch
            {
                "approve" => c with { Approve = c.Approve + 1 },
                "disapprove" => c with { Disapprove = c.Disapprove + 1 },
                _ => c with { Abstain = c.Abstain + 1 },
            };
        }
        return counts;
    }
}

/// <summary>A vote waiting for someone in their inbox: a ballot to cast or a count to enter.</summary>
public sealed class WaitingVote
{
    public string Id { get; init; } = "";
    /// <summary>The organization holding the vote: a member's ballots of one branch are cast together.</summary>
    public string OrgId { get; init; } = "";
    public string SubjectName { get; init; } = "";
    public int Year { get; init; }
    /// <summary><c>ballot</c> (cast a secret ballot) or <c>count</c> (enter a teller's count).</summary>
    public string Kind { get; init; } = "";
}
