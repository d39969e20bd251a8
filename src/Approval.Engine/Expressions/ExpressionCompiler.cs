using Approval.Engine.Model;
using Jint;
using JsEngine = Jint.Engine;

namespace Approval.Engine.Expressions;

/// <summary>
/// Turns model text into an <see cref="Expression"/>: literal text with <c>${...}</c> (or <c>#{...}</c>) parts,
/// each translated from JUEL and prepared as JavaScript once. Syntax errors come back as a message, never thrown.
/// </summary>
public static class ExpressionCompiler
{
    /// <param name="text">The attribute or element text.</param>
    /// <param name="wholeTextIsScript">For conditions: text without <c>${</c> is itself JavaScript.</param>
    public static Expression? TryCompile(string text, bool wholeTextIsScript, out string? error)
    {
        error = null;
        var parts = new List<ExpressionPart>();
        if (!text.Contains("${", StringComparison.Ordinal) && !text.Contains("#{", StringComparison.Ordinal))
        {
            if (!wholeTextIsScript) return new Expression(text, [new ExpressionPart(text, null, null)]);
            var whole = Prepare(text.Trim(), out error);
            return whole is null ? null : new Expression(text, [whole]);
        }

        var i = 0;
        while (i < text.Length)
        {
            var open = IndexOfOpen(text, i);
            if (open < 0)
            {
                parts.Add(new ExpressionPart(text[i..], null, null));
                break;
            }
            if (open > i) parts.Add(new ExpressionPart(text[i..open], null, null));
            var close = IndexOfClose(text, open + 2);
            if (close < 0)
            {
                error = $"'{text}' has a '{text[open]}{{' without its closing '}}'.";
                return null;
            }
            var part = Prepare(text[(open + 2)..close], out error);
            if (part is null) return null;
            parts.Add(part);
            i = close + 1;
        }
        return new Expression(text, parts);
    }

    private static ExpressionPart? Prepare(string juel, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(juel))
        {
            error = "The expression is empty.";
            return null;
        }
        var js = JuelTranslator.Translate(juel);
        try
        {
            // Parenthesised so that an object literal or a comma list is one value, and a statement is refused.
            var segments = js.Trim().Split('.');
            var isPath = IsIdentifier(segments[0]) && segments.Skip(1).All(IsName);
            return new ExpressionPart(null, js, JsEngine.PrepareScript("(" + js + "\n)"), isPath ? segments[0] : null,
                isPath && segments.Length > 1 ? segments[1..] : null);
        }
        catch (Exception ex) when (ex is ScriptPreparationException or Acornima.SyntaxErrorException or Acornima.ParseErrorException)
        {
            error = $"'{juel}' does not parse: {ex.InnerException?.Message ?? ex.Message}";
            return null;
        }
    }

    private static readonly HashSet<string> Reserved = ["true", "false", "null", "undefined", "this", "NaN", "Infinity"];

    private static bool IsIdentifier(string js) => IsName(js) && !Reserved.Contains(js);

    private static bool IsName(string js) =>
        js.Length > 0 && (char.IsLetter(js[0]) || js[0] is '_' or '$') && js.All(c => char.IsLetterOrDigit(c) || c is '_' or '$');

    private static int IndexOfOpen(string text, int from)
    {
        for (var i = from; i < text.Length - 1; i++)
            if (text[i] is '$' or '#' && text[i + 1] == '{') return i;
        return -1;
    }

    // Finds the brace that closes a ${ ... }, skipping nested braces and string literals.
    private static int IndexOfClose(string text, int from)
    {
        var depth = 0;
        for (var i = from; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\'' or '"')
            {
                var quote = c;
                for (i++; i < text.Length && text[i] != quote; i++)
                    if (text[i] == '\\') i++;
            }
            else if (c == '{') depth++;
            else if (c == '}')
            {
                if (depth == 0) return i;
                depth--;
            }
        }
        return -1;
    }
}
