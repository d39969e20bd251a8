using System.Text;
using System.Text.RegularExpressions;

namespace Approval.Engine.Parsing;

/// <summary>
/// Turns the bytes of an uploaded BPMN file into text the way an XML processor would: a byte-order mark first, then
/// the encoding its declaration names (<c>ISO-8859-1</c>, <c>GBK</c>…), UTF-8 otherwise. Bytes that are not valid
/// in that encoding, or an encoding this host does not know, are a problem: decoding them leniently would store
/// replacement characters in place of the names, silently.
/// </summary>
public static partial class BpmnText
{
    static BpmnText() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static string? Decode(ReadOnlySpan<byte> bytes, out Problem? problem)
    {
        problem = null;
        var encoding = ByBom(bytes, out var bomLength) ?? Declared(bytes, out problem);
        if (problem is not null) return null;
        encoding ??= new UTF8Encoding(false, throwOnInvalidBytes: true);
        try
        {
            return encoding.GetString(bytes[bomLength..]);
        }
        catch (DecoderFallbackException ex)
        {
            problem = new Problem(ProblemCodes.BadEncoding, null,
                $"The file is not valid {encoding.WebName} (byte {ex.Index} of a character); save it as UTF-8, or declare its encoding in <?xml … encoding=\"…\"?>.");
            return null;
        }
    }

    private static Encoding? ByBom(ReadOnlySpan<byte> bytes, out int length)
    {
        (Encoding? encoding, length) = bytes switch
        {
            [0xEF, 0xBB, 0xBF, ..] => (Strict(Encoding.UTF8.CodePage), 3),
            [0xFF, 0xFE, ..] => (Strict(Encoding.Unicode.CodePage), 2),
            [0xFE, 0xFF, ..] => (Strict(Encoding.BigEndianUnicode.CodePage), 2),
            _ => ((Encoding?)null, 0),
        };
        return encoding;
    }

    private static Encoding? Declared(ReadOnlySpan<byte> bytes, out Problem? problem)
    {
        problem = null;
        // The declaration is ASCII in every encoding a BPMN file may declare here (UTF-16 carries a BOM).
        var head = Encoding.ASCII.GetString(bytes[..Math.Min(bytes.Length, 200)]);
        if (Declaration().Match(head) is not { Success: true } match) return null;
        var name = match.Groups["name"].Value;
        try
        {
            return Strict(Encoding.GetEncoding(name).CodePage);
        }
        catch (ArgumentException)
        {
            problem = new Problem(ProblemCodes.UnknownEncoding, null, $"The file declares encoding \"{name}\", which this server does not read; save it as UTF-8.", 1);
            return null;
        }
    }

    private static Encoding Strict(int codePage) =>
        Encoding.GetEncoding(codePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    [GeneratedRegex("""^\s*<\?xml[^>]*?\sencoding\s*=\s*["'](?<name>[A-Za-z][A-Za-z0-9._-]*)["']""", RegexOptions.CultureInvariant)]
    private static partial Regex Declaration();
}
