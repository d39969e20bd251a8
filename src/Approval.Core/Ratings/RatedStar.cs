using System.Text.Json;
using Approval.Core.Schemes;

namespace Approval.Core.Ratings;

/// <summary>A star of a result as the ledger keeps it: by name, earned or not, 个性星 marked (no reasons: those stay on the notice).</summary>
public sealed record RatedStar(string Key, string Name, bool Awarded, bool Individual)
{
    /// <summary>The JSON stored beside a result; null for a result without stars (a banded or weighted scheme).</summary>
    public static string? Serialize(IReadOnlyList<StarResult> stars) => stars.Count == 0
        ? null
        : JsonSerializer.Serialize(stars.Select(s => new RatedStar(s.Key, s.Name, s.Awarded, s.Individual)), Workflow.HandlerContext.Json);

    public static IReadOnlyList<RatedStar> Parse(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<RatedStar>>(json, Workflow.HandlerContext.Json) ?? [];
}
