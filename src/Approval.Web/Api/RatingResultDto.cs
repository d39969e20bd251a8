using System.Text.Json;
using Approval.Core.Ratings;

namespace Approval.Web.Api;

/// <summary>A rating result as a notice's content shows it: each star's reason and each explanation line with its text in the request's language.</summary>
public sealed record RatingResultDto(int? Level, bool Qualified, bool Rectification, decimal? Score, IReadOnlyList<SchemesApi.StarResultDto> Stars,
    IReadOnlyList<ExplanationDto> Explanation, int? PreviousLevel, string? Grade, string? Findings)
{
    public static RatingResultDto Of(RatingResult result) => new(result.Level, result.Qualified, result.Rectification, result.Score,
        // A notice stored without content ("{}") reads with neither.
        (result.Stars ?? []).Select(SchemesApi.StarResultDto.Of).ToList(), (result.Explanation ?? []).Select(ExplanationDto.Of).ToList(),
        result.PreviousLevel, result.Grade, result.Findings);

    /// <summary>A rating or demotion notice's content with its lines rendered; a pledge notice's as stored.</summary>
    public static Core.Notices.Notice Render(Core.Notices.Notice notice) => notice.Kind == "pledge"
        || notice.Content.ValueKind != JsonValueKind.Object
        || notice.Content.Deserialize<RatingResult>(Core.Workflow.HandlerContext.Json) is not { } result
            ? notice
            : notice with { Content = JsonSerializer.SerializeToElement(Of(result), Core.Workflow.HandlerContext.Json) };
}
