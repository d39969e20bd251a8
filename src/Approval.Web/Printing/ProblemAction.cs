using Microsoft.AspNetCore.Mvc;

namespace Approval.Web.Printing;

/// <summary>A problem+json answer from a page handler (pages return action results; this runs an endpoint result).</summary>
public sealed class ProblemAction(IResult result) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
}
