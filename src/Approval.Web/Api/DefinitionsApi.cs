using Approval.Core.Limits;
using Approval.Core.Users;
using Approval.Engine.Runtime;
using Approval.Web.Auth;
using Approval.Web.Limits;

namespace Approval.Web.Api;

public static class DefinitionsApi
{
    public static void MapDefinitionsApi(this RouteGroupBuilder api, LimitsOptions limits)
    {
        api.MapPost("/definitions", DeployAsync).RequireAuthorization(Policies.Administrator).WithMetadata(RequestBodies.Allow(limits.MaxBpmnBytes));
        api.MapGet("/definitions", ListAsync);
    }

    /// <summary>The body is the BPMN XML. Every executable process in it becomes a new version under its id.</summary>
    private static async Task<IResult> DeployAsync(HttpRequest request, CurrentUser current, WorkflowRuntime runtime, LimitsOptions limits)
    {
        var user = await current.GetAsync();
        var (xml, undecodable) = await request.ReadBpmnAsync(limits);
        if (undecodable is not null) return Problems.Bpmn([undecodable]);
        if (string.IsNullOrWhiteSpace(xml)) return Problems.Field("body", "The request body must be BPMN 2.0 XML.");
        var result = await runtime.DeployAsync(xml, user.Login);
        if (!result.Succeeded) return Problems.Bpmn(result.Problems);
        var main = result.Deployed[0];
        return Results.Created($"/api/definitions/{main.Id}", new
        {
            main.Key, main.Version, main.Id,
            processes = result.Deployed.Select(d => new { d.Key, d.Version, d.Id, created = d.IsNew }),
        });
    }

    /// <summary>流程定义 / the deployed process definitions, every version, newest first.</summary>
    private static async Task<IResult> ListAsync(WorkflowRuntime runtime)
    {
        var definitions = await runtime.ListDefinitionsAsync();
        return Results.Ok(definitions.Select(d => new { d.Key, d.Version, d.Name, d.DeployedAt, d.Id, d.DeployedBy }));
    }
}
