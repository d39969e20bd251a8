using Approval.Core.Forms;
using Approval.Core.Users;
using Approval.Engine;
using Approval.Engine.Runtime;
using Microsoft.Extensions.Logging;

namespace Approval.Core.Tasks;

/// <summary>One task of a batch: done, or refused with why (nothing of it changed then).</summary>
public sealed record BatchItem(string TaskId, string? Name, bool Completed, IReadOnlyList<Problem> Problems);

/// <summary>A batch's answer: each task's result, or the problems that refused the whole batch before anything ran.</summary>
public sealed record BatchCompletion(IReadOnlyList<BatchItem> Items, IReadOnlyList<Problem> Problems)
{
    public int CompletedCount => Items.Count(i => i.Completed);
}

/// <summary>
/// 批量审批: many open tasks of one step (one element and form, in whichever process) completed with one outcome and one opinion. Each is
/// completed on its own, through its form and the same checks as a single completion, in its own transaction, so one
/// refusal (a form that needs more than an opinion, a task someone else just closed, another tier of the same
/// subject) leaves the others done and says why.
/// </summary>
public sealed class TaskBatch(TaskCompletion completion, WorkflowRuntime runtime, ILogger<TaskBatch> log)
{
    public const int MaxTasks = 200;

    public async Task<BatchCompletion> CompleteAsync(AppUser user, IReadOnlyList<string>? taskIds, string? outcome, string? comment)
    {
        var ids = (taskIds ?? []).Where(id => !string.IsNullOrWhiteSpace(id)).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0) return Refused(FieldCodes.Required, "请至少选择一项 / select at least one task.");
        if (ids.Count > MaxTasks) return Refused(FieldCodes.TooMany, $"一次最多批量办理 {MaxTasks} 项 / at most {MaxTasks} tasks at a time.");
        var tasks = new Dictionary<string, TaskRecord>(StringComparer.Ordinal);
        foreach (var id in ids)
            if (await runtime.GetTaskAsync(id) is { } task) tasks[id] = task;
        if (tasks.Values.Select(t => (t.ElementId, t.FormKey)).Distinct().Count() > 1)
            return Refused(FieldCodes.Inconsistent, "批量审批只能选择同一环节的事项，请先按环节筛选 / a batch holds tasks of one step; filter by step first.");

        var items = new List<BatchItem>(ids.Count);
        foreach (var id in ids)
        {
            var task = tasks.GetValueOrDefault(id);
            if (task is null)
            {
                items.Add(new(id, null, false, [new(FieldCodes.UnknownReference, "taskId", "该事项不存在 / no such task.")]));
                continue;
            }
            items.Add(await CompleteOneAsync(user, task, outcome, comment));
        }
        return new(items, []);
    }

    private async Task<BatchItem> CompleteOneAsync(AppUser user, TaskRecord task, string? outcome, string? comment)
    {
        try
        {
            var done = await completion.CompleteAsync(user, task.Id, new FormSubmission(outcome, comment, null));
            return done.Status switch
            {
                CompletionStatus.Completed => new(task.Id, task.Name, true, []),
                CompletionStatus.Forbidden => new(task.Id, task.Name, false, [new(FieldCodes.NotPermitted, "taskId", "您无权办理该事项 / you may not act on this task.")]),
                CompletionStatus.NotFound => new(task.Id, task.Name, false, [new(FieldCodes.UnknownReference, "taskId", "该事项不存在 / no such task.")]),
                _ => new(task.Id, task.Name, false, done.Problems),
            };
        }
        catch (TaskNotOpenException)
        {
            return new(task.Id, task.Name, false, [new(FieldCodes.WrongState, "taskId", "该事项已经办结 / the task is already closed.")]);
        }
        catch (InstanceSuspendedException)
        {
            return new(task.Id, task.Name, false, [new(FieldCodes.WrongState, "taskId", "该流程已被管理员挂起，恢复后才能办理 / the instance is suspended until an administrator resumes it.")]);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One task's failure (a fault in its process) must not stop the others: it is logged and reported.
            log.LogError(e, "Batch completion of task {TaskId} failed", task.Id);
            return new(task.Id, task.Name, false, [new(FieldCodes.WrongState, "taskId", "办理失败，流程出现异常，请单独办理或联系管理员 / the process failed; complete it alone or ask an administrator.")]);
        }
    }

    private static BatchCompletion Refused(string code, string message) => new([], [new(code, "taskIds", message)]);
}
