using Approval.Engine;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Approval.Web.Api;

/// <summary>
/// problem+json answers, typed (<see cref="ProblemHttpResult"/>) so every handler declares what it answers:
/// validation problems are listed in <c>errors</c>.
/// </summary>
public static class Problems
{
    public static ProblemHttpResult Validation(string detail, IEnumerable<object> errors) => TypedResults.Problem(ValidationDetails(detail, errors));

    /// <summary>The body of a 400: its <c>errors</c> list one problem each (pages that answer scripts send it too).</summary>
    public static ProblemDetails ValidationDetails(string detail, IEnumerable<object> errors) => new()
    {
        Status = 400, Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1", Title = "The request is not valid", Detail = detail,
        Extensions = { ["code"] = "validation", ["errors"] = errors.ToList() },
    };

    /// <summary>One request field refused, with its code (<see cref="Core.FieldCodes"/>), as the forms' problems are.</summary>
    public static ProblemHttpResult Field(string code, string field, string message) =>
        Validation(message, [new { field, code, message }]);

    /// <summary>Field problems as the contract has always listed them (<c>field</c>, <c>message</c>), with their <c>code</c>.</summary>
    public static ProblemHttpResult Fields(IReadOnlyList<Problem> problems) =>
        Validation(string.Join(" ", problems.Select(p => p.Message)), problems.Select(p => new { Field = p.Where ?? "", p.Code, p.Message }));

    public static ProblemHttpResult Bpmn(IReadOnlyList<Problem> problems) => TypedResults.Problem(BpmnDetails(problems));

    /// <summary>A refused BPMN document: every problem with its element and line (the designer draws them on the elements).</summary>
    public static ProblemDetails BpmnDetails(IReadOnlyList<Problem> problems) =>
        ValidationDetails($"The BPMN has {problems.Count} problem(s); nothing was deployed.", BpmnErrors(problems));

    /// <summary>Each problem with how it reads in the request's language (<c>text</c>, <see cref="Localization.ProblemTexts.Explain"/>) beside the engine's detailed English <c>message</c>.</summary>
    public static IEnumerable<object> BpmnErrors(IEnumerable<Problem> problems) =>
        problems.Select(p => new { p.Code, ElementId = p.Where, p.Line, p.Message, Text = Localization.ProblemTexts.Explain(p.Code, p.Message) });

    public static ProblemHttpResult Forbidden(string detail) => TypedResults.Problem(statusCode: 403, title: "Forbidden", detail: detail);

    /// <summary>A 403 with a stable <c>code</c> saying why (<c>domain-process</c>, <c>out-of-scope</c>…).</summary>
    public static ProblemHttpResult Forbidden(string detail, string? code) =>
        TypedResults.Problem(statusCode: 403, title: "Forbidden", detail: detail, extensions: code is null ? null : new Dictionary<string, object?> { ["code"] = code });

    public static ProblemHttpResult NotFound(string detail) => TypedResults.Problem(statusCode: 404, title: "Not found", detail: detail);

    /// <summary>A 409: the thing asked for is no longer possible in the state it is in (closed, ended, already done).</summary>
    public static ProblemHttpResult Conflict(string title, string? detail = null) => TypedResults.Problem(statusCode: 409, title: title, detail: detail);

    /// <summary>A 429: asked again too soon.</summary>
    public static ProblemHttpResult TooMany(string title, string detail) => TypedResults.Problem(statusCode: 429, title: title, detail: detail);
}
