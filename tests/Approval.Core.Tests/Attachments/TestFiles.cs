using System.IO.Compression;
using System.Text;
using Approval.Core.Attachments;

namespace Approval.Core.Tests.Attachments;

/// <summary>Small real files of each accepted kind, and a scanner script that refuses the EICAR test string.</summary>
public static class TestFiles
{
    public static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
    public static readonly byte[] Exe = [0x4D, 0x5A, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0];

    /// <summary>The anti-virus test string every scanner reports (a harmless text by design).</summary>
    public const string Eicar = @"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A minimal Office Open XML package of the given part folder (word/ or xl/).</summary>
    public static byte[] Office(string folder)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var w = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open())) w.Write("<Types/>");
            using (var w = new StreamWriter(zip.CreateEntry(folder + "document.xml").Open())) w.Write("<x/>");
        }
        return buffer.ToArray();
    }

    public static Upload Upload(string name, byte[] bytes) => new(name, () => new MemoryStream(bytes));

    /// <summary>A scanner as the hook runs one: exit 1 with a finding when the file holds the EICAR string, 0 otherwise.</summary>
    public static string ScannerScript(string directory)
    {
        var path = Path.Combine(directory, "scan.sh");
        File.WriteAllText(path, "#!/bin/sh\nif grep -q 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE' \"$1\"; then echo \"$1: Eicar-Test-Signature FOUND\"; exit 1; fi\nexit 0\n");
        return $"/bin/sh {path} {{path}}";
    }
}
