using Approval.Core.Users;
using Approval.Engine.Runtime;

namespace Approval.Core.Tasks;

/// <summary>
/// Who may see and act on a task: administrators; the assignee; or, while nobody is assigned, a candidate user
/// or a holder of a candidate group (role) whose organization scope covers the task's organization — the subtree for
/// reviewers, the organization itself for a secretary (<see cref="Roles.ActsOnSubtree"/>).
/// </summary>
public sealed class TaskAccess(IOrgScope scope)
{
    public bool CanAct(AppUser user, TaskRecord task) => user.IsAdministrator || Reaches(user, task) || OnBehalfOf(user, task) is not null;

    /// <summary>
    /// Whether the task reaches the person in their own right (no administrator exception): assigned to them, or
    /// unassigned and offered to them — the tasks a delegation (委托) hands on while they are away.
    /// </summary>
    public bool Reaches(AppUser person, TaskRecord task) =>
        task.Assignee is not null ? task.Assignee == person.Login : IsOfferedTo(person, task);

    /// <summary>委托: the delegator whose task this is and for whom <paramref name="user"/> acts now ("代"), or null.</summary>
    public AppUser? OnBehalfOf(AppUser user, TaskRecord task) => user.ActingFor.FirstOrDefault(d => Reaches(d, task));

    /// <summary>
    /// Whether <paramref name="person"/> holds the grant's role reaching the grant's organization, so every task offered
    /// to that grant is offered to them too (whom a grant's tasks may be delegated to). An administrator's global grant
    /// needs another administrator.
    /// </summary>
    public bool CouldHold(AppUser person, RoleGrant grant) =>
        grant.Role == Roles.Administrator && grant.OrgId is null ? person.IsAdministrator
        : person.Roles.Any(g => g.Role == grant.Role && (grant.OrgId is null ? g.OrgId is null : Reaches(g, grant.OrgId)));

    /// <summary>
    /// Whether the task, unassigned, is offered to the user: a candidate user, or a candidate role held over its
    /// organization. Unlike <see cref="CanAct"/> an administrator is no exception: whom a task may be handed to (转交).
    /// </summary>
    public bool IsOfferedTo(AppUser user, TaskRecord task) =>
        task.CandidateUsers.Contains(user.Login) || user.Roles.Any(grant => task.CandidateGroups.Contains(grant.Role) && Reaches(grant, task.OrgId));

    /// <summary>
    /// Whether the user holds a role (administration aside) that acts at the organization: who may be asked to sign
    /// one of its tasks (加签).
    /// </summary>
    public bool WorksAt(AppUser user, string? orgId) =>
        user.Roles.Any(grant => grant.Role != Roles.Administrator && Reaches(grant, orgId));

    /// <summary>Whether a grant acts at an organization: its subtree, or for a secretary the organization itself.</summary>
    private bool Reaches(RoleGrant grant, string? orgId) =>
        Roles.ActsOnSubtree(grant.Role) ? scope.Covers(grant.OrgId, orgId) : grant.OrgId is null || grant.OrgId == orgId;

    /// <summary>
    /// Whether the user may read an instance: administrators; whoever may act on or has done one of its tasks;
    /// an organization department or a secretary whose scope covers one of its tasks' organizations (a secretary reads
    /// the subtree, without acting on it).
    /// </summary>
    public bool CanView(AppUser user, IEnumerable<TaskRecord> tasks) =>
        user.IsAdministrator || tasks.Any(t => CanAct(user, t) || t.CompletedBy == user.Login || Sees(user, t.OrgId, Roles.OrgDepartment, Roles.Secretary));

    /// <summary>
    /// The approval tiers of a rating or demotion (分级授星): each must be completed by a different person, and their
    /// approvals form the ledger's approval chain.
    /// </summary>
    public static readonly IReadOnlyList<string> ApprovalTierElements = ["tier-approval", "re-examination", "upper-approval", "final-approval", "demotion-approval"];

    /// <summary>
    /// Separation of duties (issue 14 §4): the other tier of this instance that <paramref name="user"/> already
    /// completed, which forbids them this one; null when none. The same tier again (after a return) is allowed.
    /// </summary>
    public static TaskRecord? OtherTierDoneBy(AppUser user, TaskRecord task, IEnumerable<TaskRecord> instanceTasks) =>
        !ApprovalTierElements.Contains(task.ElementId) ? null
        : instanceTasks.FirstOrDefault(t => t.Id != task.Id && t.CompletedBy == user.Login && ApprovalTierElements.Contains(t.ElementId)
            && (t.ElementId != task.ElementId || t.OrgId != task.OrgId));

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
        tasks.Where(t => ConfidentialElements.Contains(t.ElementId) && !SeesUpward(user, t)).Select(t => t.Id).ToHashSet();

    /// <summary>A reviewer's internal note (内部意见) on the task, kept beside its public opinion; read upward only.</summary>
    public static string InternalNoteVariable(string taskId) => InternalNotePrefix + taskId;
    private const string InternalNotePrefix = "internalNote:";

    /// <summary>
    /// The instance variables <paramref name="user"/> may not read: the discipline opinion when its task is hidden,
    /// and the internal notes of tasks at organizations the user's roles do not reach from above.
    /// </summary>
    public IReadOnlySet<string> HiddenVariables(AppUser user, IReadOnlyCollection<TaskRecord> tasks, IEnumerable<string> variables)
    {
        var hidden = new HashSet<string>();
        if (HiddenOpinions(user, tasks).Count > 0) hidden.UnionWith(ConfidentialVariables);
        var byId = tasks.ToDictionary(t => t.Id);
        foreach (var name in variables.Where(v => v.StartsWith(InternalNotePrefix, StringComparison.Ordinal)))
            if (!byId.TryGetValue(name[InternalNotePrefix.Length..], out var task) || !SeesUpward(user, task)) hidden.Add(name);
        return hidden;
    }

    /// <summary>
    /// Whether a campaign (or anything held at <paramref name="rootOrgId"/> for a subtree) concerns the user: it is held
    /// within their scope, or one of their organizations lies under it (a branch takes part in the county's campaign).
    /// </summary>
    public bool TakesPart(AppUser user, string rootOrgId) =>
        user.IsAdministrator || user.Roles.Any(g => scope.Covers(g.OrgId, rootOrgId) || (g.OrgId is not null && scope.Covers(rootOrgId, g.OrgId)));

    /// <summary>
    /// An objector's name and contact are read by the investigating organization's department only — not by the
    /// levels above it, the rated organization, or administrators (issue 14 §4).
    /// </summary>
    public static bool SeesObjectors(AppUser user, string? investigatorOrgId) =>
        investigatorOrgId is not null && user.Roles.Any(g => g.Role == Roles.OrgDepartment && g.OrgId == investigatorOrgId);

    /// <summary>At or above the task's organization: administrators, or any role held at an organization covering it.</summary>
    private bool SeesUpward(AppUser user, TaskRecord task) => user.IsAdministrator || user.Roles.Any(g => scope.Covers(g.OrgId, task.OrgId));

    /// <summary>
    /// May act at <paramref name="orgId"/>: administrators, or one of <paramref name="roles"/> held at an organization
    /// covering it (a secretary: held at that organization itself).
    /// </summary>
    public bool Holds(AppUser user, string? orgId, params string[] roles) =>
        user.IsAdministrator || (orgId is not null && user.Roles.Any(g => roles.Contains(g.Role) && Reaches(g, orgId)));

    /// <summary>May read at <paramref name="orgId"/>: administrators, or one of <paramref name="roles"/> held anywhere above it or at it.</summary>
    public bool Sees(AppUser user, string? orgId, params string[] roles) =>
        user.IsAdministrator || (orgId is not null && user.Roles.Any(g => roles.Contains(g.Role) && scope.Covers(g.OrgId, orgId)));
}

/// <summary>Whether a role held at one organization covers another (its subtree). A null grant covers everything.</summary>
public interface IOrgScope
{
    bool Covers(string? grantOrgId, string? taskOrgId);
}
