using Approval.Core.Campaigns;
using Approval.Core.Orgs;
using Approval.Core.Tasks;
using Approval.Core.Users;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Approval.Web.Api;

/// <summary>Campaigns (年度星级创建), re-checks (复检) and the discipline cases that open them.</summary>
public static class CampaignsApi
{
    public sealed record SampleRequest(string? OwnerOrgId, int? Count);
    public sealed record CaseRequest(string? OrgId, string? Summary);
    public sealed record CampaignStartedDto(string Id);
    public sealed record RecheckStartedDto(string InstanceId);
    public sealed record SampleStartedDto(IReadOnlyList<string> InstanceIds);

    public static void MapCampaignsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/campaigns", ListAsync);
        api.MapGet("/campaigns/{id}", GetAsync);
        api.MapPost("/campaigns", StartAsync).RequireAuthorization(Policies.Administrator);
        api.MapPost("/rechecks", RecheckAsync);
        api.MapPost("/rechecks/sample", SampleAsync);
        api.MapPost("/discipline-cases", CaseAsync);
    }

    /// <summary>The campaigns the caller takes part in: held within their scope, or above one of their organizations.</summary>
    private static async Task<Ok<IEnumerable<CampaignSummary>>> ListAsync(CampaignQueries queries, CurrentUser current, TaskAccess access)
    {
        var user = await current.GetAsync();
        return TypedResults.Ok((await queries.ListAsync()).Where(c => access.TakesPart(user, c.RootOrgId)));
    }

    /// <summary>一个评星活动 / one campaign the caller takes part in: its scheme, year, calendar and state; 404 outside the caller's campaigns.</summary>
    private static async Task<Results<Ok<CampaignSummary>, ProblemHttpResult>> GetAsync(string id, CampaignQueries queries, CurrentUser current, TaskAccess access) =>
        await queries.GetAsync(id) is { } campaign && access.TakesPart(await current.GetAsync(), campaign.RootOrgId)
            ? TypedResults.Ok(campaign) : Problems.NotFound($"Campaign {id} does not exist.");

    /// <summary>Administrators start campaigns; 201 with the id, or 400 naming each field.</summary>
    private static async Task<Results<Created<CampaignStartedDto>, ProblemHttpResult>> StartAsync(NewCampaign request, CurrentUser current, CampaignService campaigns)
    {
        var user = await current.GetAsync();
        var (id, problems) = await campaigns.StartAsync(request, user.Login);
        return id is null ? Problems.Fields(problems) : TypedResults.Created($"/api/campaigns/{id}", new CampaignStartedDto(id));
    }

    /// <summary>The organization department above an organization opens its re-check.</summary>
    private static async Task<Results<Created<RecheckStartedDto>, ProblemHttpResult>> RecheckAsync(NewRecheck request, CurrentUser current, TaskAccess access, OrgStore orgs, CampaignService campaigns)
    {
        var user = await current.GetAsync();
        var org = request.OrgId is null ? null : await orgs.GetAsync(request.OrgId);
        if (org is not null && !access.Holds(user, org.ParentId, Roles.OrgDepartment))
            return Problems.Forbidden("A re-check is opened by the organization department above the organization.");
        var (instanceId, problems) = await campaigns.StartRecheckAsync(request with { CaseSummary = null }, null, user.Login);
        return instanceId is null ? Problems.Fields(problems) : TypedResults.Created($"/api/instances/{instanceId}", new RecheckStartedDto(instanceId));
    }

    /// <summary>随机抽查: up to 50 rated organizations under the owner, drawn at random.</summary>
    private static async Task<Results<Ok<SampleStartedDto>, ProblemHttpResult>> SampleAsync(SampleRequest request, CurrentUser current, TaskAccess access, OrgStore orgs, CampaignService campaigns)
    {
        if (request.Count is not (>= 1 and <= 50)) return Problems.Field(Core.FieldCodes.OutOfRange, "count", "抽查数量须在1至50之间 / count must be between 1 and 50.");
        if (request.OwnerOrgId is null || await orgs.GetAsync(request.OwnerOrgId) is null) return Problems.Field(Core.FieldCodes.UnknownReference, "ownerOrgId", "请选择组织 / choose an organization.");
        var user = await current.GetAsync();
        if (!access.Holds(user, request.OwnerOrgId, Roles.OrgDepartment)) return Problems.Forbidden("This organization is outside your scope.");
        var started = await campaigns.StartSampleAsync(request.OwnerOrgId, request.Count.Value, user.Login);
        return TypedResults.Ok(new SampleStartedDto(started));
    }

    /// <summary>A discipline case recorded against an organization opens its re-check at once (动态管理).</summary>
    private static async Task<Results<Created<RecheckStartedDto>, ProblemHttpResult>> CaseAsync(CaseRequest request, CurrentUser current, TaskAccess access, OrgStore orgs, CampaignService campaigns)
    {
        var user = await current.GetAsync();
        if (string.IsNullOrWhiteSpace(request.Summary)) return Problems.Field(Core.FieldCodes.Required, "caseSummary", "请填写案件摘要 / a case summary is required.");
        var org = request.OrgId is null ? null : await orgs.GetAsync(request.OrgId);
        if (org is not null && !access.Holds(user, org.Id, Roles.Discipline))
            return Problems.Forbidden("Discipline cases are recorded by the discipline inspection covering the organization.");
        var (instanceId, problems) = await campaigns.StartRecheckAsync(new NewRecheck(request.OrgId, "纪律案件 / discipline case", request.Summary), null, user.Login);
        return instanceId is null ? Problems.Fields(problems) : TypedResults.Created($"/api/instances/{instanceId}", new RecheckStartedDto(instanceId));
    }
}
