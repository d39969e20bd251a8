using System.Text;
using Approval.Core.Infrastructure;
using Approval.Core.Users;
using Approval.Core.Workflow;
using Approval.Engine.Runtime;
using Dapper;

namespace Approval.Core.Tasks;

/// <summary>
/// What the inbox asks for. <see cref="CompletedBy"/> lists a user's done tasks (已办) instead of what they may act on;
/// <see cref="CampaignId"/> keeps the tasks of one campaign's instances; <see cref="OverdueAt"/> keeps open tasks
/// due before that moment.
/// </summary>
public sealed record TaskFilter(
    string Status = "open", string? Assignee = null, string? CandidateGroup = null, string? OrgId = null, int Page = 1, int PageSize = 50)
{
    public string? CompletedBy { get; init; }
    public string? CampaignId { get; init; }
    public string? ElementId { get; init; }
    public DateTimeOffset? OverdueAt { get; init; }
    public bool DueLatestFirst { get; init; }
}

public sealed record TaskPage(IReadOnlyList<TaskRecord> Items, int Total, int Page, int PageSize);

/// <summary>The inbox query: tasks the user may act on, filtered, soonest due first, one page at a time.</summary>
public sealed class TaskQueries(Database database, IOrgScope scope)
{
    public async Task<TaskPage> ListAsync(AppUser user, TaskFilter filter)
    {
        var args = new DynamicParameters();
        var where = new StringBuilder("t.status = @status");
        args.Add("status", filter.Status);
        if (filter.CompletedBy is not null) { where.Append(" and t.completed_by = @completedBy"); args.Add("completedBy", filter.CompletedBy); }
        else if (!user.IsAdministrator) where.Append(" and (").Append(VisibilityClause(user, args)).Append(')');
        if (filter.CampaignId is not null)
        {
            where.Append(" and exists (select 1 from instances i where i.id = t.instance_id and i.business_key = @businessKey)");
            args.Add("businessKey", Campaigns.CampaignService.BusinessKey(filter.CampaignId));
        }
        if (filter.ElementId is not null) { where.Append(" and t.element_id = @elementId"); args.Add("elementId", filter.ElementId); }
        if (filter.OverdueAt is { } now) { where.Append(" and t.due_at < @now"); args.Add("now", EpochTime.ToMs(now)); }
        if (filter.Assignee is not null) { where.Append(" and t.assignee = @assignee"); args.Add("assignee", filter.Assignee); }
        if (filter.OrgId is not null) { where.Append(" and t.org_id = @orgId"); args.Add("orgId", filter.OrgId); }
        if (filter.CandidateGroup is not null)
        {
            where.Append(" and exists (select 1 from task_candidates g where g.task_id = t.id and g.kind = 'group' and g.value = @group)");
            args.Add("group", filter.CandidateGroup);
        }
        args.Add("limit", filter.PageSize);
        args.Add("offset", (long)(filter.Page - 1) * filter.PageSize);

        await using var connection = await database.OpenAsync();
        var total = await connection.ExecuteScalarAsync<long>($"select count(*) from tasks t where {where}", args);
        var rows = (await connection.QueryAsync<TaskRow>(
            $"select t.* from tasks t where {where} order by {Order(filter)} limit @limit offset @offset",
            args)).ToList();
        var candidates = rows.Count == 0 ? [] : (await connection.QueryAsync<(string TaskId, string Kind, string Value)>(
            $"select task_id, kind, value from task_candidates where {database.InList("task_id", "ids")} order by value", new { ids = rows.Select(r => r.id).ToArray() })).ToList();
        var byTask = candidates.ToLookup(c => c.TaskId);
        var items = rows.Select(r => r.ToRecord(
            byTask[r.id].Where(c => c.Kind == "user").Select(c => c.Value).ToList(),
            byTask[r.id].Where(c => c.Kind == "group").Select(c => c.Value).ToList())).ToList();
        return new TaskPage(items, (int)total, filter.Page, filter.PageSize);
    }

    private static string Order(TaskFilter filter) =>
        filter.CompletedBy is not null ? "t.completed_at desc, t.id"
        : filter.DueLatestFirst ? "case when t.due_at is null then 1 else 0 end, t.due_at desc, t.created_at, t.id"
        : "case when t.due_at is null then 1 else 0 end, t.due_at, t.created_at, t.id";

    private string VisibilityClause(AppUser user, DynamicParameters args)
    {
        args.Add("login", user.Login);
        // Mirrors TaskAccess.CanAct: candidates count only while nobody is assigned.
        var candidates = new List<string>
        {
            "exists (select 1 from task_candidates u where u.task_id = t.id and u.kind = 'user' and u.value = @login)",
        };
        var i = 0;
        foreach (var grant in user.Roles)
        {
            var role = $"role{i}";
            args.Add(role, grant.Role);
            var groupMatch = $"exists (select 1 from task_candidates g{i} where g{i}.task_id = t.id and g{i}.kind = 'group' and g{i}.value = @{role})";
            var orgs = Roles.ActsOnSubtree(grant.Role) ? scope.CoveredOrgs(grant.OrgId) : grant.OrgId is null ? null : [grant.OrgId];
            if (orgs is null) candidates.Add(groupMatch);
            else
            {
                args.Add($"orgs{i}", orgs.ToArray());
                candidates.Add($"({groupMatch} and {database.InList("t.org_id", $"orgs{i}")})");
            }
            i++;
        }
        return $"t.assignee = @login or (t.assignee is null and ({string.Join(" or ", candidates)}))";
    }
}
