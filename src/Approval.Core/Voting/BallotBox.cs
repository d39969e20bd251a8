using System.Data.Common;
using Approval.Core.Infrastructure;
using Dapper;

namespace Approval.Core.Voting;

/// <summary>
/// 无记名投票: stores secret ballots so that nobody reading the database can tell whose ballot is whose.
/// </summary>
/// <remarks>
/// A ballot row says nothing of its voter (no voter, no time, a random key), but the database itself can link rows:
/// on PostgreSQL every row carries the id of the transaction that wrote it (<c>xmin</c>) and its physical place
/// (<c>ctid</c>); on SQLite insert order is the rowid's. A cast that marked the voter and inserted the ballot in one
/// transaction left both with the same <c>xmin</c>. So each cast rewrites the whole session: it touches every
/// eligible voter's mark (voted or not) and replaces every ballot of the session, shuffled, under fresh random keys.
/// Afterwards all of the session's marks and ballots carry the last cast's transaction id, the earlier voters'
/// rows have new keys and places, and nothing separates one voter's rows from another's. The mark and the ballot
/// stay in one transaction, so a crash loses neither and never lets a voter vote twice. The cost is a rewrite of
/// the session's ballots per cast: a branch's few dozen voters times its stars.
/// </remarks>
public sealed class BallotBox(Database database, TimeProvider clock)
{
    public async Task<CastOutcome> CastAsync(VoteSession session, string voter, IReadOnlyDictionary<string, string> choices) =>
        await database.WriteAsync(async (c, t) =>
        {
            // Also the lock that orders casts and closing: a cast after the organizer's close, or after the due
            // time, finds no open row.
            var open = await c.ExecuteAsync(
                "update vote_sessions set status = status where id = @Id and status = 'open' and (due_at is null or due_at > @now)",
                new { session.Id, now = EpochTime.ToMs(clock.GetUtcNow()) }, t);
            if (open == 0) return CastOutcome.Closed;
            var marked = await c.ExecuteAsync(
                $"update vote_eligible set has_voted = {Bool(true)} where session_id = @Id and voter = @voter and has_voted = {Bool(false)}",
                new { session.Id, voter }, t);
            if (marked == 0)
            {
                var known = await c.ExecuteScalarAsync<long>("select count(*) from vote_eligible where session_id = @Id and voter = @voter", new { session.Id, voter }, t);
                return known == 0 ? CastOutcome.NotEligible : CastOutcome.AlreadyVoted;
            }
            await c.ExecuteAsync("update vote_eligible set has_voted = has_voted where session_id = @Id", new { session.Id }, t);
            await RewriteBallotsAsync(c, t, session.Id, choices);
            return CastOutcome.Counted;
        });

    /// <summary>The session's ballots so far plus this one, shuffled, each under a fresh random (version 4) key.</summary>
    private static async Task RewriteBallotsAsync(DbConnection c, DbTransaction t, string sessionId, IReadOnlyDictionary<string, string> choices)
    {
        var earlier = await c.QueryAsync<(string Star, string Choice)>("select star_key, choice from ballots where session_id = @sessionId", new { sessionId }, t);
        var all = earlier.Concat(choices.Select(x => (Star: x.Key, Choice: x.Value))).ToArray();
        System.Security.Cryptography.RandomNumberGenerator.Shuffle(all.AsSpan()); // unpredictable, unlike Random
        await c.ExecuteAsync("delete from ballots where session_id = @sessionId", new { sessionId }, t);
        await new SqlBatch().InsertRows("ballots", "id, session_id, star_key, choice", all,
            b => [Guid.NewGuid().ToString(), sessionId, b.Star, b.Choice]).ExecuteAsync(c, t);
    }

    private string Bool(bool value) => database.Dialect.Bool(value);
}
