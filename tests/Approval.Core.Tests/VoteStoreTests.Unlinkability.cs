using Approval.Core.Voting;
using Dapper;

namespace Approval.Core.Tests;

/// <summary>
/// A reader of the database cannot pair a voter with their ballot rows: not by the writing transaction (PostgreSQL's
/// xmin), nor by keys followed from one read to the next, nor by the rows' physical order (ctid, SQLite's key order).
/// </summary>
public abstract partial class VoteStoreTests
{
    private static readonly List<string> SixStars = ["study", "purpose", "wealth", "ecology", "civility", "public-good"];

    private protected async Task<VoteSession> SixStarSessionAsync()
    {
        var (session, problems) = await _votes.CreateAsync(new NewVoteSession("member", "m-1", "branch-1", "double-ten", 2026,
            VoteModes.Secret, SixStars, [.. Roster], null), "secretary");
        Assert.Empty(problems);
        return session!;
    }

    private protected Task CastAllAsync(VoteSession session, string voter, string choice) =>
        _votes.CastAsync(session.Id, voter, SixStars.ToDictionary(s => s, _ => choice));

    [Fact]
    public async Task BallotKeys_AreRenewedByEveryCast_SoAReaderCannotDiffSnapshotsByKey()
    {
        var session = await SixStarSessionAsync();
        await using var connection = await _database.OpenAsync();
        await CastAllAsync(session, "v1", "approve");
        var afterFirst = (await connection.QueryAsync<string>("select id from ballots where session_id = @Id", new { session.Id })).ToHashSet();
        await CastAllAsync(session, "v2", "disapprove");
        var afterSecond = (await connection.QueryAsync<string>("select id from ballots where session_id = @Id", new { session.Id })).ToHashSet();

        Assert.Equal(6, afterFirst.Count);
        Assert.Equal(12, afterSecond.Count);
        Assert.DoesNotContain(afterSecond, afterFirst.Contains);
    }

    [Fact]
    public async Task BallotRows_InStorageOrder_DoNotFollowTheOrderOfCasting()
    {
        // v1, v2 approve every star and v3…v5 disapprove: rows stored in cast order would read, star by star,
        // approve, approve, disapprove ×3. A shuffle matches that for all six stars with chance (1/10)^6.
        var session = await SixStarSessionAsync();
        foreach (var voter in Roster) await CastAllAsync(session, voter, voter is "v1" or "v2" ? "approve" : "disapprove");

        await using var connection = await _database.OpenAsync();
        var stored = (await connection.QueryAsync<(string Star, string Choice)>(_database.IsSqlite
            ? "select star_key, choice from ballots"                 // WITHOUT ROWID: a table scan follows the random key
            : "select star_key, choice from ballots order by ctid")).ToList();
        Assert.Equal(30, stored.Count);
        string[] castOrder = ["approve", "approve", "disapprove", "disapprove", "disapprove"];
        Assert.False(SixStars.All(star => stored.Where(b => b.Star == star).Select(b => b.Choice).SequenceEqual(castOrder)),
            "every star's ballots are stored in the order they were cast");
        if (_database.IsSqlite)
        {
            var ddl = await connection.ExecuteScalarAsync<string>("select sql from sqlite_master where name = 'ballots'");
            Assert.Contains("without rowid", ddl, StringComparison.OrdinalIgnoreCase);
        }
    }
}

/// <summary>PostgreSQL stamps every row with the transaction that wrote it (xmin); SQLite keeps no such id.</summary>
public sealed partial class PostgresVoteStoreTests
{
    [Fact]
    public async Task VoterMark_SharesNoTransactionWithItsOwnBallotsAlone_RegressionForXminLink()
    {
        // Before: the mark and the ballot rows were written by one transaction, so on PostgreSQL
        // "ballots where xmin = the voter's mark's xmin" were exactly that voter's ballots.
        var session = await SixStarSessionAsync();
        await CastAllAsync(session, "v1", "approve");
        await CastAllAsync(session, "v2", "disapprove");
        await CastAllAsync(session, "v3", "abstain");
        await using var connection = await _database.OpenAsync();
        var marks = (await connection.QueryAsync<string>("select xmin::text from vote_eligible where session_id = @Id", new { session.Id })).ToList();
        var ballots = (await connection.QueryAsync<string>("select xmin::text from ballots where session_id = @Id", new { session.Id })).ToList();
        Assert.Equal(6 * 3, ballots.Count);
        // Every mark (voted or not) and every ballot carries one and the same transaction id: grouping by it
        // yields a single group, which separates nobody.
        Assert.Single(marks.Concat(ballots).Distinct());
    }
}
