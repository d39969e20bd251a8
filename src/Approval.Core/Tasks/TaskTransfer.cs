using Approval.Engine;
using Approval.Core.Orgs;
using Approval.Core.Users;
using Approval.Engine.Runtime;

namespace Approval.Core.Tasks;

public enum TransferStatus { Transferred, NotFound, Forbidden, Invalid }

public sealed record Transfer(TransferStatus Status, TaskRecord? Task, IReadOnlyList<Problem> Problems);

/// <summary>
/// 转交: whoever may act on an open task hands it to another person who could act on it themselves — one of its
/// candidate users, or someone holding one of its candidate roles over its organization — with a reason for the
/// history. The task keeps its id, due date and reminders; the new holder has it alone.
/// </summary>
public sealed class TaskTransfer(WorkflowRuntime runtime, TaskAccess access, UserStore users, OrgStore orgs)
{
    public const int MaxReasonLength = 1000;

    public async Task<Transfer> TransferAsync(AppUser user, string taskId, string? to, string? reason)
    {
        var task = await runtime.GetTaskAsync(taskId);
        if (task is null) return new(TransferStatus.NotFound, null, []);
        if (!access.CanAct(user, task)) return new(TransferStatus.Forbidden, task, []);
        if (task.Status != Engine.Runtime.TaskStatus.Open) throw new TaskNotOpenException(taskId, task.Status);
        var problems = new List<Problem>();
        var target = await TaskPeople.NamedAsync(users, user, to, problems, "请选择转交给谁 / name the person to hand the task to.", "不能转交给自己 / the task is already yours.");
        // The new holder must be someone the task would have offered itself to: its candidates, in scope.
        if (target is not null && !access.IsOfferedTo(target, task))
            problems.Add(new(FieldCodes.NotPermitted, "to", $"{target.DisplayName} 不具备办理该事项的角色或不在其范围内 / {target.DisplayName} holds no role this task is offered to, in its organization's scope."));
        if (string.IsNullOrWhiteSpace(reason)) problems.Add(new(FieldCodes.Required, "reason", "请填写转交原因，它将记入办理记录 / say why; the reason is kept in the history."));
        else if (reason.Length > MaxReasonLength) problems.Add(new(FieldCodes.TooLong, "reason", $"转交原因不能超过 {MaxReasonLength} 字 / at most {MaxReasonLength} characters."));
        if (problems.Count > 0) return new(TransferStatus.Invalid, task, problems);
        return new(TransferStatus.Transferred, await runtime.TransferTaskAsync(taskId, target!.Login, user.Login, reason!), []);
    }

    /// <summary>Who the task could be handed to (the transfer form's choices): enabled accounts it is offered to, but the caller.</summary>
    public async Task<IReadOnlyList<AppUser>> CandidatesAsync(AppUser user, TaskRecord task, int limit = 100)
    {
        // Roles held at the task's organization or above it reach it (a secretary's only at the organization itself).
        var orgIds = await TaskPeople.OrgPathAsync(orgs, task.OrgId);
        var people = await users.HoldingAnyAsync(task.CandidateGroups, orgIds, task.CandidateUsers, limit + 1);
        return people.Where(p => p.Login != user.Login && access.IsOfferedTo(p, task)).Take(limit).ToList();
    }
}
