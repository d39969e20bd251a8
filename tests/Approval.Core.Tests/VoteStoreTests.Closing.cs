using Approval.Core.Schemes;
using Approval.Core.Voting;

namespace Approval.Core.Tests;

/// <summary>A secret ballot's tally is hidden until the session closes, by the organizer or at its due time.</summary>
public abstract partial class VoteStoreTests
{
    [Fact]
    public async Task SecretTally_IsHiddenWhileOpen_SoNoCountIsReadBeforeTheEnd()
    {
        var session = await SessionAsync(VoteModes.Secret, [.. Roster]);
        foreach (var voter in Roster) await _votes.CastAsync(session.Id, voter, Ballot("approve", "approve"));

        var open = (await _votes.TallyAsync(session.Id))!;
        Assert.Equal(TallyStatus.HiddenUntilClosed, open.Status);
        Assert.Empty(open.Stars);
        Assert.Null(open.Participants);

        Assert.Equal(CloseOutcome.Closed, await _votes.CloseAsync(session.Id, "secretary"));
        Assert.Equal(new VoteCount(5, 5, 0, 0), (await _votes.TallyAsync(session.Id))!.Stars["study"]);
        Assert.Equal(CloseOutcome.AlreadyClosed, await _votes.CloseAsync(session.Id, "secretary"));
        var closed = (await _votes.GetAsync(session.Id))!;
        Assert.Equal(("secretary", _clock.GetUtcNow()), (closed.ClosedBy, closed.ClosedAt));
    }

    [Fact]
    public async Task Session_ClosesAtItsDueTime_AndRefusesLaterBallots()
    {
        var due = _clock.GetUtcNow().AddHours(2);
        var session = await SessionAsync(VoteModes.Secret, [.. Roster], dueAt: due);
        foreach (var voter in Roster.Take(4)) Assert.Equal(CastOutcome.Counted, (await _votes.CastAsync(session.Id, voter, Ballot("approve", "disapprove"))).Outcome);
        Assert.Equal(VoteStatus.Open, (await _votes.GetAsync(session.Id))!.Status);

        _clock.Set(due);
        Assert.Equal(CastOutcome.Closed, (await _votes.CastAsync(session.Id, "v5", Ballot("approve", "approve"))).Outcome);
        var closed = (await _votes.GetAsync(session.Id))!;
        Assert.Equal((VoteStatus.Closed, due, (string?)null), (closed.Status, closed.ClosedAt, closed.ClosedBy));
        var tally = (await _votes.TallyAsync(session.Id))!;
        Assert.Equal(new VoteCount(5, 4, 0, 0), tally.Stars["study"]);
        Assert.Equal(new VoteCount(5, 0, 4, 0), tally.Stars["purpose"]);
    }

    [Fact(DisplayName = "The sweep closes sessions past their due time in the table itself, at their due time, and leaves the others open")]
    public async Task TheSweep_ClosesDueSessions_ThatNobodyReads()
    {
        var due = _clock.GetUtcNow().AddHours(2);
        var soon = await SessionAsync(VoteModes.Secret, [.. Roster], dueAt: due);
        // The same member's vote of another year, due a day later.
        var later = (await _votes.CreateAsync(new NewVoteSession("member", "m-1", "branch-1", "double-ten", 2027, VoteModes.ShowOfHands,
            ["study", "purpose"], null, 5, DueAt: due.AddDays(1)), "secretary")).Created!;
        Assert.Equal(0, await _votes.CloseDueAsync());

        _clock.Set(due.AddMinutes(30));
        Assert.Equal(1, await _votes.CloseDueAsync());
        await using var connection = await _database.OpenAsync();
        var rows = (await Dapper.SqlMapper.QueryAsync<(string Id, string Status, long? ClosedAt)>(connection,
            "select id, status, closed_at from vote_sessions")).ToDictionary(r => r.Id);
        Assert.Equal(("closed", Infrastructure.EpochTime.ToMs(due)), (rows[soon.Id].Status, rows[soon.Id].ClosedAt));
        Assert.Equal(("open", (long?)null), (rows[later.Id].Status, rows[later.Id].ClosedAt));
        Assert.Equal(0, await _votes.CloseDueAsync());
    }

    [Fact]
    public async Task SecretTally_BelowTheParticipationMinimum_IsInvalid_AndShowsNoCounts()
    {
        // double-ten: "党员参与率一般不低于基层党组织党员总数的80%" — 3 of 5 is 60%.
        var session = await SessionAsync(VoteModes.Secret, [.. Roster]);
        foreach (var voter in Roster.Take(3)) await _votes.CastAsync(session.Id, voter, Ballot("approve", "approve"));
        await _votes.CloseAsync(session.Id, "secretary");

        var tally = (await _votes.TallyAsync(session.Id))!;
        Assert.Equal(TallyStatus.Invalid, tally.Status);
        Assert.Equal(3, tally.Participants);
        Assert.Empty(tally.Stars);
    }

    [Fact]
    public async Task SecretTally_AtExactlyTheParticipationMinimum_IsValid()
    {
        // "不低于…80%" is inclusive: 4 of 5 is exactly 80%.
        var session = await SessionAsync(VoteModes.Secret, [.. Roster]);
        foreach (var voter in Roster.Take(4)) await _votes.CastAsync(session.Id, voter, Ballot("approve", "approve"));
        await _votes.CloseAsync(session.Id, "secretary");
        Assert.Equal(TallyStatus.Final, (await _votes.TallyAsync(session.Id))!.Status);
    }
}
