namespace Approval.Core.Attachments;

/// <summary>A stored file's metadata (附件): what it is attached to, and who may read it through its instance.</summary>
public sealed record Attachment(string Id, string InstanceId, string? CommentId, string? TaskId, string? Field, string? ObjectionId,
    string Name, long Size, string ContentType, string Sha256, string? UploadedBy, DateTimeOffset UploadedAt);

/// <summary>A file as it arrives: the name the uploader gave it and a way to read it once.</summary>
public sealed record Upload(string FileName, Func<Stream> Open);

/// <summary>A file that passed every check, waiting in the temporary folder to be kept or dropped.</summary>
public sealed record PreparedFile(string Name, long Size, string ContentType, string Sha256, string TempPath);

/// <summary>What an attachment belongs to (exactly one of comment, task field, objection) and its instance.</summary>
public sealed record AttachmentOwner(string InstanceId, string? CommentId = null, string? TaskId = null, string? Field = null, string? ObjectionId = null);
