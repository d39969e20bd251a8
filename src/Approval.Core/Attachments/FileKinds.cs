using System.IO.Compression;
using System.Text;

namespace Approval.Core.Attachments;

/// <summary>
/// The kinds of file accepted, each known by its extension and by its first bytes (magic numbers): a PDF starts with
/// <c>%PDF-</c>, a PNG with its 8-byte signature, a JPEG with FF D8 FF; a .docx or .xlsx is a zip holding
/// <c>word/</c> or <c>xl/</c>; a .txt is UTF-8 without NUL bytes. The content type sent back comes from here, never
/// from what the uploader declared.
/// </summary>
public static class FileKinds
{
    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["pdf"] = "application/pdf",
        ["jpg"] = "image/jpeg",
        ["jpeg"] = "image/jpeg",
        ["png"] = "image/png",
        ["docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ["xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ["txt"] = "text/plain; charset=utf-8",
    };

    public static IReadOnlyCollection<string> Known => Types.Keys;

    /// <summary>The media types a download may carry (its parameters aside).</summary>
    public static IReadOnlyList<string> MediaTypes => Types.Values.Select(t => t.Split(';')[0]).Distinct().ToList();

    /// <summary>The extension of a file name, lower case, without the dot ("" when it has none).</summary>
    public static string ExtensionOf(string name) => Path.GetExtension(name).TrimStart('.').ToLowerInvariant();

    public static string ContentType(string extension) => Types[extension];

    /// <summary>Whether the stored file's bytes are what its extension says.</summary>
    public static bool Matches(string extension, string path)
    {
        Span<byte> head = stackalloc byte[8];
        int read;
        using (var file = File.OpenRead(path)) read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..read];
        return extension switch
        {
            "pdf" => head.StartsWith("%PDF-"u8),
            "png" => head.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }),
            "jpg" or "jpeg" => head.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }),
            "docx" => head.StartsWith("PK\x03\x04"u8) && ZipHolds(path, "word/"),
            "xlsx" => head.StartsWith("PK\x03\x04"u8) && ZipHolds(path, "xl/"),
            "txt" => IsText(path),
            _ => false,
        };
    }

    /// <summary>An Office Open XML package: a zip with the part folder of its kind (reading the directory only).</summary>
    private static bool ZipHolds(string path, string folder)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            return zip.Entries.Any(e => e.FullName.StartsWith(folder, StringComparison.Ordinal))
                && zip.Entries.Any(e => e.FullName == "[Content_Types].xml");
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Valid UTF-8 (a BOM allowed) with no NUL byte: binaries almost always hold one in their first KB.</summary>
    private static bool IsText(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.AsSpan().IndexOf((byte)0) >= 0) return false;
        try
        {
            StrictUtf8.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
