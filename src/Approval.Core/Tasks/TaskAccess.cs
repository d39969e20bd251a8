using Approval.Core.Users;
using Approval.Engine.Runtime;

namespace Approval.Core.Tasks;

/// <summary>
/// Who may see and act on a task: administrators; the assignee; a candidate user; or a holder of a candidate
/// group (role) whose organization scope covers the task's organization.
/// </summary>
public sealed class TaskAccess(IOrgScope scope)
{
    public bool CanAct(AppUser user, TaskRecord task)
    {
        if (user.IsAdministrator) return true;
        if (task.Assignee == user.Login || task.CandidateUsers.Contains(user.Login)) return true;
        return user.Roles.Any(grant => task.CandidateGroups.Contains(grant.Role) && scope.Covers(grant.OrgId, task.OrgId));
    }
}

/// <summary>
/// Whether a role held at one organization covers another. A null grant covers everything. Until the
/// organization tree exists (issue 3) only the organization itself is covered; the tree replaces this.
/// </summary>
public interface IOrgScope
{
    bool Covers(string? grantOrgId, string? taskOrgId);
    /// <summary>The organizations a grant covers, for queries; null means every organization.</summary>
    IReadOnlyList<string>? CoveredOrgs(string? grantOrgId);
}

public sealed class ExactOrgScope : IOrgScope
{
    public bool Covers(string? grantOrgId, string? taskOrgId) => grantOrgId is null || grantOrgId == taskOrgId;
    public IReadOnlyList<string>? CoveredOrgs(string? grantOrgId) => grantOrgId is null ? null : [grantOrgId];
}
