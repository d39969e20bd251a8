using System.Text.Json;
using Approval.Core.Forms;
using Approval.Core.Orgs;
using Approval.Core.Users;
using Approval.Engine;
using Approval.Engine.Runtime;

namespace Approval.Core.Tasks;

public enum CompletionStatus { Completed, NotFound, Forbidden, Invalid }

public sealed record Completion(CompletionStatus Status, TaskRecord? Task, IReadOnlyList<Problem> Problems);

/// <summary>
/// Completes a task for a user, through its form when it has one: the form checks the fields against the instance
/// (scheme, subject, earlier steps) and decides which variables the completion may set. Tasks without a form key
/// (hand-written test processes) keep the contract's free variables.
/// </summary>
public sealed class TaskCompletion(WorkflowRuntime runtime, TaskAccess access, FormCatalog forms, FormContexts contexts, OrgStore orgs,
    Attachments.AttachmentFiles files, Attachments.AttachmentStore attachments)
{
    public Task<Completion> CompleteAsync(AppUser user, string taskId, FormSubmission submission) => CompleteAsync(user, taskId, submission, []);

    /// <summary>
    /// With files for the form's file field (<see cref="TaskForm.FileField"/>): checked with the fields, stored before
    /// the completion and taken back when it does not happen, so a refused submission leaves no file behind.
    /// </summary>
    public async Task<Completion> CompleteAsync(AppUser user, string taskId, FormSubmission submission, IReadOnlyList<Attachments.Upload> uploads)
    {
        var task = await runtime.GetTaskAsync(taskId);
        if (task is null) return new(CompletionStatus.NotFound, null, []);
        if (!access.CanAct(user, task)) return new(CompletionStatus.Forbidden, task, []);
        // The same answer the runtime gives a completion that loses a race: a closed task is not re-validated.
        if (task.Status != Engine.Runtime.TaskStatus.Open) throw new TaskNotOpenException(taskId, task.Status);
        if (TaskAccess.ApprovalTierElements.Contains(task.ElementId)
            && TaskAccess.OtherTierDoneBy(user, task, await runtime.ListTasksAsync(task.InstanceId)) is { } other)
        {
            var where = other.OrgId is null ? null : (await orgs.GetAsync(other.OrgId))?.Name;
            return new(CompletionStatus.Invalid, task, [new(FieldCodes.NotPermitted, "outcome",
                $"您已审批过该对象的另一级（{where ?? other.ElementId}），同一人不能审批两级，请由本级其他人员办理 / you approved another tier of this subject ({where ?? other.ElementId}); one person cannot approve two tiers.")]);
        }
        if (uploads.Count > 0 && forms.For(task)?.FileField is null)
            return new(CompletionStatus.Invalid, task, [new(FieldCodes.NotPermitted, "attachments", "该事项不接受附件 / this task takes no files.")]);
        var (outcome, comment, variables) = (submission.Outcome, submission.Comment, submission.Values?.ToDictionary(kv => kv.Key, kv => kv.Value));
        if (task.FormKey is not null || forms.For(task) is not null)
        {
            var form = forms.For(task);
            if (form is null) return new(CompletionStatus.Invalid, task, [new(FieldCodes.UnknownReference, "formKey", $"Task form '{task.FormKey}' is not known to this server.")]);
            var instance = await runtime.GetInstanceAsync(task.InstanceId)
                ?? throw new InvalidOperationException($"Task {taskId} has no instance.");
            var result = form.Submit(await contexts.ForAsync(task, instance.Variables), submission);
            if (!result.Accepted) return new(CompletionStatus.Invalid, task, result.Problems);
            (outcome, comment, variables) = (result.Outcome, result.Comment, result.Variables);
        }
        else if (comment is { Length: > 4000 }) return new(CompletionStatus.Invalid, task, [new(FieldCodes.TooLong, "comment", "comment is limited to 4000 characters.")]);
        // 委托: a task of someone who delegated to the user is completed "代" them; the task keeps both names.
        var onBehalfOf = access.OnBehalfOf(user, task)?.Login;
        if (uploads.Count == 0) return new(CompletionStatus.Completed, await runtime.CompleteTaskAsync(taskId, user.Login, outcome, comment, variables, onBehalfOf), []);
        return await CompleteWithFilesAsync(user, task, outcome, comment, variables, uploads, onBehalfOf);
    }

    private async Task<Completion> CompleteWithFilesAsync(AppUser user, TaskRecord task, string? outcome, string? comment,
        Dictionary<string, JsonElement>? variables, IReadOnlyList<Attachments.Upload> uploads, string? onBehalfOf)
    {
        var field = forms.For(task)!.FileField!;
        var (prepared, problems) = await files.PrepareAsync(uploads, field);
        if (problems.Count > 0) return new(CompletionStatus.Invalid, task, problems);
        // The engine's transaction cannot take the rows, so they are written just before it and taken back if it
        // does not commit; until the task is completed, readers do not show them (AttachmentReader).
        var stored = await attachments.SaveAsync(prepared, new Attachments.AttachmentOwner(task.InstanceId, TaskId: task.Id, Field: field), user.Login);
        try
        {
            return new(CompletionStatus.Completed, await runtime.CompleteTaskAsync(task.Id, user.Login, outcome, comment, variables, onBehalfOf), []);
        }
        catch
        {
            await attachments.ForgetAsync(stored);
            throw;
        }
    }
}
