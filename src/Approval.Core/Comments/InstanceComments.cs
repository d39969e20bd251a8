using System.Text.Json;
using Approval.Core.Attachments;
using Approval.Core.Infrastructure;
using Approval.Core.Mail;
using Approval.Core.Orgs;
using Approval.Core.Tasks;
using Approval.Core.Users;
using Approval.Engine;
using Approval.Engine.Runtime;
using Dapper;

namespace Approval.Core.Comments;

/// <summary>
/// 评论: comments on an instance, by whoever may see it (<see cref="TaskAccess.CanView"/>), read by the same people.
/// A comment is written once with its files and the mails to the people it mentions, in one transaction; nobody
/// edits or removes it (the table refuses it). Comments are not opinions: they never carry a confidential opinion,
/// and the people who may read them are exactly those who may read the instance.
/// </summary>
public sealed class InstanceComments(Database database, WorkflowRuntime runtime, TaskAccess access, UserStore users, OrgStore orgs,
    AttachmentFiles files, AttachmentStore attachments, MentionMail mail, TimeProvider clock)
{
    public const int MaxBodyLength = 2000;
    public const string FilesField = "files";

    /// <summary>Whether the user may read and write the instance's comments: Added when so, else NotFound or Forbidden.</summary>
    public async Task<CommentStatus> AccessAsync(AppUser user, string instanceId) => (await TasksAsync(user, instanceId)).Status;

    /// <summary>The instance's tasks, with whether the user may see it (or whether it exists).</summary>
    private async Task<(CommentStatus Status, IReadOnlyList<TaskRecord> Tasks)> TasksAsync(AppUser user, string instanceId)
    {
        if (await runtime.GetInstanceAsync(instanceId) is null) return (CommentStatus.NotFound, []);
        var tasks = await runtime.ListTasksAsync(instanceId);
        return access.CanView(user, tasks) ? (CommentStatus.Added, tasks) : (CommentStatus.Forbidden, tasks);
    }

    public async Task<(CommentStatus Status, IReadOnlyList<Comment> Comments)> ListAsync(AppUser user, string instanceId)
    {
        var (status, _) = await TasksAsync(user, instanceId);
        if (status != CommentStatus.Added) return (status, []);
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<(string Id, string Author, string Body, string Mentions, long At)>(
            "select id, author, body, mentions, created_at from comments where instance_id = @instanceId order by created_at, id", new { instanceId });
        var files = (await attachments.ForInstanceAsync(instanceId)).Where(a => a.CommentId is not null).ToLookup(a => a.CommentId!);
        return (status, rows.Select(r => new Comment(r.Id, instanceId, r.Author, r.Body, JsonSerializer.Deserialize<List<string>>(r.Mentions) ?? [],
            EpochTime.FromMs(r.At), files[r.Id].ToList())).ToList());
    }

    /// <summary>
    /// Adds a comment with its files. Refused whole (nothing written, no file left) when the text is empty or too long,
    /// a file fails a check, or a mention names someone who may not see the instance.
    /// </summary>
    public async Task<CommentResult> AddAsync(AppUser user, string instanceId, string? body, IReadOnlyList<Upload> uploads, CancellationToken ct = default)
    {
        var (status, tasks) = await TasksAsync(user, instanceId);
        if (status != CommentStatus.Added) return new(status, null, []);
        var text = body?.Trim() ?? "";
        if (text.Length == 0 && uploads.Count == 0) return Invalid(new(FieldCodes.Required, "body", "请填写评论内容或添加附件 / write a comment or attach a file."));
        if (text.Length > MaxBodyLength) return Invalid(new(FieldCodes.TooLong, "body", $"评论不超过 {MaxBodyLength} 字 / a comment is limited to {MaxBodyLength:N0} characters."));
        var tokens = Mentions.Tokens(text);
        var visible = tokens.Count == 0 ? [] : await CandidatesAsync(tasks);
        var (mentioned, problems) = Mentions.Resolve(tokens, visible, tokens.Count == 0 ? [] : await NamedAsync(tokens));
        if (problems.Count > 0) return new(CommentStatus.Invalid, null, problems);
        var (prepared, fileProblems) = await files.PrepareAsync(uploads, FilesField, ct);
        if (fileProblems.Count > 0) return new(CommentStatus.Invalid, null, fileProblems);

        var id = Guid.NewGuid().ToString();
        var now = clock.GetUtcNow();
        var notify = mentioned.Where(p => p.Login != user.Login).ToList();
        var mails = notify.Count == 0 ? [] : await mail.ComposeAsync(user, instanceId, id, text, notify, tasks);
        var stored = await attachments.WriteWithFilesAsync(prepared, async (c, t) =>
        {
            await c.ExecuteAsync("insert into comments (id, instance_id, author, body, mentions, created_at) values (@id, @instanceId, @author, @text, @mentions, @at)",
                new { id, instanceId, author = user.Login, text, mentions = JsonSerializer.Serialize(notify.Select(p => p.Login)), at = EpochTime.ToMs(now) }, t);
            var rows = await attachments.InsertAsync(c, t, prepared, new AttachmentOwner(instanceId, CommentId: id), user.Login);
            await EmailOutbox.QueueAsync(c, t, mails, now);
            return rows;
        });
        return new(CommentStatus.Added, new Comment(id, instanceId, user.Login, text, notify.Select(p => p.Login).ToList(), now, stored), [], mails.Count);
    }

    private static CommentResult Invalid(Problem problem) => new(CommentStatus.Invalid, null, [problem]);

    /// <summary>The people a comment may mention (the picker's list): enabled accounts who may see the instance, by name.</summary>
    public async Task<IReadOnlyList<AppUser>> MentionCandidatesAsync(AppUser user, string instanceId)
    {
        var (status, tasks) = await TasksAsync(user, instanceId);
        return status == CommentStatus.Added ? (await CandidatesAsync(tasks)).Where(p => p.Login != user.Login).ToList() : [];
    }

    /// <summary>
    /// Who may see an instance, found from its tasks: whoever may act on or did one of them, and the organization
    /// departments and secretaries at or above their organizations — each then checked as the instance page checks.
    /// </summary>
    private async Task<IReadOnlyList<AppUser>> CandidatesAsync(IReadOnlyList<TaskRecord> tasks)
    {
        var orgIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var orgId in tasks.Select(t => t.OrgId).OfType<string>().Distinct())
            if (await orgs.GetAsync(orgId) is { } org) orgIds.UnionWith(org.Path.Split('/', StringSplitOptions.RemoveEmptyEntries));
        var roles = tasks.SelectMany(t => t.CandidateGroups).Append(Roles.OrgDepartment).Append(Roles.Secretary).ToHashSet();
        var logins = tasks.SelectMany(t => t.CandidateUsers.Append(t.Assignee).Append(t.CompletedBy)).OfType<string>().ToHashSet();
        var people = await users.HoldingAnyAsync(roles, orgIds, logins, 500);
        return people.Where(p => access.CanView(p, tasks)).ToList();
    }

    /// <summary>Enabled accounts whose login or name is one of the tokens (to tell an outsider from a word).</summary>
    private async Task<IReadOnlyList<AppUser>> NamedAsync(IReadOnlyList<string> tokens)
    {
        await using var connection = await database.OpenAsync();
        var d = database.Dialect;
        var wanted = tokens.ToArray();
        var rows = await connection.QueryAsync<(string Id, string Login, string Name)>(
            $"select id, login, display_name from users where disabled_at is null and ({d.InList("login", "wanted")} or {d.InList("display_name", "wanted")}) limit 100", new { wanted });
        return rows.Select(r => new AppUser(r.Id, r.Login, r.Name, null, [])).ToList();
    }
}
