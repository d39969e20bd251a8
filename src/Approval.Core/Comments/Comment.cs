using Approval.Core.Attachments;

namespace Approval.Core.Comments;

/// <summary>A comment (评论) on an instance: append-only, with its author, time, the people it notified and its files.</summary>
public sealed record Comment(string Id, string InstanceId, string Author, string Body, IReadOnlyList<string> Mentions, DateTimeOffset At,
    IReadOnlyList<Attachment> Attachments);

public enum CommentStatus { Added, NotFound, Forbidden, Invalid }

/// <summary>A comment's outcome: the comment and how many mentioned people were mailed, or why it was refused.</summary>
public sealed record CommentResult(CommentStatus Status, Comment? Comment, IReadOnlyList<Engine.Problem> Problems, int Mailed = 0);
