using Approval.Core.Attachments;
using Approval.Core.Comments;
using Approval.Core.Users;
using Approval.Engine;

namespace Approval.Web.Pages.Shared;

/// <summary>
/// The comments section of the task and instance pages (<c>_Comments</c>): the comments with their files, the form
/// to add one, and the people the picker offers to mention (by name; by login only where two share a name).
/// </summary>
public sealed record CommentsView(string InstanceId, IReadOnlyList<Comment> Comments, IReadOnlyDictionary<string, string> Names,
    IReadOnlyList<AppUser> Candidates, IReadOnlyList<Problem> Problems, string? Posted, AttachmentOptions Limits)
{
    public const string BodyField = "commentBody";
    public const string FilesField = "commentFiles";

    public string NameOf(string login) => Names.GetValueOrDefault(login, login);

    /// <summary>What the picker writes after "@": the name, or the login where the name is not unique.</summary>
    public string MentionText(AppUser person) => Candidates.Count(c => c.DisplayName == person.DisplayName) > 1 ? person.Login : person.DisplayName;

    public string Accept => string.Join(",", Limits.AllowedExtensions.Select(e => "." + e));

    public static async Task<CommentsView> LoadAsync(InstanceComments comments, UserStore users, AttachmentOptions limits, AppUser user, string instanceId,
        IReadOnlyList<Problem>? problems = null, string? posted = null)
    {
        var (_, list) = await comments.ListAsync(user, instanceId);
        var candidates = await comments.MentionCandidatesAsync(user, instanceId);
        var names = await users.NamesAsync(list.Select(c => c.Author).Concat(list.SelectMany(c => c.Mentions)));
        return new(instanceId, list, names, candidates, problems ?? [], posted, limits);
    }

    /// <summary>A comment posted from a page: its text and files, as the API takes them.</summary>
    public static Task<CommentResult> PostAsync(InstanceComments comments, AppUser user, string instanceId, HttpRequest request) =>
        comments.AddAsync(user, instanceId, request.Form[BodyField].FirstOrDefault(), Api.CommentsApi.Uploads(FilesOf(request, FilesField)));

    /// <summary>The files posted under one field name.</summary>
    public static IFormFileCollection FilesOf(HttpRequest request, string name)
    {
        var files = new FormFileCollection();
        files.AddRange(request.Form.Files.GetFiles(name));
        return files;
    }

    /// <summary>A file's size as people read it.</summary>
    public static string Size(long bytes) => bytes < 1024 ? $"{bytes} B" : bytes < 1024 * 1024 ? $"{bytes / 1024.0:0.#} KB" : $"{bytes / 1024.0 / 1024.0:0.#} MB";
}
