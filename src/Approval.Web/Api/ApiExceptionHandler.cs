using System.Text.Json;
using Approval.Engine;
using Approval.Engine.Runtime;
using Approval.Web.Limits;
using Microsoft.AspNetCore.Diagnostics;

namespace Approval.Web.Api;

/// <summary>Turns the runtime's typed exceptions into problem+json with a stable code.</summary>
public sealed class ApiExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var (status, title, code, extra) = exception switch
        {
            NotFoundException => (404, "Not found", "not-found", null),
            TaskNotOpenException e => (409, "The task is no longer open", "task-not-open", new Dictionary<string, object?> { ["taskStatus"] = e.Status.ToString().ToLowerInvariant() }),
            InstanceNotRunningException e => (409, "The instance is no longer running", "instance-not-running", new Dictionary<string, object?> { ["instanceStatus"] = e.Status.ToString().ToLowerInvariant() }),
            Approval.Engine.Modification.ModificationRefusedException e => (409, "The instance cannot be moved so", e.Problems[0].Code, new Dictionary<string, object?>
                { ["problems"] = e.Problems.Select(p => new { code = p.Code, elementId = p.Where, message = p.Message }).ToList() }),
            InstanceSuspendedException => (409, "The instance is suspended", OperationCodes.InstanceSuspended, null),
            OperationRefusedException e => (409, "The operation does not apply to the instance", e.Code, null),
            WorkflowFaultException e => (422, "The workflow cannot proceed", e.Code, new Dictionary<string, object?> { ["elementId"] = e.ElementId }),
            UnauthorizedAccessException => (401, "Authentication required", "unauthenticated", null),
            BadHttpRequestException { StatusCode: 413 } => (413, "The request body is too large", RequestBodies.TooLargeCode, null),
            BadHttpRequestException or JsonException => (400, "The request is not valid", "bad-request", null),
            _ => (0, "", "", (Dictionary<string, object?>?)null),
        };
        if (status == 0) return false;
        context.Response.StatusCode = status;
        var details = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title, Detail = exception.Message };
        details.Extensions["code"] = code;
        foreach (var (key, value) in extra ?? []) details.Extensions[key] = value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details, Exception = exception });
    }
}
