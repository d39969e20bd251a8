using System.Text.Json.Serialization;

namespace Approval.Core.Explanations;

/// <summary>
/// One line of why a rating came out as it did (评定依据), as results keep it in workflow variables, notices and
/// gradings: a stable code with named arguments, rendered in the reader's language from the web's
/// <c>explanation-texts.json</c> (STYLE.md: never a bilingual string stored in data). A star's line carries the
/// reason the star was earned or not as its <see cref="Detail"/>.
/// </summary>
/// <remarks>
/// Results written before codes hold plain "中文 / English" strings; <see cref="ExplanationJsonConverter"/> reads each
/// as a <see cref="Literal"/>, so they still display.
/// </remarks>
[JsonConverter(typeof(ExplanationJsonConverter))]
public sealed record Explanation(string Code, IReadOnlyDictionary<string, string> Args)
{
    /// <summary>The code of a line stored as text by an earlier version; its one argument is <c>text</c>.</summary>
    public const string LiteralCode = "text";

    /// <summary>The explanation the line's template places at <c>{detail}</c> (a star's reason), if its code has one.</summary>
    public Explanation? Detail { get; init; }

    public static Explanation Literal(string text) => new(LiteralCode, new Dictionary<string, string>(StringComparer.Ordinal) { ["text"] = text });

    // By value, so results with the same explanation compare equal (the dictionary alone would compare by reference).
    public bool Equals(Explanation? other) =>
        other is not null && Code == other.Code && Equals(Detail, other.Detail) && Args.Count == other.Args.Count
        && Args.All(a => other.Args.TryGetValue(a.Key, out var v) && v == a.Value);

    public override int GetHashCode() => HashCode.Combine(Code, Args.Count, Detail);

    public override string ToString() =>
        Code + "(" + string.Join(", ", Args.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}")) + ")"
        + (Detail is null ? "" : " ← " + Detail);
}
