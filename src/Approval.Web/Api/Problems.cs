using Approval.Engine.Parsing;
using Microsoft.AspNetCore.Mvc;

namespace Approval.Web.Api;

/// <summary>problem+json helpers: validation problems are listed in <c>errors</c>.</summary>
public static class Problems
{
    public static IResult Validation(string detail, IEnumerable<object> errors) => Results.Problem(ValidationDetails(detail, errors));

    /// <summary>The body of a 400: its <c>errors</c> list one problem each (pages that answer scripts send it too).</summary>
    public static ProblemDetails ValidationDetails(string detail, IEnumerable<object> errors) => new()
    {
        Status = 400, Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1", Title = "The request is not valid", Detail = detail,
        Extensions = { ["code"] = "validation", ["errors"] = errors.ToList() },
    };

    public static IResult Field(string field, string message) =>
        Validation(message, [new { field, message }]);

    public static IResult Fields(IReadOnlyList<Core.Orgs.FieldProblem> problems) =>
        Validation(string.Join(" ", problems.Select(p => p.Message)), problems.Select(p => new { p.Field, p.Message }));

    public static IResult Bpmn(IReadOnlyList<BpmnProblem> problems) => Results.Problem(BpmnDetails(problems));

    /// <summary>A refused BPMN document: every problem with its element and line (the designer draws them on the elements).</summary>
    public static ProblemDetails BpmnDetails(IReadOnlyList<BpmnProblem> problems) =>
        ValidationDetails($"The BPMN has {problems.Count} problem(s); nothing was deployed.", BpmnErrors(problems));

    public static IEnumerable<object> BpmnErrors(IEnumerable<BpmnProblem> problems) => problems.Select(p => new { p.Code, p.ElementId, p.Line, p.Message });

    public static IResult Forbidden(string detail) => Results.Problem(statusCode: 403, title: "Forbidden", detail: detail);

    /// <summary>A 403 with a stable <c>code</c> saying why (<c>domain-process</c>, <c>out-of-scope</c>…).</summary>
    public static IResult Forbidden(string detail, string? code) =>
        Results.Problem(statusCode: 403, title: "Forbidden", detail: detail, extensions: code is null ? null : new Dictionary<string, object?> { ["code"] = code });
    public static IResult NotFound(string detail) => Results.Problem(statusCode: 404, title: "Not found", detail: detail);
}
