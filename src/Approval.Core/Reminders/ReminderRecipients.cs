using System.Data.Common;
using Approval.Core.Infrastructure;
using Approval.Core.Users;
using Dapper;

namespace Approval.Core.Reminders;

/// <summary>An open or closed task as a reminder mail describes it.</summary>
public sealed record RemindedTask(string Id, string Name, string? OrgId, string? OrgName, string? ParentOrgId, DateTimeOffset? DueAt, string Status,
    string? Assignee, IReadOnlyList<string> CandidateUsers, IReadOnlyList<string> CandidateGroups);

public sealed record Recipient(string UserId, string Name, string? Email);

/// <summary>
/// Who a reminder goes to. A task's own reminders go to its assignee, or else to its candidate users and to the
/// holders of its candidate groups at the task's own organization (not every holder above it, who may act but is
/// not the one being reminded); an escalation goes to the organization department
/// (<c>org-department</c>) of the organization above (DOMAIN.md: the upper organization is told).
/// </summary>
public static class ReminderRecipients
{
    private static int Chunk(DbConnection c) => SqlDialect.Of(c).ListChunk;


    public static async Task<Dictionary<string, RemindedTask>> LoadTasksAsync(DbConnection c, DbTransaction t, IReadOnlyCollection<string> taskIds)
    {
        var tasks = new Dictionary<string, RemindedTask>(StringComparer.Ordinal);
        foreach (var chunk in taskIds.Distinct().Chunk(Chunk(c)))
        {
            var rows = await c.QueryAsync<TaskRow>($"""
                select t.id, t.name, t.org_id, o.name as org_name, o.parent_id as parent_org_id, t.due_at, t.status, t.assignee
                from tasks t left join organizations o on o.id = t.org_id where {SqlDialect.Of(c).InList("t.id", "ids")}
                """, new { ids = chunk }, t);
            var candidates = (await c.QueryAsync<(string task_id, string kind, string value)>(
                $"select task_id, kind, value from task_candidates where {SqlDialect.Of(c).InList("task_id", "ids")}", new { ids = chunk }, t)).ToLookup(x => x.task_id);
            foreach (var r in rows)
                tasks[r.id] = new RemindedTask(r.id, r.name, r.org_id, r.org_name, r.parent_org_id, EpochTime.FromMs(r.due_at), r.status, r.assignee,
                    candidates[r.id].Where(x => x.kind == "user").Select(x => x.value).ToList(),
                    candidates[r.id].Where(x => x.kind == "group").Select(x => x.value).ToList());
        }
        return tasks;
    }

    /// <summary>The recipients of each (task, kind), resolved with one query for the role holders of all the organizations involved.</summary>
    /// <remarks>
    /// 委托: a recipient away at <paramref name="now"/> (an active delegation) is replaced by their delegate, who holds
    /// their tasks meanwhile; an escalation to an away department goes to its delegate too.
    /// </remarks>
    public static async Task<Func<RemindedTask, string, IReadOnlyList<Recipient>>> ResolverAsync(DbConnection c, DbTransaction t, IEnumerable<RemindedTask> tasks,
        DateTimeOffset now)
    {
        var list = tasks.ToList();
        var orgIds = list.SelectMany(x => new[] { x.OrgId, x.ParentOrgId }).OfType<string>().Distinct().ToList();
        var holders = new List<(string user_id, string role, string org_id)>();
        foreach (var chunk in orgIds.Chunk(Chunk(c)))
            holders.AddRange(await c.QueryAsync<(string, string, string)>(
                $"select user_id, role, org_id from user_roles where {SqlDialect.Of(c).InList("org_id", "ids")}", new { ids = chunk }, t));
        var byOrgRole = holders.ToLookup(h => (h.org_id, h.role), h => h.user_id);
        // Role holders are user ids; an assignee and candidate users are logins.
        var users = new Dictionary<string, Recipient>(StringComparer.Ordinal);
        var byLogin = new Dictionary<string, Recipient>(StringComparer.Ordinal);
        var loginOf = new Dictionary<string, string>(StringComparer.Ordinal);
        async Task LoadAsync(string column, IEnumerable<string> keys)
        {
            foreach (var chunk in keys.Distinct().Chunk(Chunk(c)))
                foreach (var u in await c.QueryAsync<(string id, string login, string display_name, string? email)>(
                    $"select id, login, display_name, email from users where {SqlDialect.Of(c).InList(column, "ids")}", new { ids = chunk }, t))
                {
                    var recipient = new Recipient(u.id, u.display_name, string.IsNullOrWhiteSpace(u.email) ? null : u.email);
                    users[u.id] = recipient;
                    byLogin[u.login] = recipient;
                    loginOf[u.id] = u.login;
                }
        }
        await LoadAsync("id", holders.Select(h => h.user_id));
        await LoadAsync("login", list.SelectMany(x => x.CandidateUsers.Append(x.Assignee).OfType<string>()));
        var delegates = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in loginOf.Values.Distinct().Chunk(Chunk(c)))
            foreach (var d in await c.QueryAsync<(string delegator, string @delegate)>(
                Delegations.DelegationStore.ActiveFromSql(SqlDialect.Of(c)), new { logins = chunk, now = EpochTime.ToMs(now) }, t))
                delegates[d.delegator] = d.@delegate;
        await LoadAsync("login", delegates.Values.Where(l => !byLogin.ContainsKey(l)));
        Recipient Present(Recipient r) =>
            loginOf.TryGetValue(r.UserId, out var login) && delegates.TryGetValue(login, out var to) && byLogin.TryGetValue(to, out var d) ? d : r;

        return (task, kind) =>
        {
            IEnumerable<Recipient?> found = kind == ReminderKinds.Escalation
                ? task.ParentOrgId is null ? [] : byOrgRole[(task.ParentOrgId, Roles.OrgDepartment)].Select(users.GetValueOrDefault)
                : task.Assignee is not null ? [byLogin.GetValueOrDefault(task.Assignee)]
                : task.CandidateUsers.Select(byLogin.GetValueOrDefault)
                    .Concat(task.OrgId is null ? [] : task.CandidateGroups.SelectMany(g => byOrgRole[(task.OrgId, g)]).Select(users.GetValueOrDefault));
            return found.OfType<Recipient>().Select(Present).DistinctBy(r => r.UserId).ToList();
        };
    }

    private sealed record TaskRow(string id, string name, string? org_id, string? org_name, string? parent_org_id, long? due_at, string status, string? assignee);
}
