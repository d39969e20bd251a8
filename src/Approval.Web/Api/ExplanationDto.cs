using Approval.Core.Explanations;

namespace Approval.Web.Api;

/// <summary>
/// An explanation line as the API gives it: the stable <c>code</c> and its <c>args</c> (Approval.Core.Explanations),
/// and <c>text</c>, the line in the request's language (the detail, a star's reason, placed in it).
/// </summary>
public sealed record ExplanationDto(string Code, IReadOnlyDictionary<string, string> Args, string Text, ExplanationDto? Detail)
{
    public static ExplanationDto Of(Explanation line) =>
        new(line.Code, line.Args, Localization.ExplanationTexts.Render(line), line.Detail is { } detail ? Of(detail) : null);
}
