using System.Text;
using System.Text.RegularExpressions;

namespace Approval.Engine.Expressions;

/// <summary>
/// Rewrites the JUEL keyword operators that Camunda models use (and, or, not, eq, ne, lt, gt, le, ge, div, mod,
/// empty) into JavaScript, leaving string literals untouched, so models from Camunda Modeler run unchanged.
/// </summary>
internal static partial class JuelTranslator
{
    private static readonly Dictionary<string, string> Operators = new(StringComparer.Ordinal)
    {
        ["and"] = "&&", ["or"] = "||", ["not"] = "!", ["eq"] = "==", ["ne"] = "!=",
        ["lt"] = "<", ["gt"] = ">", ["le"] = "<=", ["ge"] = ">=", ["div"] = "/", ["mod"] = "%",
    };

    public static string Translate(string juel)
    {
        var output = new StringBuilder(juel.Length + 8);
        var i = 0;
        while (i < juel.Length)
        {
            var c = juel[i];
            if (c is '\'' or '"')
            {
                var end = SkipString(juel, i);
                output.Append(juel, i, end - i);
                i = end;
            }
            else if (IsWordStart(c) && (i == 0 || !IsWordPart(juel[i - 1])))
            {
                var end = i;
                while (end < juel.Length && IsWordPart(juel[end])) end++;
                var word = juel[i..end];
                if (word == "empty" && TryReadOperand(juel, end, out var operand, out var after))
                {
                    output.Append("__empty(").Append(operand).Append(')');
                    i = after;
                    continue;
                }
                output.Append(Operators.TryGetValue(word, out var op) && !IsPropertyAccess(juel, i) ? op : word);
                i = end;
            }
            else
            {
                output.Append(c);
                i++;
            }
        }
        return output.ToString();
    }

    private static bool IsPropertyAccess(string text, int wordStart) => wordStart > 0 && text[wordStart - 1] == '.';

    private static bool TryReadOperand(string text, int from, out string operand, out int after)
    {
        var match = OperandPattern().Match(text, from);
        operand = match.Success ? match.Groups[1].Value : "";
        after = match.Success ? match.Index + match.Length : from;
        return match.Success && match.Index == from;
    }

    private static int SkipString(string text, int start)
    {
        var quote = text[start];
        var i = start + 1;
        while (i < text.Length && text[i] != quote)
            i += text[i] == '\\' ? 2 : 1;
        return Math.Min(i + 1, text.Length);
    }

    private static bool IsWordStart(char c) => char.IsLetter(c) || c is '_' or '$';
    private static bool IsWordPart(char c) => char.IsLetterOrDigit(c) || c is '_' or '$';

    [GeneratedRegex(@"\s+([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\[[^\]]*\])*)")]
    private static partial Regex OperandPattern();
}
