using System.IO.Compression;

namespace Approval.Core.Orgs.Import;

/// <summary>
/// Refuses an .xlsx (a zip) that would inflate beyond a limit before the spreadsheet reader inflates it: a 1.3 MB
/// file of highly compressed cells used 3.9 GB. The sizes the zip declares are checked first; then every entry is
/// inflated into nothing, counting, since a crafted zip may declare less than it holds.
/// </summary>
internal static class ZipInflationGuard
{
    public static string? Check(Stream stream, long maxBytes)
    {
        var start = stream.Position;
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Sum(e => e.Length) > maxBytes) return TooLarge(maxBytes);
            var buffer = new byte[81920];
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                using var inflating = entry.Open();
                int read;
                while ((read = inflating.Read(buffer)) > 0)
                    if ((total += read) > maxBytes) return TooLarge(maxBytes);
            }
            return null;
        }
        finally
        {
            stream.Position = start;
        }
    }

    private static string TooLarge(long maxBytes) =>
        $"The .xlsx expands to more than {maxBytes / (1024 * 1024)} MB when unzipped (Approval:Limits:MaxImportUnzippedBytes).";
}
