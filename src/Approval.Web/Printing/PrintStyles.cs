using System.Globalization;
using System.Text;

namespace Approval.Web.Printing;

/// <summary>
/// The records' stylesheet (<c>wwwroot/css/records.css</c>), read once: the pages link it, the documents printed to
/// PDF carry it inline (Chromium opens them as files and fetches nothing).
/// </summary>
public sealed class PrintStyles(IWebHostEnvironment environment)
{
    public const string Path = "css/records.css";
    private readonly Lazy<string> _css = new(() =>
    {
        var file = environment.WebRootFileProvider.GetFileInfo(Path);
        if (!file.Exists) throw new FileNotFoundException($"wwwroot/{Path} is missing.");
        using var reader = new StreamReader(file.CreateReadStream(), Encoding.UTF8);
        return reader.ReadToEnd();
    });

    public string Css => _css.Value;

    /// <summary>
    /// Text as a CSS string literal for the page boxes' <c>content</c> (header, footer): every character that could end
    /// the string or the style element is escaped, so a campaign's name cannot change the stylesheet.
    /// </summary>
    public static string CssString(string text)
    {
        var literal = new StringBuilder("\"");
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c) || c == ' ' || (c > 0x7f && !char.IsControl(c) && !char.IsSurrogate(c) && c is not ('\u2028' or '\u2029'))) literal.Append(c);
            else if (char.IsSurrogate(c)) continue;
            else literal.Append('\\').Append(((int)c).ToString("x", CultureInfo.InvariantCulture)).Append(' ');
        }
        return literal.Append('"').ToString();
    }
}
