using Approval.Core.Users;
using Approval.Engine.Runtime;

namespace Approval.Core.Tasks;

/// <summary>
/// Who may see and act on a task: administrators; the assignee; or, while nobody is assigned, a candidate user
/// or a holder of a candidate group (role) whose organization scope covers the task's organization.
/// </summary>
public sealed class TaskAccess(IOrgScope scope)
{
    public bool CanAct(AppUser user, TaskRecord task)
    {
        if (user.IsAdministrator) return true;
        if (task.Assignee is not null) return task.Assignee == user.Login;
        if (task.CandidateUsers.Contains(user.Login)) return true;
        return user.Roles.Any(grant => task.CandidateGroups.Contains(grant.Role) && scope.Covers(grant.OrgId, task.OrgId));
    }

    /// <summary>
    /// Whether the user may read an instance: administrators; whoever may act on or has done one of its tasks;
    /// an organization department whose scope covers one of its tasks' organizations.
    /// </summary>
    public bool CanView(AppUser user, IEnumerable<TaskRecord> tasks) =>
        user.IsAdministrator || tasks.Any(t => CanAct(user, t) || t.CompletedBy == user.Login || Holds(user, t.OrgId, Roles.OrgDepartment));

    /// <summary>The steps whose opinions are confidential: the discipline department's view of a proposed result.</summary>
    public static readonly IReadOnlySet<string> ConfidentialElements = new HashSet<string> { "discipline-opinion" };

    /// <summary>The variables those steps set.</summary>
    public static readonly IReadOnlySet<string> ConfidentialVariables = new HashSet<string> { "disciplineOpinion" };

    /// <summary>
    /// The confidential tasks of an instance whose outcome and opinion <paramref name="user"/> may not read: "shown only
    /// upward" — to administrators and to any role held at or above the task's organization (the assessor's), never to
    /// the rated organization below it.
    /// </summary>
    public IReadOnlySet<string> HiddenOpinions(AppUser user, IEnumerable<TaskRecord> tasks) =>
        user.IsAdministrator
            ? new HashSet<string>()
            : tasks.Where(t => ConfidentialElements.Contains(t.ElementId) && !user.Roles.Any(g => scope.Covers(g.OrgId, t.OrgId)))
                .Select(t => t.Id).ToHashSet();

    /// <summary>Administrators, or one of <paramref name="roles"/> held at an organization covering <paramref name="orgId"/>.</summary>
    public bool Holds(AppUser user, string? orgId, params string[] roles) =>
        user.IsAdministrator || (orgId is not null && user.Roles.Any(g => roles.Contains(g.Role) && scope.Covers(g.OrgId, orgId)));
}

/// <summary>Whether a role held at one organization covers another (its subtree). A null grant covers everything.</summary>
public interface IOrgScope
{
    bool Covers(string? grantOrgId, string? taskOrgId);
    /// <summary>The organizations a grant covers, for queries; null means every organization.</summary>
    IReadOnlyList<string>? CoveredOrgs(string? grantOrgId);
}
