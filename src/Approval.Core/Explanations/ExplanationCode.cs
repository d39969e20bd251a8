using System.Globalization;

namespace Approval.Core.Explanations;

/// <summary>
/// A kind of explanation line: its stable code, the arguments its producer supplies, and whether it carries a detail.
/// The texts' placeholders may use only these (ExplanationTextsTests), and <see cref="With"/> refuses any other set of
/// arguments, so a template can never name an argument its producer does not give.
/// </summary>
/// <remarks>
/// Arguments are text, formatted by the producer (numbers and ratios culture-invariant). A value that reads differently
/// in the two languages (a grade, an event's name, a joined list) is given twice, the English one with an <c>En</c> suffix.
/// </remarks>
public sealed class ExplanationCode(string code, params string[] args)
{
    public string Code { get; } = code;
    public IReadOnlyList<string> Args { get; } = args;
    /// <summary>The line places another explanation at <c>{detail}</c> (a star's line, its reason).</summary>
    public bool HasDetail { get; init; }

    public Explanation With(params (string Name, object? Value)[] values) => With(null, values);

    public Explanation With(Explanation? detail, params (string Name, object? Value)[] values)
    {
        if (HasDetail != detail is not null)
            throw new ArgumentException($"Explanation {Code} {(HasDetail ? "needs" : "takes no")} detail.", nameof(detail));
        var args = new Dictionary<string, string>(values.Length, StringComparer.Ordinal);
        foreach (var (name, value) in values)
            args[name] = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        if (args.Count != values.Length || args.Count != Args.Count || !Args.All(args.ContainsKey))
            throw new ArgumentException($"Explanation {Code} takes {string.Join(", ", Args)}; given {string.Join(", ", values.Select(v => v.Name))}.", nameof(values));
        return new Explanation(Code, args) { Detail = detail };
    }

    public override string ToString() => Code;
}
