using Approval.Core.Limits;
using Approval.Core.Users;
using Approval.Engine.Runtime;
using Approval.Web.Auth;
using Approval.Web.Limits;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Approval.Web.Api;

public static class DefinitionsApi
{
    /// <summary>A deployed process version; <c>created</c> is false when the document repeated the latest version unchanged.</summary>
    public sealed record DeployedDto(string Key, int Version, string Id, bool Created);

    /// <summary>The document's main process and every process it deployed.</summary>
    public sealed record DeploymentDto(string Key, int Version, string Id, IReadOnlyList<DeployedDto> Processes);

    public sealed record DefinitionDto(string Key, int Version, string? Name, DateTimeOffset DeployedAt, string Id, string? DeployedBy);

    public static void MapDefinitionsApi(this RouteGroupBuilder api, LimitsOptions limits)
    {
        api.MapPost("/definitions", DeployAsync).RequireAuthorization(Policies.Administrator).WithMetadata(RequestBodies.Allow(limits.MaxBpmnBytes));
        api.MapGet("/definitions", ListAsync);
    }

    /// <summary>The body is the BPMN XML. Every executable process in it becomes a new version under its id.</summary>
    private static async Task<Results<Created<DeploymentDto>, ProblemHttpResult>> DeployAsync(HttpRequest request, CurrentUser current, WorkflowRuntime runtime, LimitsOptions limits)
    {
        var user = await current.GetAsync();
        var (xml, undecodable) = await request.ReadBpmnAsync(limits);
        if (undecodable is not null) return Problems.Bpmn([undecodable]);
        if (string.IsNullOrWhiteSpace(xml)) return Problems.Field(Core.FieldCodes.Required, "body", "The request body must be BPMN 2.0 XML.");
        var result = await runtime.DeployAsync(xml, user.Login);
        if (!result.Succeeded) return Problems.Bpmn(result.Problems);
        var main = result.Deployed[0];
        return TypedResults.Created($"/api/definitions/{main.Id}", new DeploymentDto(main.Key, main.Version, main.Id,
            result.Deployed.Select(d => new DeployedDto(d.Key, d.Version, d.Id, d.IsNew)).ToList()));
    }

    /// <summary>流程定义 / the deployed process definitions, every version, newest first.</summary>
    private static async Task<Ok<IEnumerable<DefinitionDto>>> ListAsync(WorkflowRuntime runtime)
    {
        var definitions = await runtime.ListDefinitionsAsync();
        return TypedResults.Ok(definitions.Select(d => new DefinitionDto(d.Key, d.Version, d.Name, d.DeployedAt, d.Id, d.DeployedBy)));
    }
}
