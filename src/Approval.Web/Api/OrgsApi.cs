using Approval.Core.Orgs;
using Approval.Core.Tasks;
using Approval.Core.Users;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Approval.Web.Api;

public static class OrgsApi
{
    public sealed record OrgRequest(string? Name, string? Kind, string? Sector, string? ParentId, string? Secretary, string? ContactEmail, DateOnly? ReelectionDue);
    public sealed record MemberRequest(string? OrgId, string? Name, string? Category, bool? Probationary, DateOnly? JoinedOn, string? Email, string? Login = null);

    /// <summary>An organization as the API answers it; <c>depth</c> is 0 for a root, 1 for its children…</summary>
    public sealed record OrgDto(string Id, string? ParentId, string Name, string Kind, string? Sector, string? Secretary, string? ContactEmail,
        DateOnly? ReelectionDue, int Depth);

    /// <summary>A subject's current rating and every rating it had.</summary>
    public sealed record RatingDto(Core.Ledger.RatingEntry Current, IReadOnlyList<Core.Ledger.RatingEntry> History);

    public static void MapOrgsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/orgs", CreateAsync);
        api.MapGet("/orgs", ListAsync);
        api.MapGet("/orgs/{id}", GetAsync);
        api.MapPost("/members", AddMemberAsync);
        api.MapGet("/members", ListMembersAsync);
        api.MapGet("/ratings", ListRatingsAsync);
    }

    /// <summary>新建组织 / creates an organization under parentId (organization department over the parent, or an administrator); 400 with problems per field.</summary>
    private static async Task<Results<Created<OrgDto>, ProblemHttpResult>> CreateAsync(OrgRequest request, CurrentUser current, TaskAccess access, OrgStore orgs)
    {
        var user = await current.GetAsync();
        if (!access.Holds(user, request.ParentId, Roles.OrgDepartment))
            return Problems.Forbidden(request.ParentId is null
                ? "Only administrators create root organizations."
                : "Only administrators and the organization department above it create an organization.");
        var (created, problems) = await orgs.CreateAsync(new NewOrganization(request.Name, request.Kind, request.Sector, request.ParentId,
            request.Secretary, request.ContactEmail, request.ReelectionDue));
        return created is null ? Problems.Fields(problems) : TypedResults.Created($"/api/orgs/{created.Id}", ToDto(created));
    }

    /// <summary>
    /// The tree one level at a time, within scope: without <c>parentId</c>, an administrator gets the roots and anyone
    /// else the organizations their roles are held at; the children of an organization outside their scope are a 403.
    /// </summary>
    private static async Task<Results<Ok<IEnumerable<OrgDto>>, ProblemHttpResult>> ListAsync(string? parentId, OrgStore orgs, CurrentUser current, TaskAccess access)
    {
        var user = await current.GetAsync();
        if (parentId is null && !user.IsAdministrator)
        {
            var held = new List<Organization>();
            foreach (var id in user.Roles.Select(r => r.OrgId).OfType<string>().Distinct())
                if (await orgs.GetAsync(id) is { } org) held.Add(org);
            // The tops of the caller's subtrees: a grant below another grant's organization adds nothing.
            var tops = held.Where(o => !held.Any(a => a.Id != o.Id && o.Path.StartsWith(a.Path, StringComparison.Ordinal)));
            return TypedResults.Ok(tops.OrderBy(o => o.Depth).ThenBy(o => o.Name).Select(ToDto));
        }
        if (parentId is not null && !access.Sees(user, parentId, [.. Roles.All])) return Problems.Forbidden("This organization is outside your scope.");
        return TypedResults.Ok((await orgs.ListChildrenAsync(parentId)).Select(ToDto));
    }

    /// <summary>An organization with its secretary and contact: within scope only.</summary>
    private static async Task<Results<Ok<OrgDto>, ProblemHttpResult>> GetAsync(string id, OrgStore orgs, CurrentUser current, TaskAccess access)
    {
        if (await orgs.GetAsync(id) is not { } organization) return Problems.NotFound($"Organization {id} does not exist.");
        return access.Sees(await current.GetAsync(), id, [.. Roles.All]) ? TypedResults.Ok(ToDto(organization)) : Problems.Forbidden("This organization is outside your scope.");
    }

    /// <summary>添加党员 / adds a member to a branch's roster (its secretary, the department above, or an administrator); a login links the member to an account for secret ballots.</summary>
    private static async Task<Results<Created<Member>, ProblemHttpResult>> AddMemberAsync(MemberRequest request, CurrentUser current, TaskAccess access, OrgStore orgs)
    {
        var user = await current.GetAsync();
        if (!access.Holds(user, request.OrgId, Roles.OrgDepartment, Roles.Secretary))
            return Problems.Forbidden("Members are added by administrators, the branch secretary or the organization department above.");
        var (created, problems) = await orgs.AddMemberAsync(new NewMember(request.OrgId, request.Name, request.Category,
            request.Probationary ?? false, request.JoinedOn, request.Email, request.Login));
        return created is null ? Problems.Fields(problems) : TypedResults.Created($"/api/members/{created.Id}", created);
    }

    /// <summary>The roster is personal data: only roles covering the organization may read it.</summary>
    private static async Task<Results<Ok<IReadOnlyList<Member>>, ProblemHttpResult>> ListMembersAsync(string? orgId, CurrentUser current, TaskAccess access, OrgStore orgs)
    {
        if (orgId is null) return Problems.Field(Core.FieldCodes.Required, "orgId", "orgId is required.");
        var user = await current.GetAsync();
        if (!access.Sees(user, orgId, [.. Roles.All]))
            return Problems.Forbidden("This organization's roster is outside your scope.");
        return TypedResults.Ok(await orgs.ListMembersAsync(orgId));
    }

    /// <summary>The current rating of an organization and its members, with each one's history; within scope.</summary>
    private static async Task<Results<Ok<List<RatingDto>>, ProblemHttpResult>> ListRatingsAsync(string? orgId, CurrentUser current, TaskAccess access, Core.Ledger.RatingsLedger ledger)
    {
        if (orgId is null) return Problems.Field(Core.FieldCodes.Required, "orgId", "orgId is required.");
        if (!access.Sees(await current.GetAsync(), orgId, [.. Roles.All]))
            return Problems.Forbidden("This organization's ratings are outside your scope.");
        var ratings = await ledger.CurrentWithHistoryForOrgAsync(orgId);
        return TypedResults.Ok(ratings.Select(r => new RatingDto(r.Current, r.History)).ToList());
    }

    private static OrgDto ToDto(Organization o) => new(o.Id, o.ParentId, o.Name, o.Kind, o.Sector, o.Secretary, o.ContactEmail, o.ReelectionDue, o.Depth);
}
