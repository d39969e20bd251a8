using Approval.Core.Orgs;
using Approval.Core.Schemes;
using Approval.Core.Tasks;
using Approval.Core.Users;
using Approval.Core.Voting;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Approval.Web.Api;

public static class VotesApi
{
    public sealed record CastRequest(Dictionary<string, string>? Choices);
    public sealed record CountsRequest(Dictionary<string, VoteCount>? Counts);

    /// <summary>A vote and its tally as it stands (a secret ballot's counts only once it has ended).</summary>
    public sealed record VoteStateDto(VoteSession Session, Tally? Tally);

    public static void MapVotesApi(this RouteGroupBuilder api)
    {
        api.MapPost("/votes", CreateAsync);
        api.MapGet("/votes/{id}", TallyAsync);
        api.MapPost("/votes/{id}/ballots", CastAsync);
        api.MapPost("/votes/{id}/counts", CountAsync);
        api.MapPost("/votes/{id}/close", CloseAsync);
        api.MapPost("/votes/{id}/hold-again", HoldAgainAsync);
    }

    /// <summary>
    /// The organizer may end a session: whoever called it, the organization department covering the holding
    /// organization, or an administrator (the same people who may call one, less other secretaries).
    /// </summary>
    public static bool IsOrganizer(AppUser user, VoteSession session, TaskAccess access) =>
        session.CreatedBy == user.Login || access.Holds(user, session.OrgId, Roles.OrgDepartment);

    /// <summary>结束测评: no more ballots; a secret ballot's tally is shown from now on.</summary>
    private static async Task<Results<Ok<VoteStateDto>, ProblemHttpResult>> CloseAsync(string id, CurrentUser current, TaskAccess access, VoteStore votes)
    {
        var session = await votes.GetAsync(id);
        if (session is null) return Problems.NotFound($"Vote {id} does not exist.");
        var user = await current.GetAsync();
        if (!IsOrganizer(user, session, access))
            return Problems.Forbidden("测评由发起人或上级组织部门结束 / a vote is closed by whoever called it or the organization department above.");
        return await votes.CloseAsync(id, user.Login) switch
        {
            CloseOutcome.Closed => TypedResults.Ok(new VoteStateDto((await votes.GetAsync(id))!, await votes.TallyAsync(id))),
            CloseOutcome.AlreadyClosed => Problems.Conflict("The vote is closed", "测评已结束 / the vote has already ended."),
            _ => Problems.NotFound($"Vote {id} does not exist."),
        };
    }

    public sealed record HoldAgainRequest(DateTimeOffset? DueAt);

    /// <summary>重新组织: the organizer holds a vote invalid for too little participation again, as its next round.</summary>
    private static async Task<Results<Ok<VoteStateDto>, ProblemHttpResult>> HoldAgainAsync(string id, HoldAgainRequest? request, CurrentUser current, TaskAccess access, VoteStore votes)
    {
        var session = await votes.GetAsync(id);
        if (session is null) return Problems.NotFound($"Vote {id} does not exist.");
        if (!IsOrganizer(await current.GetAsync(), session, access))
            return Problems.Forbidden("测评由发起人或上级组织部门重新组织 / a vote is held again by whoever called it or the organization department above.");
        var problems = await votes.HoldAgainAsync(id, request?.DueAt);
        return problems.Count > 0 ? Problems.Fields(problems) : TypedResults.Ok(new VoteStateDto((await votes.GetAsync(id))!, await votes.TallyAsync(id)));
    }

    /// <summary>The branch secretary or the organization department above calls a vote.</summary>
    private static async Task<Results<Created<VoteSession>, ProblemHttpResult>> CreateAsync(NewVoteSession request, CurrentUser current, TaskAccess access, VoteStore votes)
    {
        if (!access.Holds(await current.GetAsync(), request.OrgId, Roles.Secretary, Roles.OrgDepartment))
            return Problems.Forbidden("Votes are called by the branch secretary or the organization department above.");
        var (session, problems) = await votes.CreateAsync(request, (await current.GetAsync()).Login);
        return session is null ? Problems.Fields(problems) : TypedResults.Created($"/api/votes/{session.Id}", session);
    }

    /// <summary>The tally, for the roles covering the organization.</summary>
    private static async Task<Results<Ok<VoteStateDto>, ProblemHttpResult>> TallyAsync(string id, CurrentUser current, TaskAccess access, VoteStore votes)
    {
        var session = await votes.GetAsync(id);
        if (session is null) return Problems.NotFound($"Vote {id} does not exist.");
        if (!access.Sees(await current.GetAsync(), session.OrgId, [.. Roles.All]))
            return Problems.Forbidden("This vote is outside your scope.");
        return TypedResults.Ok(new VoteStateDto(session, await votes.TallyAsync(id)));
    }

    /// <summary>An eligible voter casts one secret ballot; the ballot keeps no trace of who cast it.</summary>
    private static async Task<Results<Accepted, ProblemHttpResult>> CastAsync(string id, CastRequest request, CurrentUser current, VoteStore votes)
    {
        var (outcome, problems) = await votes.CastAsync(id, (await current.GetAsync()).Login, request.Choices ?? []);
        if (problems.Count > 0) return Problems.Fields(problems);
        return outcome switch
        {
            CastOutcome.Counted => TypedResults.Accepted((string?)null),
            CastOutcome.AlreadyVoted => Problems.Conflict("Already voted", "Each eligible voter casts one ballot."),
            CastOutcome.Closed => Problems.Conflict("The vote is closed"),
            _ => Problems.Forbidden("You are not an eligible voter of this vote."),
        };
    }

    /// <summary>A teller (评审委员会 member or the secretary) enters the counts taken on the spot.</summary>
    private static async Task<Results<Ok<Tally>, ProblemHttpResult>> CountAsync(string id, CountsRequest request, CurrentUser current, TaskAccess access, VoteStore votes)
    {
        var session = await votes.GetAsync(id);
        if (session is null) return Problems.NotFound($"Vote {id} does not exist.");
        var user = await current.GetAsync();
        if (!access.Holds(user, session.OrgId, Roles.Committee, Roles.Secretary))
            return Problems.Forbidden("Counts are entered by tellers of the organization's committee.");
        var problems = await votes.EnterCountsAsync(id, user.Login, request.Counts ?? []);
        return problems.Count > 0 ? Problems.Fields(problems) : TypedResults.Ok((await votes.TallyAsync(id))!);
    }
}
