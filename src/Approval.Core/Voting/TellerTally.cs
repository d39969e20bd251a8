using Approval.Core.Infrastructure;
using Approval.Core.Orgs;
using Approval.Core.Schemes;
using Approval.Engine;
using Dapper;

namespace Approval.Core.Voting;

/// <summary>
/// 当场唱票: two tellers, signed in as different people, each enter their own count; the tally stands when they
/// agree on every star. Before that nobody is shown a teller's numbers: a disputed tally names the stars to count
/// again, never the other teller's count.
/// </summary>
public static class TellerTally
{
    public static IReadOnlyList<Problem> Check(VoteSession session, IReadOnlyDictionary<string, VoteCount> counts)
    {
        var problems = new List<Problem>();
        foreach (var star in session.Stars.Where(s => !counts.ContainsKey(s))) problems.Add(new(FieldCodes.Required, $"counts.{star}", "every star needs a count."));
        foreach (var (star, c) in counts)
        {
            if (!session.Stars.Contains(star)) problems.Add(new(FieldCodes.UnknownReference, $"counts.{star}", "not a star of this vote."));
            else if (c.Approve < 0 || c.Disapprove < 0 || c.Abstain < 0) problems.Add(new(FieldCodes.OutOfRange, $"counts.{star}", "counts cannot be negative."));
            // Summed as long: three counts near int.MaxValue would wrap to a negative total and pass.
            else if ((long)c.Approve + c.Disapprove + c.Abstain is var cast && cast > session.Eligible)
                problems.Add(new(FieldCodes.Inconsistent, $"counts.{star}", $"{cast} ballots from {session.Eligible} eligible voters: more ballots than voters."));
        }
        return problems;
    }

    /// <summary>The tellers' entries compared; <c>Agreed</c> with the counts (participants: the most ballots on any star).</summary>
    public static async Task<(bool Agreed, Tally Tally)> ReadAsync(Database database, VoteSession session)
    {
        await using var connection = await database.OpenAsync();
        var entries = (await connection.QueryAsync<(string Teller, string Star, int Approve, int Disapprove, int Abstain)>(
            "select teller, star_key, approve, disapprove, abstain from teller_counts where session_id = @Id order by teller, star_key", new { session.Id })).ToList();
        var byTeller = entries.GroupBy(e => e.Teller).ToList();
        if (byTeller.Count < 2) return (false, Tally.Withheld(TallyStatus.AwaitingSecondTeller));
        var first = byTeller[0].ToDictionary(e => e.Star);
        var disagreements = byTeller.Skip(1).SelectMany(g => g)
            .Where(e => (first[e.Star].Approve, first[e.Star].Disapprove, first[e.Star].Abstain) != (e.Approve, e.Disapprove, e.Abstain))
            .Select(e => e.Star).Distinct().ToList();
        if (disagreements.Count > 0) return (false, new Tally(TallyStatus.Disputed, new Dictionary<string, VoteCount>(), disagreements));
        var stars = first.ToDictionary(p => p.Key, p => new VoteCount(session.Eligible, p.Value.Approve, p.Value.Disapprove, p.Value.Abstain));
        return (true, new Tally(TallyStatus.Final, stars, [], stars.Values.Max(c => c.Cast)));
    }
}
