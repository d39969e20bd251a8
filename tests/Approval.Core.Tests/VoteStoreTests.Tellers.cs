using Approval.Core.Schemes;
using Approval.Core.Voting;

namespace Approval.Core.Tests;

/// <summary>当场唱票: two tellers each enter their own count; it stands when they agree.</summary>
public abstract partial class VoteStoreTests
{
    [Fact]
    public async Task TellersCounts_StandOnlyWhenTwoTellersAgree()
    {
        var session = await SessionAsync(VoteModes.ShowOfHands, eligible: 30);
        var counts = new Dictionary<string, VoteCount> { ["study"] = new(30, 28, 1, 0), ["purpose"] = new(30, 25, 3, 1) };
        Assert.Empty(await _votes.EnterCountsAsync(session.Id, "teller-a", counts));
        var waiting = (await _votes.TallyAsync(session.Id))!;
        Assert.Equal(TallyStatus.AwaitingSecondTeller, waiting.Status);
        Assert.Empty(waiting.Stars); // the second teller learns nothing of the first one's count

        var miscounted = new Dictionary<string, VoteCount>(counts) { ["purpose"] = new(30, 26, 3, 1) };
        Assert.Empty(await _votes.EnterCountsAsync(session.Id, "teller-b", miscounted));
        var disputed = (await _votes.TallyAsync(session.Id))!;
        Assert.Equal(TallyStatus.Disputed, disputed.Status);
        Assert.Equal(["purpose"], disputed.Disagreements);
        Assert.Empty(disputed.Stars);

        Assert.Empty(await _votes.EnterCountsAsync(session.Id, "teller-b", counts));
        var final = (await _votes.TallyAsync(session.Id))!;
        Assert.Equal(TallyStatus.Final, final.Status);
        Assert.Equal(new VoteCount(30, 28, 1, 0), final.Stars["study"]);
    }

    [Fact]
    public async Task AgreedCounts_CannotBeChangedByALaterEntry()
    {
        var session = await SessionAsync(VoteModes.ShowOfHands, eligible: 30);
        var counts = new Dictionary<string, VoteCount> { ["study"] = new(30, 28, 1, 0), ["purpose"] = new(30, 25, 3, 1) };
        await _votes.EnterCountsAsync(session.Id, "teller-a", counts);
        await _votes.EnterCountsAsync(session.Id, "teller-b", counts);

        var changed = new Dictionary<string, VoteCount> { ["study"] = new(30, 10, 19, 0), ["purpose"] = new(30, 10, 18, 1) };
        Assert.Equal("session", Assert.Single(await _votes.EnterCountsAsync(session.Id, "teller-a", changed)).Where);
        Assert.Equal(new VoteCount(30, 28, 1, 0), (await _votes.TallyAsync(session.Id))!.Stars["study"]);
    }

    [Fact]
    public async Task AgreedCounts_BelowTheParticipationMinimum_AreInvalid()
    {
        // 20 hands of 30 eligible is 67%, below double-ten's 80%.
        var session = await SessionAsync(VoteModes.ShowOfHands, eligible: 30);
        var counts = new Dictionary<string, VoteCount> { ["study"] = new(30, 19, 1, 0), ["purpose"] = new(30, 18, 1, 1) };
        await _votes.EnterCountsAsync(session.Id, "teller-a", counts);
        await _votes.EnterCountsAsync(session.Id, "teller-b", counts);
        var tally = (await _votes.TallyAsync(session.Id))!;
        Assert.Equal((TallyStatus.Invalid, 20), (tally.Status, tally.Participants));
        Assert.Empty(tally.Stars);
    }

    [Fact]
    public async Task AnInvalidRound_IsHeldAgain_WithItsCountsDiscarded_AndAValidOneIsNot()
    {
        var session = await SessionAsync(VoteModes.ShowOfHands, eligible: 30);
        var low = new Dictionary<string, VoteCount> { ["study"] = new(30, 19, 1, 0), ["purpose"] = new(30, 18, 1, 1) };
        await _votes.EnterCountsAsync(session.Id, "teller-a", low);
        await _votes.EnterCountsAsync(session.Id, "teller-b", low);
        Assert.Equal(TallyStatus.Invalid, (await _votes.TallyAsync(session.Id))!.Status);

        Assert.Empty(await _votes.HoldAgainAsync(session.Id, null));
        var second = (await _votes.GetAsync(session.Id))!;
        Assert.Equal((2, VoteStatus.Open), (second.Round, second.Status));
        // The invalid round's counts are gone: a teller starts again, and the second count alone decides nothing.
        Assert.False(await _votes.HasCountedAsync(session.Id, "teller-a"));
        var full = new Dictionary<string, VoteCount> { ["study"] = new(30, 28, 1, 0), ["purpose"] = new(30, 25, 3, 1) };
        await _votes.EnterCountsAsync(session.Id, "teller-a", full);
        Assert.Equal(TallyStatus.AwaitingSecondTeller, (await _votes.TallyAsync(session.Id))!.Status);
        await _votes.EnterCountsAsync(session.Id, "teller-b", full);
        Assert.Equal(new VoteCount(30, 28, 1, 0), (await _votes.TallyAsync(session.Id))!.Stars["study"]);
        // A valid vote is never held again: its result stands.
        Assert.Equal("session", Assert.Single(await _votes.HoldAgainAsync(session.Id, null)).Where);
    }

    [Fact]
    public async Task Counts_WithMoreBallotsThanVoters_AreRefused()
    {
        var session = await SessionAsync(VoteModes.ShowOfHands, eligible: 10);
        var problems = await _votes.EnterCountsAsync(session.Id, "teller-a",
            new Dictionary<string, VoteCount> { ["study"] = new(10, 9, 2, 0), ["purpose"] = new(10, -1, 0, 0) });
        Assert.Equal(["counts.purpose", "counts.study"], problems.Select(p => p.Where).Order(StringComparer.Ordinal));
    }
}
