using System.Security.Cryptography;
using Approval.Engine;
using Microsoft.Extensions.Options;

namespace Approval.Core.Attachments;

/// <summary>
/// The files under <c>{DataDir}/attachments</c>. An upload is checked whole before anything is kept: its name's
/// extension, its size (counted while copying, whatever the request declared), its first bytes and the scan hook;
/// it waits in <c>tmp/</c> under a random name meanwhile. Kept files are named by their SHA-256 in two-letter
/// folders, so no name a user sends ever becomes part of a path and equal files are stored once.
/// </summary>
public sealed class AttachmentFiles(IOptions<ApprovalOptions> approval, IOptions<AttachmentOptions> options, ScanHook scan)
{
    public const int MaxNameLength = 200;

    public string Root => Path.Combine(Path.GetFullPath(approval.Value.DataDir), "attachments");
    private string Temp => Path.Combine(Root, "tmp");

    public string PathOf(string sha256) => Path.Combine(Root, sha256[..2], sha256);

    /// <summary>
    /// Every file checked, or none kept: on the first problem all of them are removed from <c>tmp/</c> and the
    /// problems (each on <paramref name="field"/>) come back.
    /// </summary>
    public async Task<(IReadOnlyList<PreparedFile> Files, IReadOnlyList<Problem> Problems)> PrepareAsync(IReadOnlyList<Upload> uploads, string field, CancellationToken ct = default)
    {
        var limits = options.Value;
        if (uploads.Count > limits.MaxFiles)
            return ([], [new(FieldCodes.TooMany, field, $"最多上传 {limits.MaxFiles} 个附件 / at most {limits.MaxFiles} files.")]);
        var prepared = new List<PreparedFile>();
        var problems = new List<Problem>();
        foreach (var upload in uploads)
        {
            var (file, problem) = await PrepareOneAsync(upload, field, ct);
            if (file is not null) prepared.Add(file);
            if (problem is not null) { problems.Add(problem); break; }
        }
        if (problems.Count == 0) return (prepared, []);
        Drop(prepared);
        return ([], problems);
    }

    /// <summary>The name as shown and sent back: its last path segment (either slash), without control characters.</summary>
    public static string CleanName(string fileName)
    {
        var last = fileName.Replace('\\', '/').Split('/').Last();
        return new string(last.Where(c => !char.IsControl(c)).ToArray()).Trim();
    }

    private async Task<(PreparedFile?, Problem?)> PrepareOneAsync(Upload upload, string field, CancellationToken ct)
    {
        var limits = options.Value;
        var name = CleanName(upload.FileName);
        var extension = FileKinds.ExtensionOf(name);
        if (name.Length == 0 || name.Trim('.').Length == 0) return (null, new(FieldCodes.Required, field, "附件须有文件名 / the file needs a name."));
        if (name.Length > MaxNameLength) return (null, new(FieldCodes.TooLong, field, $"文件名不超过 {MaxNameLength} 字 / the file name is limited to {MaxNameLength} characters."));
        if (!limits.AllowedExtensions.Contains(extension, StringComparer.OrdinalIgnoreCase))
            return (null, new(FieldCodes.FileType, field, $"“{name}”的类型不允许，可上传：{string.Join("、", limits.AllowedExtensions)} / '{name}': only {string.Join(", ", limits.AllowedExtensions)} files are accepted."));
        Directory.CreateDirectory(Temp);
        var temp = Path.Combine(Temp, Guid.NewGuid().ToString("N"));
        var file = await CopyAsync(upload, temp, limits.MaxFileBytes, ct);
        Problem? problem = null;
        if (file is null) problem = new(FieldCodes.FileTooLarge, field, $"“{name}”超过 {limits.MaxFileBytes / 1024 / 1024.0:0.#} MB / '{name}' is larger than {limits.MaxFileBytes / 1024 / 1024.0:0.#} MB.");
        else if (file.Value.Size == 0) problem = new(FieldCodes.Required, field, $"“{name}”是空文件 / '{name}' is empty.");
        else if (!FileKinds.Matches(extension, temp))
            problem = new(FieldCodes.FileType, field, $"“{name}”的内容与扩展名 .{extension} 不符 / the content of '{name}' is not a .{extension} file.");
        else if (await scan.ScanAsync(temp, name, ct) is { } refused) problem = new(FieldCodes.FileRefused, field, $"“{name}”：{refused}");
        if (problem is not null)
        {
            File.Delete(temp);
            return (null, problem);
        }
        return (new PreparedFile(name, file!.Value.Size, FileKinds.ContentType(extension), file.Value.Sha256, temp), null);
    }

    /// <summary>Copies the upload, hashing as it goes; null (and nothing left) once past <paramref name="maxBytes"/>.</summary>
    private static async Task<(long Size, string Sha256)?> CopyAsync(Upload upload, string temp, long maxBytes, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        await using (var source = upload.Open())
        await using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(buffer, ct)) > 0)
            {
                size += read;
                if (size > maxBytes) break;
                hash.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
        if (size <= maxBytes) return (size, Convert.ToHexStringLower(hash.GetHashAndReset()));
        File.Delete(temp);
        return null;
    }

    /// <summary>
    /// Moves prepared files to their content-addressed place; returns those this call created (an equal file may be
    /// there already), which <see cref="Discard"/> removes if the rows naming them are not written after all.
    /// </summary>
    public IReadOnlyList<string> Keep(IReadOnlyList<PreparedFile> files)
    {
        var created = new List<string>();
        foreach (var file in files)
        {
            var target = PathOf(file.Sha256);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (File.Exists(target)) { File.Delete(file.TempPath); continue; }
            try
            {
                File.Move(file.TempPath, target);
                created.Add(target);
            }
            catch (IOException) when (File.Exists(target))
            {
                // Another upload of the same bytes won the race: theirs is ours.
                File.Delete(file.TempPath);
            }
        }
        return created;
    }

    /// <summary>Removes files <see cref="Keep"/> created for rows that were then not written.</summary>
    public static void Discard(IEnumerable<string> created)
    {
        foreach (var path in created) File.Delete(path);
    }

    /// <summary>Removes prepared files that will not be kept.</summary>
    public static void Drop(IEnumerable<PreparedFile> files)
    {
        foreach (var file in files) File.Delete(file.TempPath);
    }

    public Stream Open(Attachment attachment) => new FileStream(PathOf(attachment.Sha256), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
}
