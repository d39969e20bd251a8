using Approval.Core.Infrastructure;
using Approval.Core.Schemes;
using Approval.Core.Voting;
using Approval.Engine.Timing;
using CsCheck;
using Dapper;

namespace Approval.Core.Tests;

/// <summary>
/// 民主测评 on each database: secret ballots that cannot be traced, sessions that close, and tellers who must agree.
/// The holding organization is 东街社区党支部 (branch-1) with members v1…v5 who sign in as v1…v5.
/// </summary>
public abstract partial class VoteStoreTests : IDisposable
{
    private protected readonly Database _database;
    private readonly Action _cleanup;
    private readonly VoteStore _votes;
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(8)));
    private static readonly string[] Roster = ["v1", "v2", "v3", "v4", "v5"];

    protected VoteStoreTests((Database Database, Action Cleanup) db)
    {
        (_database, _cleanup) = db;
        _votes = new VoteStore(_database, SchemeCatalog.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "schemes")).Catalog, _clock);
        SeedOrganizations();
    }

    public void Dispose() => _cleanup();

    /// <summary>branch-1 under town-1, with member m-1 and the roster v1…v5; branch-2 beside it with member m-9 (login w1).</summary>
    private void SeedOrganizations()
    {
        using var connection = _database.Open();
        foreach (var (id, parent, path) in new[] { ("town-1", (string?)null, "/town-1/"), ("branch-1", "town-1", "/town-1/branch-1/"), ("branch-2", "town-1", "/town-1/branch-2/") })
            connection.Execute("insert into organizations (id, parent_id, name, kind, path, created_at) values (@id, @parent, @id, 'branch', @path, 0)", new { id, parent, path });
        var members = new[] { ("m-1", "branch-1", (string?)null), ("m-9", "branch-2", "w1") }.Concat(Roster.Select(v => ($"member-{v}", "branch-1", (string?)v)));
        foreach (var (id, org, login) in members)
            connection.Execute("insert into members (id, org_id, name, category, probationary, login, created_at) values (@id, @org, @id, 'employed', @no, @login, 0)",
                new { id, org, login, no = false });
    }

    private async Task<VoteSession> SessionAsync(string mode, List<string>? voters = null, int? eligible = null, DateTimeOffset? dueAt = null)
    {
        var (session, problems) = await _votes.CreateAsync(new NewVoteSession("member", "m-1", "branch-1", "double-ten", 2026, mode,
            ["study", "purpose"], voters, eligible, DueAt: dueAt), "secretary");
        Assert.Empty(problems);
        return session!;
    }

    private static Dictionary<string, string> Ballot(string study, string purpose) => new() { ["study"] = study, ["purpose"] = purpose };

    [Fact]
    public async Task SecretBallots_AreCountedOncePerVoter_AndLeaveNoTraceOfTheVoter()
    {
        var session = await SessionAsync(VoteModes.Secret, ["v1", "v2", "v3", "v4", "v5"]);
        foreach (var voter in new[] { "v1", "v2", "v3" }) Assert.Equal(CastOutcome.Counted, (await _votes.CastAsync(session.Id, voter, Ballot("approve", "approve"))).Outcome);
        Assert.Equal(CastOutcome.Counted, (await _votes.CastAsync(session.Id, "v4", Ballot("disapprove", "abstain"))).Outcome);
        Assert.Equal(CastOutcome.AlreadyVoted, (await _votes.CastAsync(session.Id, "v1", Ballot("approve", "approve"))).Outcome);
        Assert.Equal(CastOutcome.NotEligible, (await _votes.CastAsync(session.Id, "outsider", Ballot("approve", "approve"))).Outcome);
        Assert.Equal(CloseOutcome.Closed, await _votes.CloseAsync(session.Id, "secretary"));
        Assert.Equal(CastOutcome.Closed, (await _votes.CastAsync(session.Id, "v5", Ballot("approve", "approve"))).Outcome);

        var tally = (await _votes.TallyAsync(session.Id))!;
        Assert.Equal(TallyStatus.Final, tally.Status);
        Assert.Equal(4, tally.Participants);
        Assert.Equal(new VoteCount(5, 3, 1, 0), tally.Stars["study"]);
        Assert.Equal(new VoteCount(5, 3, 0, 1), tally.Stars["purpose"]);

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
    public async Task ASecretBallotBelowTheTurnout_IsHeldAgain_AndEveryVoterMayVoteAgain()
    {
        // 3 of 5 is 60%, below double-ten's "不低于…80%": the vote is invalid and waits for nobody until held again.
        var session = await SessionAsync(VoteModes.Secret, ["v1", "v2", "v3", "v4", "v5"]);
        foreach (var voter in new[] { "v1", "v2", "v3" }) await _votes.CastAsync(session.Id, voter, Ballot("disapprove", "disapprove"));
        Assert.Empty(await _votes.WaitingForAsync("v1", []));
        Assert.Single(await _votes.WaitingForAsync("v4", []));
        await _votes.CloseAsync(session.Id, "secretary");
        Assert.Equal((TallyStatus.Invalid, 3), ((await _votes.TallyAsync(session.Id))!.Status, (await _votes.TallyAsync(session.Id))!.Participants));
        Assert.Empty(await _votes.WaitingForAsync("v4", []));

        Assert.Empty(await _votes.HoldAgainAsync(session.Id, null));
        Assert.Equal(session.Id, Assert.Single(await _votes.WaitingForAsync("v1", [])).Id);
        foreach (var voter in Roster) Assert.Equal(CastOutcome.Counted, (await _votes.CastAsync(session.Id, voter, Ballot("approve", "approve"))).Outcome);
        await _votes.CloseAsync(session.Id, "secretary");
        // Only the second round's ballots count: the first round's three "disapprove" are gone.
        Assert.Equal(new VoteCount(5, 5, 0, 0), (await _votes.TallyAsync(session.Id))!.Stars["study"]);
    }

    [Fact]
    public async Task ASecondVoteOnTheSameSubjectAndYear_IsRefused()
    {
        await SessionAsync(VoteModes.ShowOfHands, eligible: 10);
        var (again, problems) = await _votes.CreateAsync(new NewVoteSession("member", "m-1", "branch-1", "double-ten", 2026, "show-of-hands", ["study"], null, 10), null);
        Assert.Null(again);
        Assert.Equal("subjectId", Assert.Single(problems).Where);
    }
}

public sealed class SqliteVoteStoreTests() : VoteStoreTests(TestDatabases.Sqlite());

public sealed partial class PostgresVoteStoreTests() : VoteStoreTests(TestDatabases.Postgres());

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
