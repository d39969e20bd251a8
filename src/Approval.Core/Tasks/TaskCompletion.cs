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
public sealed class TaskCompletion(WorkflowRuntime runtime, TaskAccess access, FormCatalog forms, FormContexts contexts, OrgStore orgs)
{
    public async Task<Completion> CompleteAsync(AppUser user, string taskId, FormSubmission submission)
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
        var completed = await runtime.CompleteTaskAsync(taskId, user.Login, outcome, comment, variables, access.OnBehalfOf(user, task)?.Login);
        return new(CompletionStatus.Completed, completed, []);
    }
}
