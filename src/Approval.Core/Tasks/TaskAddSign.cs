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
        var signer = string.IsNullOrWhiteSpace(to) ? null : await users.FindByLoginAsync(to.Trim());
        if (string.IsNullOrWhiteSpace(to)) problems.Add(new(FieldCodes.Required, "to", "请选择加签人 / name the person to add."));
        else if (signer is null || signer.Disabled) problems.Add(new(FieldCodes.UnknownReference, "to", $"没有可用的账号“{to}” / no enabled account '{to}'."));
        else if (signer.Login == user.Login) problems.Add(new(FieldCodes.InvalidChoice, "to", "不能给自己加签 / you already hold the task."));
        else if (!access.WorksAt(signer, task.OrgId))
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
        var path = task.OrgId is null ? null : (await orgs.GetAsync(task.OrgId))?.Path;
        var orgIds = path?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var people = await users.HoldingAnyAsync(Roles.All.Where(r => r != Roles.Administrator).ToList(), orgIds, [], limit + 1);
        return people.Where(p => p.Login != user.Login && access.WorksAt(p, task.OrgId)).Take(limit).ToList();
    }
}
