using Approval.Core.Delegations;
using Approval.Core.Users;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Approval.Web.Api;

/// <summary>委托: the caller's delegations while away (the account page's 委托 section says the same).</summary>
public static class DelegationsApi
{
    public static void MapDelegationsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/delegations", ListAsync);
        api.MapPost("/delegations", CreateAsync);
        api.MapPost("/delegations/{id}/revoke", RevokeAsync);
    }

    public sealed record DelegationRequest(string? To, DateTimeOffset? From, DateTimeOffset? Until, string? Reason);

    /// <summary>A delegation: <c>delegator</c> hands their tasks to <c>delegate</c> from <c>from</c> until <c>until</c> (names beside the logins).</summary>
    public sealed record DelegationDto(string Id, string Delegator, string DelegatorName, string Delegate, string DelegateName, DateTimeOffset From,
        DateTimeOffset Until, string Reason, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, bool Active);

    /// <summary>The caller's delegations, given and received, that have not ended yet, soonest first.</summary>
    private static async Task<Results<Ok<IEnumerable<DelegationDto>>, ProblemHttpResult>> ListAsync(CurrentUser current, DelegationStore store, UserStore users, TimeProvider clock)
    {
        var user = await current.GetAsync();
        var now = clock.GetUtcNow();
        var list = await store.CurrentOfAsync(user.Login, now);
        var names = await users.NamesAsync(list.SelectMany(d => new[] { d.Delegator, d.Delegate }));
        return TypedResults.Ok(list.Select(d => ToDto(d, names, now)));
    }

    /// <summary>
    /// 委托: from <c>from</c> (now when omitted or past) until <c>until</c>, the caller's new and open tasks reach <c>to</c>
    /// too, who acts "代" the caller. 201 with the delegation; 400 when <c>to</c> does not hold the caller's roles over
    /// their organizations, is away then (no chains), or the period overlaps another of the caller's.
    /// </summary>
    private static async Task<Results<Created<DelegationDto>, ProblemHttpResult>> CreateAsync(DelegationRequest? request, CurrentUser current,
        DelegationService delegations, UserStore users, TimeProvider clock)
    {
        var result = await delegations.CreateAsync(await current.GetAsync(), request?.To, request?.From, request?.Until, request?.Reason);
        if (result.Status != DelegationStatus.Done) return Problems.Fields(result.Problems);
        var d = result.Delegation!;
        return TypedResults.Created($"/api/delegations/{d.Id}", ToDto(d, await users.NamesAsync([d.Delegator, d.Delegate]), clock.GetUtcNow()));
    }

    /// <summary>Ends the delegation now (the delegator, or an administrator): its tasks leave the delegate's inbox at once. 409 once ended.</summary>
    private static async Task<Results<Ok<DelegationDto>, ProblemHttpResult>> RevokeAsync(string id, CurrentUser current, DelegationService delegations,
        UserStore users, TimeProvider clock)
    {
        var result = await delegations.RevokeAsync(await current.GetAsync(), id);
        return result.Status switch
        {
            DelegationStatus.Done => TypedResults.Ok(ToDto(result.Delegation!, await users.NamesAsync([result.Delegation!.Delegator, result.Delegation.Delegate]), clock.GetUtcNow())),
            DelegationStatus.NotFound => Problems.NotFound($"Delegation {id} does not exist."),
            DelegationStatus.Forbidden => Problems.Forbidden("Only the delegator ends a delegation."),
            _ => Problems.Conflict("The delegation has already ended."),
        };
    }

    private static DelegationDto ToDto(Delegation d, IReadOnlyDictionary<string, string> names, DateTimeOffset now) =>
        new(d.Id, d.Delegator, names.GetValueOrDefault(d.Delegator, d.Delegator), d.Delegate, names.GetValueOrDefault(d.Delegate, d.Delegate),
            d.StartsAt, d.EndsAt, d.Reason, d.CreatedAt, d.RevokedAt, d.ActiveAt(now));
}
