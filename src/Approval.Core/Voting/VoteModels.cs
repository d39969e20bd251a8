using Approval.Core.Schemes;

namespace Approval.Core.Voting;

/// <summary>民主测评: one vote per subject, scheme and year. Secret ballots online, or counts taken on the spot.</summary>
public sealed record VoteSession(
    string Id, string SubjectKind, string SubjectId, string OrgId, string SchemeKey, int Year, string Mode,
    IReadOnlyList<string> Stars, int Eligible, string Status);

/// <summary>A new vote session; <see cref="SchemeVersion"/> names the campaign's version of the scheme (default: the latest).</summary>
public sealed record NewVoteSession(
    string? SubjectKind, string? SubjectId, string? OrgId, string? SchemeKey, int Year, string? Mode, List<string>? Stars,
    List<string>? Voters, int? Eligible, int? SchemeVersion = null);

public static class VoteModes
{
    /// <summary>无记名投票: each eligible voter casts one anonymous ballot in the system.</summary>
    public const string Secret = "secret";
    /// <summary>举手表决 (or paper ballots counted aloud): two tellers enter the counts.</summary>
    public const string ShowOfHands = "show-of-hands";
    public static readonly string[] Choices = ["approve", "disapprove", "abstain"];
}

public enum CastOutcome { Counted, NotEligible, AlreadyVoted, Closed }

/// <summary>The tally of a session: final when secret ballots are counted or two tellers agree.</summary>
public sealed record Tally(string Status, IReadOnlyDictionary<string, VoteCount> Stars, IReadOnlyList<string> Disagreements);

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
