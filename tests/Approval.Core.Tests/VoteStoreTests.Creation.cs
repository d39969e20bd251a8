using Approval.Core.Voting;
using Approval.Engine;

namespace Approval.Core.Tests;

/// <summary>Calling a vote: the subject and the voters belong to the holding organization; each star once.</summary>
public abstract partial class VoteStoreTests
{
    private Task<(VoteSession? Created, IReadOnlyList<Problem> Problems)> CallAsync(
        string subjectKind, string subjectId, List<string> stars, List<string>? voters = null) =>
        _votes.CreateAsync(new NewVoteSession(subjectKind, subjectId, "branch-1", "double-ten", 2026,
            voters is null ? VoteModes.ShowOfHands : VoteModes.Secret, stars, voters, 5), "secretary");

    [Fact]
    public async Task Create_RefusesDuplicateStars_InsteadOfFailingWhenCounted()
    {
        var (created, problems) = await CallAsync("member", "m-1", ["study", "study", "purpose"], ["v1", "v2"]);
        Assert.Null(created);
        Assert.Contains("study", Assert.Single(problems).Message);
        Assert.Equal("stars", problems[0].Where);
    }

    [Fact]
    public async Task Create_RefusesAMemberOfAnotherOrganization_AsTheSubject()
    {
        var (created, problems) = await CallAsync("member", "m-9", ["study"]);
        Assert.Null(created);
        Assert.Equal("subjectId", Assert.Single(problems).Where);
    }

    [Fact]
    public async Task Create_RefusesAnOrganizationOutsideTheHolder_AsTheSubject()
    {
        Assert.Equal("subjectId", Assert.Single((await CallAsync("organization", "branch-2", ["study"])).Problems).Where);
        Assert.Equal("subjectId", Assert.Single((await CallAsync("organization", "town-1", ["study"])).Problems).Where);
        Assert.Empty((await CallAsync("organization", "branch-1", ["study"])).Problems);
    }

    [Fact]
    public async Task Create_RefusesVotersOffTheRoster_NamingThem()
    {
        var (created, problems) = await CallAsync("member", "m-1", ["study"], ["v1", "w1", "stranger"]);
        Assert.Null(created);
        var problem = Assert.Single(problems);
        Assert.Equal("voters", problem.Where);
        Assert.Contains("w1", problem.Message);
        Assert.Contains("stranger", problem.Message);
        Assert.DoesNotContain("v1", problem.Message);
    }

    [Fact]
    public async Task Create_RefusesAnUnknownHoldingOrganization()
    {
        var (created, problems) = await _votes.CreateAsync(new NewVoteSession("member", "m-1", "nowhere", "double-ten", 2026,
            VoteModes.ShowOfHands, ["study"], null, 5), "secretary");
        Assert.Null(created);
        Assert.Equal("orgId", Assert.Single(problems).Where);
    }

    [Fact]
    public async Task Create_RefusesADueTimeInThePast()
    {
        var (created, problems) = await _votes.CreateAsync(new NewVoteSession("member", "m-1", "branch-1", "double-ten", 2026,
            VoteModes.ShowOfHands, ["study"], null, 5, DueAt: _clock.GetUtcNow()), "secretary");
        Assert.Null(created);
        Assert.Equal("dueAt", Assert.Single(problems).Where);
    }
}
