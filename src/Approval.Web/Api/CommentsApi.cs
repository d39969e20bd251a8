using Approval.Core.Attachments;
using Approval.Core.Comments;
using Approval.Web.Auth;
using Approval.Web.Limits;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Approval.Web.Api;

/// <summary>
/// 评论与附件: comments on an instance, with files and @mentions, read and written by whoever may see the instance;
/// and the download of any attachment the caller may read.
/// </summary>
public static class CommentsApi
{
    public sealed record AttachmentDto(string Id, string Name, long Size, string ContentType, string Sha256, string? UploadedBy, DateTimeOffset UploadedAt, string Url);

    /// <summary>One comment: its author (login and name), text, the people it notified, and its files.</summary>
    public sealed record CommentDto(string Id, string Author, string AuthorName, string Body, IReadOnlyList<string> Mentions, DateTimeOffset At, IReadOnlyList<AttachmentDto> Attachments);

    public static void MapCommentsApi(this RouteGroupBuilder api, AttachmentOptions attachments)
    {
        api.MapGet("/instances/{id}/comments", ListAsync);
        // Multipart from API clients with bearer tokens: there is no cookie to forge on /api.
        var bytes = RequestBodies.AttachmentBodyBytes(attachments);
        api.MapPost("/instances/{id}/comments", AddAsync).DisableAntiforgery().WithMetadata(RequestBodies.Allow(bytes), RequestBodies.AllowForm(bytes))
            .Accepts<CommentForm>("multipart/form-data");
        api.MapGet("/attachments/{id}", DownloadAsync)
            .Produces(StatusCodes.Status200OK, typeof(byte[]), "application/pdf", additionalContentTypes: [.. FileKinds.MediaTypes.Where(t => t != "application/pdf")]);
    }

    public static AttachmentDto ToDto(Attachment a) =>
        new(a.Id, a.Name, a.Size, a.ContentType, a.Sha256, a.UploadedBy, a.UploadedAt, $"/api/attachments/{Uri.EscapeDataString(a.Id)}");

    /// <summary>评论列表 / an instance's comments, oldest first; 403 outside the caller's scope, 404 for no such instance.</summary>
    private static async Task<Results<Ok<IReadOnlyList<CommentDto>>, ProblemHttpResult>> ListAsync(string id, CurrentUser current, InstanceComments comments,
        Core.Users.UserStore users)
    {
        var (status, list) = await comments.ListAsync(await current.GetAsync(), id);
        if (Refused(status, id) is { } refused) return refused;
        var names = await users.NamesAsync(list.Select(c => c.Author));
        return TypedResults.Ok<IReadOnlyList<CommentDto>>(list.Select(c => ToDto(c, names)).ToList());
    }

    /// <summary>A comment as posted: its text and its files (multipart/form-data).</summary>
    public sealed record CommentForm(string? Body, IReadOnlyList<IFormFile>? Files);

    /// <summary>
    /// 发表评论 / adds a comment (multipart: <c>body</c>, files as <c>files</c>); "@name" mentions someone who may see the
    /// instance and mails them. 201; 400 with field problems (nothing kept); 403 outside scope; 404; 413 too large.
    /// The caller's scope is checked before the body is read.
    /// </summary>
    private static async Task<Results<Created<CommentDto>, ProblemHttpResult>> AddAsync(string id, HttpRequest request,
        CurrentUser current, InstanceComments comments, Core.Users.UserStore users)
    {
        var user = await current.GetAsync();
        if (Refused(await comments.AccessAsync(user, id), id) is { } outside) return outside;
        if (!request.HasFormContentType) return Problems.Field(Core.FieldCodes.InvalidFormat, "body", "Send the comment as multipart/form-data (body, files).");
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        }
        catch (InvalidDataException e) when (e.Message.Contains("length limit", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(statusCode: 413, title: "The request body is too large", detail: e.Message,
                extensions: new Dictionary<string, object?> { ["code"] = RequestBodies.TooLargeCode });
        }
        catch (InvalidDataException e)
        {
            return Problems.Field(Core.FieldCodes.InvalidFormat, "body", e.Message);
        }
        var files = new FormFileCollection();
        files.AddRange(form.Files.GetFiles("files"));
        var result = await comments.AddAsync(user, id, form["body"].FirstOrDefault(), Uploads(files));
        if (Refused(result.Status, id) is { } refused) return refused;
        if (result.Status == CommentStatus.Invalid) return Problems.Fields(result.Problems);
        var names = await users.NamesAsync([user.Login]);
        return TypedResults.Created($"/api/instances/{Uri.EscapeDataString(id)}/comments", ToDto(result.Comment!, names));
    }

    public static IReadOnlyList<Upload> Uploads(IFormFileCollection? files) =>
        files?.Where(f => f.Length > 0 || f.FileName.Length > 0).Select(f => new Upload(f.FileName, f.OpenReadStream)).ToList() ?? [];

    private static ProblemHttpResult? Refused(CommentStatus status, string id) => status switch
    {
        CommentStatus.NotFound => Problems.NotFound($"Instance {id} does not exist."),
        CommentStatus.Forbidden => Problems.Forbidden("This instance is outside your scope."),
        _ => null,
    };

    private static CommentDto ToDto(Comment c, IReadOnlyDictionary<string, string> names) =>
        new(c.Id, c.Author, names.GetValueOrDefault(c.Author, c.Author), c.Body, c.Mentions, c.At, c.Attachments.Select(ToDto).ToList());

    /// <summary>下载附件 / an attachment's bytes, to whoever may read its instance: as a download under its own name.</summary>
    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAsync(string id, CurrentUser current, AttachmentReader reader,
        AttachmentFiles files, HttpResponse response)
    {
        var (status, attachment) = await reader.FindAsync(await current.GetAsync(), id);
        return status switch
        {
            AttachmentReadStatus.NotFound => Problems.NotFound($"Attachment {id} does not exist."),
            AttachmentReadStatus.Forbidden => Problems.Forbidden("This attachment's instance is outside your scope."),
            _ => Download(response, files, attachment!),
        };
    }

    /// <summary>
    /// The file as a download (Content-Disposition: attachment, with the RFC 5987 <c>filename*</c> for Chinese names),
    /// its content type the sniffed kind's, and nosniff so no browser renders it as something else.
    /// </summary>
    public static FileStreamHttpResult Download(HttpResponse response, AttachmentFiles files, Attachment attachment)
    {
        response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(files.Open(attachment), attachment.ContentType, attachment.Name);
    }
}
