using System.Text;
using Approval.Core.Mail;
using Approval.Core.Users;
using Approval.Engine.Runtime;
using Microsoft.Extensions.Options;

namespace Approval.Core.Comments;

/// <summary>
/// The mail to a person a comment mentions: who wrote what, on which subject, and the link to the instance's task
/// page (any of its tasks shows the instance to whoever may see it). One mail per comment and person, keyed so a
/// retry never sends it twice. In <see cref="Reminders.ReminderOptions.Language"/>, as the reminders are.
/// </summary>
public sealed class MentionMail(WorkflowRuntime runtime, IOptions<Reminders.ReminderOptions> reminders, IOptions<Configuration.PublicUrlOptions> site)
{
    private const int Excerpt = 500;

    public async Task<IReadOnlyList<(string Key, string? InstanceId, EmailMessage Mail)>> ComposeAsync(AppUser author, string instanceId, string commentId,
        string body, IReadOnlyList<AppUser> mentioned, IReadOnlyList<TaskRecord> tasks)
    {
        var zh = reminders.Value.Language != "en";
        string T(string c, string e) => zh ? c : e;
        var instance = await runtime.GetInstanceAsync(instanceId);
        var subject = instance?.Variables.TryGetValue("subjectName", out var name) == true && name.ValueKind == System.Text.Json.JsonValueKind.String ? name.GetString() : null;
        var task = tasks.OrderByDescending(t => t.Status == Engine.Runtime.TaskStatus.Open).ThenByDescending(t => t.CreatedAt).First();
        var link = $"{site.Value.PublicUrl.TrimEnd('/')}/tasks/{Uri.EscapeDataString(task.Id)}#comments";
        var about = subject is null || task.Name.Contains(subject, StringComparison.Ordinal) ? task.Name : $"{task.Name}（{subject}）";
        var excerpt = body.Length > Excerpt ? body[..Excerpt] + "…" : body;
        return mentioned.Where(p => !string.IsNullOrWhiteSpace(p.Email)).Select(p =>
        {
            var text = new StringBuilder()
                .AppendLine(T($"{p.DisplayName}同志：", $"Dear {p.DisplayName},")).AppendLine()
                .AppendLine(T($"{author.DisplayName}在“{about}”的评论中提到了您：", $"{author.DisplayName} mentioned you in a comment on '{about}':")).AppendLine()
                .AppendLine(excerpt).AppendLine()
                .AppendLine(T("查看并回复：", "Read and reply: ") + link)
                .ToString();
            var mail = new EmailMessage([new MailAddress(p.Email!, p.DisplayName)],
                T($"【星级创建】{author.DisplayName}在评论中提到了您：{about}", $"[Approval] {author.DisplayName} mentioned you: {about}"), text);
            return ($"mention:{commentId}:{p.Login}", (string?)instanceId, mail);
        }).ToList();
    }
}
