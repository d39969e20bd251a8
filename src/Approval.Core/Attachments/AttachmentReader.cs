using Approval.Core.Tasks;
using Approval.Core.Users;
using Approval.Engine.Runtime;

namespace Approval.Core.Attachments;

public enum AttachmentReadStatus { Found, NotFound, Forbidden }

/// <summary>
/// Who reads an attachment: whoever may see its instance (<see cref="TaskAccess.CanView"/>), as for the instance's
/// comments. A form's files are part of a submission: they show once the task is completed (a refused submission
/// took its files back), and not where the task's opinion is hidden from the reader (shown upward only). An
/// objection's files are the investigators': they are never shown on the public notice.
/// </summary>
public sealed class AttachmentReader(AttachmentStore store, WorkflowRuntime runtime, TaskAccess access)
{
    public async Task<(AttachmentReadStatus Status, Attachment? Attachment)> FindAsync(AppUser user, string id)
    {
        if (await store.GetAsync(id) is not { } attachment) return (AttachmentReadStatus.NotFound, null);
        var tasks = await runtime.ListTasksAsync(attachment.InstanceId);
        return Readable(user, tasks).Invoke(attachment) ? (AttachmentReadStatus.Found, attachment) : (AttachmentReadStatus.Forbidden, null);
    }

    /// <summary>The files of an instance's submitted forms and objections the user may read, oldest first (comments' files come with the comments).</summary>
    public async Task<IReadOnlyList<Attachment>> OfFormsAsync(AppUser user, string instanceId, IReadOnlyList<TaskRecord> tasks)
    {
        var readable = Readable(user, tasks);
        return (await store.ForInstanceAsync(instanceId)).Where(a => a.CommentId is null && readable(a)).ToList();
    }

    private Func<Attachment, bool> Readable(AppUser user, IReadOnlyList<TaskRecord> tasks)
    {
        if (!access.CanView(user, tasks)) return _ => false;
        var hidden = access.HiddenOpinions(user, tasks);
        var completed = tasks.Where(t => t.Status == Engine.Runtime.TaskStatus.Completed).Select(t => t.Id).ToHashSet();
        return a => a.TaskId is null || (completed.Contains(a.TaskId) && !hidden.Contains(a.TaskId));
    }
}
