using Approval.Core.Infrastructure;
using Approval.Core.Schemes;
using Approval.Core.Voting;
using CsCheck;
using Dapper;

namespace Approval.Core.Tests;

/// <summary>民主测评 on each database: secret ballots that cannot be traced, and tellers who must agree.</summary>
public abstract class VoteStoreTests : IDisposable
{
    private readonly Database _database;
    private readonly Action _cleanup;
    private readonly VoteStore _votes;

    protected VoteStoreTests((Database Database, Action Cleanup) db)
    {
        (_database, _cleanup) = db;
        _votes = new VoteStore(_database, SchemeCatalog.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "schemes")).Catalog);
    }

    public void Dispose() => _cleanup();

    private async Task<VoteSession> SessionAsync(string mode, List<string>? voters = null, int? eligible = null)
    {
        var (session, problems) = await _votes.CreateAsync(new NewVoteSession("member", "m-1", "branch-1", "double-ten", 2026, mode,
            ["study", "purpose"], voters, eligible), "secretary");
        Assert.Empty(problems);
        return session!;
    }

    [Fact]
    public async Task SecretBallots_AreCountedOncePerVoter_AndLeaveNoTraceOfTheVoter()
    {
        var session = await SessionAsync(VoteModes.Secret, ["v1", "v2", "v3"]);
        Assert.Equal(CastOutcome.Counted, (await _votes.CastAsync(session.Id, "v1", new Dictionary<string, string> { ["study"] = "approve", ["purpose"] = "approve" })).Outcome);
        Assert.Equal(CastOutcome.Counted, (await _votes.CastAsync(session.Id, "v2", new Dictionary<string, string> { ["study"] = "disapprove", ["purpose"] = "abstain" })).Outcome);
        Assert.Equal(CastOutcome.AlreadyVoted, (await _votes.CastAsync(session.Id, "v1", new Dictionary<string, string> { ["study"] = "approve", ["purpose"] = "approve" })).Outcome);
        Assert.Equal(CastOutcome.NotEligible, (await _votes.CastAsync(session.Id, "outsider", new Dictionary<string, string> { ["study"] = "approve", ["purpose"] = "approve" })).Outcome);

        var tally = (await _votes.TallyAsync(session.Id))!;
        Assert.Equal(new VoteCount(3, 1, 1, 0), tally.Stars["study"]);
        Assert.Equal(new VoteCount(3, 1, 0, 1), tally.Stars["purpose"]);

        // What is stored about a ballot: a random key, the session, the star, the choice. Nothing else.
        await using var connection = await _database.OpenAsync();
        var columns = _database.IsSqlite
            ? (await connection.QueryAsync<string>("select name from pragma_table_info('ballots')")).ToList()
            : (await connection.QueryAsync<string>("select column_name from information_schema.columns where table_name = 'ballots'")).ToList();
        Assert.Equal(["choice", "id", "session_id", "star_key"], columns.Order(StringComparer.Ordinal));
        var ids = (await connection.QueryAsync<string>("select id from ballots")).ToList();
        Assert.All(ids, id => Assert.Equal(4, Guid.Parse(id).Version)); // random, not time-ordered (v7)
    }

    [Fact]
    public async Task TellersCounts_StandOnlyWhenTwoTellersAgree()
    {
        var session = await SessionAsync(VoteModes.ShowOfHands, eligible: 30);
        var counts = new Dictionary<string, VoteCount> { ["study"] = new(30, 28, 1, 0), ["purpose"] = new(30, 25, 3, 1) };
        Assert.Empty(await _votes.EnterCountsAsync(session.Id, "teller-a", counts));
        Assert.Equal("awaiting-second-teller", (await _votes.TallyAsync(session.Id))!.Status);

        var miscounted = new Dictionary<string, VoteCount>(counts) { ["purpose"] = new(30, 26, 3, 1) };
        Assert.Empty(await _votes.EnterCountsAsync(session.Id, "teller-b", miscounted));
        var disputed = (await _votes.TallyAsync(session.Id))!;
        Assert.Equal("disputed", disputed.Status);
        Assert.Equal(["purpose"], disputed.Disagreements);

        Assert.Empty(await _votes.EnterCountsAsync(session.Id, "teller-b", counts));
        var final = (await _votes.TallyAsync(session.Id))!;
        Assert.Equal("final", final.Status);
        Assert.Equal(new VoteCount(30, 28, 1, 0), final.Stars["study"]);
    }

    [Fact]
    public async Task Counts_WithMoreBallotsThanVoters_AreRefused()
    {
        var session = await SessionAsync(VoteModes.ShowOfHands, eligible: 10);
        var problems = await _votes.EnterCountsAsync(session.Id, "teller-a",
            new Dictionary<string, VoteCount> { ["study"] = new(10, 9, 2, 0), ["purpose"] = new(10, -1, 0, 0) });
        Assert.Equal(["counts.purpose", "counts.study"], problems.Select(p => p.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ASecondVoteOnTheSameSubjectAndYear_IsRefused()
    {
        await SessionAsync(VoteModes.ShowOfHands, eligible: 10);
        var (again, problems) = await _votes.CreateAsync(new NewVoteSession("member", "m-1", "branch-1", "double-ten", 2026, "show-of-hands", ["study"], null, 10), null);
        Assert.Null(again);
        Assert.Equal("subjectId", Assert.Single(problems).Field);
    }
}

public sealed class SqliteVoteStoreTests() : VoteStoreTests(TestDatabases.Sqlite());

public sealed class PostgresVoteStoreTests() : VoteStoreTests(TestDatabases.Postgres());

public sealed class BallotCountProperties
{
    [Fact]
    public void APermutationOfBallots_NeverChangesTheTally() =>
        Gen.Select(Gen.OneOf("study", "purpose"), Gen.OneOf(VoteModes.Choices)).List[0, 60]
            .SelectMany(ballots => Gen.Shuffle(ballots.ToArray()).Select(shuffled => (ballots, shuffled)))
            .Sample(pair =>
            {
                var stars = new[] { "study", "purpose" };
                var a = BallotCount.Count(pair.ballots, stars, 60);
                var b = BallotCount.Count(pair.shuffled, stars, 60);
                return stars.All(s => a[s] == b[s]);
            });
}
