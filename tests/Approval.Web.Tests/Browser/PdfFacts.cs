using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Approval.Web.Tests.Browser;

/// <summary>
/// What a test can tell of a PDF: its header, its pages and their size in points, the fonts it embeds (read from the
/// file's own dictionaries, which Chromium writes uncompressed), and its text as <c>pdftotext</c> (poppler-utils,
/// installed by tests/run.sh) extracts it — text that extracts as Chinese was embedded with its CJK glyphs.
/// </summary>
public sealed partial class PdfFacts
{
    public byte[] Bytes { get; }
    public bool HasPdfHeader => Bytes.AsSpan().StartsWith("%PDF-"u8);
    /// <summary>How many page objects (<c>/Type /Page</c>) it has.</summary>
    public int PageCount { get; }
    /// <summary>Every MediaBox's width and height, rounded to whole points.</summary>
    public IReadOnlyList<(int Width, int Height)> Pages { get; }
    /// <summary>The embedded fonts' names, subset prefix (ABCDEF+) removed.</summary>
    public IReadOnlyList<string> Fonts { get; }

    public PdfFacts(byte[] bytes)
    {
        Bytes = bytes;
        var text = Encoding.Latin1.GetString(bytes);
        PageCount = PageObject().Count(text);
        Pages = PageBox().Matches(text).Select(m => (Round(m.Groups[3].Value) - Round(m.Groups[1].Value), Round(m.Groups[4].Value) - Round(m.Groups[2].Value))).ToList();
        Fonts = FontName().Matches(text).Select(m => m.Groups[1].Value).Distinct().ToList();
    }

    private static int Round(string number) => (int)Math.Round(decimal.Parse(number, CultureInfo.InvariantCulture));

    /// <summary>The text of the PDF by pdftotext (fails, not skips, where poppler-utils is missing: tests/run.sh installs it).</summary>
    public async Task<string> TextAsync()
    {
        var file = Path.Combine(Path.GetTempPath(), $"approval-pdf-test-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, Bytes);
        try
        {
            var (code, output) = await RunAsync("pdftotext", "-enc", "UTF-8", file, "-");
            Assert.True(code == 0, $"pdftotext failed: {output}");
            return output;
        }
        finally { File.Delete(file); }
    }

    /// <summary>The first page as a PNG at <paramref name="path"/> (pdftoppm), to look at beside the screenshots.</summary>
    public async Task RenderFirstPageAsync(string path)
    {
        var file = Path.ChangeExtension(path, ".pdf");
        await File.WriteAllBytesAsync(file, Bytes);
        var (code, output) = await RunAsync("pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", file, Path.ChangeExtension(path, null));
        Assert.True(code == 0, $"pdftoppm failed: {output}");
    }

    private static async Task<(int Code, string Output)> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try { process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{tool} is needed for the PDF tests and was not found (tests/run.sh installs poppler-utils).", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output + await error);
        }
    }

    [GeneratedRegex(@"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]")]
    private static partial Regex PageBox();

    [GeneratedRegex(@"/Type\s*/Page(?![a-zA-Z])")]
    private static partial Regex PageObject();

    [GeneratedRegex(@"/FontName\s*/(?:[A-Z]{6}\+)?([^\s/\[\]<>()]+)")]
    private static partial Regex FontName();
}
