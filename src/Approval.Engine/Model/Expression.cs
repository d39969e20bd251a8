namespace Approval.Engine.Model;

/// <summary>
/// A value from the model that is either a literal or holds <c>${...}</c> parts evaluated against the variables.
/// The JavaScript for each part is prepared once at parse time.
/// </summary>
public sealed class Expression
{
    internal Expression(string text, IReadOnlyList<ExpressionPart> parts)
    {
        Text = text;
        Parts = parts;
    }

    public string Text { get; }
    internal IReadOnlyList<ExpressionPart> Parts { get; }

    public bool IsLiteral => Parts.All(p => p.Script is null);

    /// <summary>A single <c>${...}</c> with nothing around it: its value keeps its type (number, list…).</summary>
    internal bool IsSingleScript => Parts.Count == 1 && Parts[0].Script is not null;

    public override string ToString() => Text;
}

/// <param name="Identifier">Set when the script is a bare variable name, or one followed by <paramref name="Path"/>:
/// read directly, no JavaScript engine needed.</param>
/// <param name="Path">Property names after the variable (<c>calendar.pledgeDue</c>), read from its JSON objects.</param>
internal sealed record ExpressionPart(string? Literal, string? JavaScript, Jint.Prepared<Acornima.Ast.Script>? Script, string? Identifier = null,
    IReadOnlyList<string>? Path = null);
