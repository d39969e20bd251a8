using System.Text.Json;
using Approval.Core.Users;
using Approval.Engine.Runtime;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Approval.Web.Api;

public static class MessagesApi
{
    public sealed record MessageRequest(string? Name, string? CorrelationKey, Dictionary<string, JsonElement>? Variables);
    public sealed record DeliveredDto(bool Delivered);

    public static void MapMessagesApi(this RouteGroupBuilder api) => api.MapPost("/messages", CorrelateAsync).RequireAuthorization(Policies.Administrator);

    /// <summary>202 when a waiting message event took it; 404 when none waits (messages are not queued).</summary>
    private static async Task<Results<Accepted<DeliveredDto>, ProblemHttpResult>> CorrelateAsync(MessageRequest request, CurrentUser current, WorkflowRuntime runtime)
    {
        var user = await current.GetAsync();
        // A message may resume any instance with any variables, so it is not scoped to an organization: administrators only.
        if (string.IsNullOrWhiteSpace(request.Name)) return Problems.Field(Core.FieldCodes.Required, "name", "name is required.");
        var delivered = await runtime.CorrelateMessageAsync(request.Name, request.CorrelationKey, request.Variables);
        return delivered
            ? TypedResults.Accepted((string?)null, new DeliveredDto(true))
            : Problems.NotFound($"No instance is waiting for message '{request.Name}' with correlation key '{request.CorrelationKey}'.");
    }
}
