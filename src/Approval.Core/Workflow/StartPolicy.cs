using System.Text.Json;
using Approval.Core.Users;
using Approval.Engine.Model;

namespace Approval.Core.Workflow;

/// <summary>Whether a caller may start a process by hand, and if not why (a stable code and a message).</summary>
public sealed record StartDecision(bool Allowed, string? Code = null, string? Message = null)
{
    public static readonly StartDecision Allow = new(true);
}

/// <summary>
/// Who may start a deployed process through the generic API (issue 14 §1). The processes the application drives
/// (campaigns, cycles, notices, re-checks, obligations, grading) start only through their own pages and endpoints,
/// which build their variables themselves; any other process declares its starters (<c>camunda:candidateStarterGroups</c>,
/// <c>candidateStarterUsers</c>) or is started by administrators alone. A starter group holds only where its grant's
/// organization covers the organization the start binds to (the <c>orgId</c> variable).
/// </summary>
public sealed class StartPolicy(Tasks.IOrgScope scope)
{
    /// <summary>The shipped workflows' process ids (one process a file, named after it).</summary>
    public static readonly IReadOnlySet<string> DomainProcesses =
        Campaigns.ShippedWorkflows.Files.Select(Path.GetFileNameWithoutExtension).OfType<string>().ToHashSet(StringComparer.Ordinal);

    public StartDecision Check(AppUser user, ProcessDefinition process, IReadOnlyDictionary<string, JsonElement>? variables)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(process);
        if (DomainProcesses.Contains(process.Key))
            return new(false, "domain-process",
                $"“{process.Name ?? process.Key}”由评星活动、复检等页面发起，不能直接启动 / '{process.Key}' is started by the application's own pages and endpoints only.");
        if (user.IsAdministrator) return StartDecision.Allow;
        if (process.StarterGroups.Count == 0 && process.StarterUsers.Count == 0)
            return new(false, "no-starters", $"“{process.Name ?? process.Key}”未声明发起人，仅管理员可以发起 / '{process.Key}' declares no starters: administrators only.");
        if (process.StarterUsers.Contains(user.Login)) return StartDecision.Allow;
        var orgId = variables is not null && variables.TryGetValue("orgId", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var grants = user.Roles.Where(g => process.StarterGroups.Contains(g.Role)).ToList();
        if (grants.Count == 0)
            return new(false, "not-a-starter", $"您的角色不能发起“{process.Name ?? process.Key}” / your roles may not start '{process.Key}'.");
        if (orgId is not null && !grants.Any(g => scope.Covers(g.OrgId, orgId)))
            return new(false, "out-of-scope", $"组织 {orgId} 不在您的管辖范围内 / organization {orgId} is outside your scope.");
        return StartDecision.Allow;
    }
}
