using Approval.Core.Orgs;
using Approval.Core.Users;
using Approval.Engine;
using Approval.Engine.Execution;
using Approval.Engine.Runtime;

namespace Approval.Core.Tasks;

public enum AddSignStatus { Added, NotFound, Forbidden, Invalid }

public sealed record AddSign(AddSignStatus Status, TaskRecord? Task, IReadOnlyList<Problem> Problems);

/// <summary>
/// 加签: whoever may act on an open task asks a named person in its organization's scope — someone holding a role
/// that reaches the task's organization (a reviewer above it, its own secretary) — to sign the same step before them
/// (their opinion first, then the task comes back) or after them (the step is done when the signer completes it).
/// </summary>
public sealed class TaskAddSign(WorkflowRuntime runtime, TaskAccess access, UserStore users, OrgStore orgs)
{
    public const int MaxReasonLength = 1000;

    public async Task<AddSign> AddAsync(AppUser user, string taskId, string? to, string? position, string? reason)
    {
        var task = await runtime.GetTaskAsync(taskId);
        if (task is null) return new(AddSignStatus.NotFound, null, []);
        if (!access.CanAct(user, task)) return new(AddSignStatus.Forbidden, task, []);
        if (task.Status != Engine.Runtime.TaskStatus.Open) throw new TaskNotOpenException(taskId, task.Status);
        var problems = new List<Problem>();
        var signer = await TaskPeople.NamedAsync(users, user, to, problems, "请选择加签人 / name the person to add.", "不能给自己加签 / you already hold the task.");
        if (signer is not null && !access.WorksAt(signer, task.OrgId))
            problems.Add(new(FieldCodes.NotPermitted, "to", $"{signer.DisplayName} 不在该事项所属组织的范围内任职 / {signer.DisplayName} holds no role over the task's organization."));
        if (position is not (AddedSign.Before or AddedSign.After))
            problems.Add(new(FieldCodes.InvalidChoice, "position", "请选择在本人之前或之后加签 / position is before or after."));
        if (string.IsNullOrWhiteSpace(reason)) problems.Add(new(FieldCodes.Required, "reason", "请填写加签原因，它将记入办理记录 / say why; the reason is kept in the history."));
        else if (reason.Length > MaxReasonLength) problems.Add(new(FieldCodes.TooLong, "reason", $"加签原因不能超过 {MaxReasonLength} 字 / at most {MaxReasonLength} characters."));
        if (problems.Count > 0) return new(AddSignStatus.Invalid, task, problems);
        return new(AddSignStatus.Added, await runtime.AddSignAsync(taskId, signer!.Login, position!, user.Login, reason!), []);
    }

    /// <summary>Whom a signer may be (the form's choices): enabled accounts holding a role that reaches the task's organization, the caller aside.</summary>
    public async Task<IReadOnlyList<AppUser>> CandidatesAsync(AppUser user, TaskRecord task, int limit = 100)
    {
        var orgIds = await TaskPeople.OrgPathAsync(orgs, task.OrgId);
        var people = await users.HoldingAnyAsync(Roles.All.Where(r => r != Roles.Administrator).ToList(), orgIds, [], limit + 1);
        return people.Where(p => p.Login != user.Login && access.WorksAt(p, task.OrgId)).Take(limit).ToList();
    }
}
