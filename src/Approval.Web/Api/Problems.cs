using Approval.Engine.Parsing;

namespace Approval.Web.Api;

/// <summary>problem+json helpers: validation problems are listed in <c>errors</c>.</summary>
public static class Problems
{
    public static IResult Validation(string detail, IEnumerable<object> errors) => Results.Problem(
        statusCode: 400, title: "The request is not valid", detail: detail,
        extensions: new Dictionary<string, object?> { ["code"] = "validation", ["errors"] = errors.ToList() });

    public static IResult Field(string field, string message) =>
        Validation(message, [new { field, message }]);

    public static IResult Fields(IReadOnlyList<Core.Orgs.FieldProblem> problems) =>
        Validation(string.Join(" ", problems.Select(p => p.Message)), problems.Select(p => new { p.Field, p.Message }));

    public static IResult Bpmn(IReadOnlyList<BpmnProblem> problems) =>
        Validation($"The BPMN has {problems.Count} problem(s); nothing was deployed.",
            problems.Select(p => new { p.Code, p.ElementId, p.Line, p.Message }));

    public static IResult Forbidden(string detail) => Results.Problem(statusCode: 403, title: "Forbidden", detail: detail);
    public static IResult NotFound(string detail) => Results.Problem(statusCode: 404, title: "Not found", detail: detail);
}
