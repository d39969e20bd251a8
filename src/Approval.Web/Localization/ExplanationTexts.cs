using System.Text.RegularExpressions;
using Approval.Core.Explanations;
using Approval.Web.Pages.Shared;

namespace Approval.Web.Localization;

/// <summary>
/// Renders a rating's explanation lines (<see cref="Explanation"/>) in the page's language from the templates of the
/// embedded <c>explanation-texts.json</c>: <c>{name}</c> is the argument of that name, <c>{detail}</c> the nested
/// explanation. A line stored as text before codes shows its own half for the language.
/// </summary>
public static partial class ExplanationTexts
{
    private static readonly Lazy<IReadOnlyDictionary<string, BilingualTexts.Text>> All = new(() => BilingualTexts.Load("explanation-texts.json"));

    public static IReadOnlyCollection<string> Codes => All.Value.Keys.ToList();

    public static (string Zh, string En)? Both(string code) => All.Value.TryGetValue(code, out var t) ? (t.Zh, t.En) : null;

    /// <summary>The names a template places, <c>detail</c> included.</summary>
    public static IReadOnlyList<string> Placeholders(string template) => Placeholder().Matches(template).Select(m => m.Groups[1].Value).ToList();

    public static string Render(Explanation explanation) => Render(explanation, Ui.English);

    public static string Render(Explanation explanation, bool english)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        if (explanation.Code == Explanation.LiteralCode) return Ui.Localize(explanation.Args.GetValueOrDefault("text") ?? "", english);
        // A code this version has no text for (written by a newer one): shown as its code and arguments, never dropped.
        if (!All.Value.TryGetValue(explanation.Code, out var text)) return explanation.ToString();
        return Placeholder().Replace(english ? text.En : text.Zh, m =>
            m.Groups[1].Value == "detail" && explanation.Detail is { } detail ? Render(detail, english)
            : explanation.Args.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);
    }

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();
}
