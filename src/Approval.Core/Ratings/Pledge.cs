using System.Text.Json;
using Approval.Core.Schemes;

namespace Approval.Core.Ratings;

/// <summary>
/// A 个性星 a subject pledged: from the campaign's catalogue (<see cref="Own"/> false) or named by the subject itself,
/// which the reviewer sees marked and may return ("结合…岗位特点,分层分类设定").
/// </summary>
public sealed record PledgedStar(string Key, string Name, string? Standard, string Award, bool Own)
{
    public Star ToStar() => new() { Key = Key, Name = Name, Award = Award, Kind = "individual", Standard = Standard };
}

/// <summary>公开承诺 as the cycle carries it: "创哪几颗星、如何创、通过哪些实事来兑现承诺".</summary>
public sealed record Pledge
{
    /// <summary>The common stars chosen (keys) and their names, so that a published pledge reads without the scheme.</summary>
    public List<string> Stars { get; init; } = [];
    public List<string> StarNames { get; init; } = [];
    public List<PledgedStar> IndividualStars { get; init; } = [];
    public int? TargetLevel { get; init; }
    public string? Measures { get; init; }
    public List<string> Deeds { get; init; } = [];

    /// <summary>The 个性星 of the cycle's pledge (none before it is made, or for a scheme without them).</summary>
    public static IReadOnlyList<Star> IndividualStarsOf(JsonElement? pledge) =>
        pledge is { ValueKind: JsonValueKind.Object } p && p.Deserialize<Pledge>(Workflow.HandlerContext.Json) is { } read
            ? read.IndividualStars.Select(s => s.ToStar()).ToList()
            : [];

    /// <summary>The names of the 个性星 the subject named itself (自拟).</summary>
    public static IReadOnlySet<string> OwnNames(JsonElement? pledge) =>
        pledge is { ValueKind: JsonValueKind.Object } p && p.Deserialize<Pledge>(Workflow.HandlerContext.Json) is { } read
            ? read.IndividualStars.Where(s => s.Own).Select(s => s.Name).ToHashSet()
            : new HashSet<string>();
}
