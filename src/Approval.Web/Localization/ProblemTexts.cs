using Approval.Web.Pages.Shared;

namespace Approval.Web.Localization;

/// <summary>
/// What each stable problem and fault code means, in Chinese and English, read once from the embedded
/// <c>problem-texts.json</c>. The engine's messages are English and name the specifics (the expression, the ids);
/// a Chinese page shows this text for the code with the message beside it for detail, so every code the parser,
/// the migration check or the interpreter can give reads naturally in the designer (issue 16 §1). Field, import and
/// scheme problems (Core's <c>FieldCodes</c>, <c>ImportCodes</c>, <c>SchemeCodes</c>) have texts too; their pages keep
/// showing the message, which is already "中文 / English" and names the field's specifics.
/// </summary>
public static class ProblemTexts
{
    private static readonly Lazy<IReadOnlyDictionary<string, BilingualTexts.Text>> All = new(() => BilingualTexts.Load("problem-texts.json"));

    public static IReadOnlyCollection<string> Codes => All.Value.Keys.ToList();

    /// <summary>The code's meaning in the page's language; null for a code without a text.</summary>
    public static string? For(string? code) =>
        code is not null && All.Value.TryGetValue(code, out var text) ? Ui.English ? text.En : text.Zh : null;

    public static (string Zh, string En)? Both(string code) => All.Value.TryGetValue(code, out var t) ? (t.Zh, t.En) : null;

    /// <summary>How a problem reads on a page: in Chinese the code's text (the English message stays as detail); in English the message itself.</summary>
    public static string Explain(string? code, string message) => Ui.English ? message : For(code) ?? message;
}
