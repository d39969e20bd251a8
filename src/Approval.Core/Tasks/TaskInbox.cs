using System.Globalization;
using Approval.Core.Infrastructure;
using Approval.Core.Users;
using Dapper;

namespace Approval.Core.Tasks;

/// <summary>
/// The inbox's SQL (issue 15). A task reaches a user in a few ways — assigned to them, offered to them by name, or
/// offered to a role they hold over the task's organization — and each way is one branch read from an index already
/// in the page's order (due, then id), so a branch stops after a page of rows; the page is the first rows of their
/// union. A role's scope is one range of <c>task_candidates.org_key</c> (the organization's scope key), never a list
/// of its subtree. The total is counted up to <see cref="TotalCap"/> and shown as "1000+" beyond.
/// </summary>
public static class TaskInbox
{
    /// <summary>The due key of a task without a due date: it sorts after every dated task.</summary>
    public const long NoDue = long.MaxValue;

    /// <summary>Totals are exact up to here; beyond, a page says "1000+" (counting 420,000 rows to say so costs seconds).</summary>
    public const int TotalCap = 1000;

    public static long DueKey(DateTimeOffset? due) => due is { } d ? EpochTime.ToMs(d) : NoDue;

    /// <summary>
    /// The page's SQL (task rows with their sort key <c>k</c>, in page order) and the capped count's SQL, with their
    /// arguments. <paramref name="scopeKeys"/> holds the scope key of each grant's organization and of the filter's
    /// organization, when known.
    /// </summary>
    public static (string Page, string Count, DynamicParameters Args) Build(AppUser user, TaskFilter filter, IReadOnlyDictionary<string, string> scopeKeys)
    {
        var args = new DynamicParameters();
        var builder = new Builder(filter, args);
        var branches = filter.CompletedBy is not null ? [builder.Done(filter.CompletedBy)]
            : filter.Status != "open" ? [builder.Closed(user)]
            : Open(user, filter, scopeKeys, builder);
        var desc = filter.CompletedBy is not null || filter.DueLatestFirst;
        var dir = desc ? "desc" : "";
        args.Add("pageSize", filter.PageSize);
        args.Add("offset", filter.After is null ? (long)(filter.Page - 1) * filter.PageSize : 0L);
        args.Add("cap", TotalCap + 1);
        // No branch (仅看代办 with nobody away): an empty read by key, which no plan turns into a pass over tasks.
        if (branches.Count == 0) branches.Add(new Branch("select t.id as id, 0 as k from tasks t where t.id = '' and 1 = 0", "select t.id as id from tasks t where t.id = '' and 1 = 0"));
        var union = string.Join("\nunion ", branches.Select((b, i) => $"select * from ({b.Page}) b{i}"));
        var page = $"""
            select t.*, u.k from ({union}) u join tasks t on t.id = u.id
            order by u.k {dir}, u.id {dir} limit @pageSize offset @offset
            """;
        var count = $"select count(*) from ({string.Join("\nunion ", branches.Select((b, i) => $"select * from ({b.Count} limit @cap) c{i}"))}) u";
        return (page, count, args);
    }

    private static List<Branch> Open(AppUser user, TaskFilter filter, IReadOnlyDictionary<string, string> scopeKeys, Builder builder)
    {
        if (user.IsAdministrator && !filter.DelegatedOnly) return builder.Tasks(null, filter.Assignee);
        var branches = filter.DelegatedOnly ? [] : Reaching(user, filter, scopeKeys, builder);
        // 委托: the tasks that reach each person who delegated to the user now, by the same indexed branches as theirs
        // (never further: a delegator is never a delegate at the same time, so there is no chain to follow).
        if (filter.Assignee is null)
            foreach (var delegator in user.ActingFor) branches.AddRange(Reaching(delegator, filter, scopeKeys, builder));
        return branches;
    }

    /// <summary>The branches of the tasks that reach a person in their own right: assigned, offered by name, offered to a role they hold.</summary>
    private static List<Branch> Reaching(AppUser user, TaskFilter filter, IReadOnlyDictionary<string, string> scopeKeys, Builder builder)
    {
        var branches = new List<Branch>();
        if (filter.Assignee is null || filter.Assignee == user.Login) branches.AddRange(builder.Tasks(user.Login, null));
        if (filter.Assignee is not null) return branches;
        branches.Add(builder.Candidates("user", user.Login, null));
        foreach (var grant in user.Roles.Where(g => filter.CandidateGroup is null || g.Role == filter.CandidateGroup))
        {
            if (grant.OrgId is null) branches.Add(builder.Candidates("group", grant.Role, null));
            else if (!scopeKeys.TryGetValue(grant.OrgId, out var key)) branches.Add(builder.Candidates("group", grant.Role, new Scope(null, null, grant.OrgId)));
            else if (Roles.ActsOnSubtree(grant.Role)) branches.Add(builder.Candidates("group", grant.Role, new Scope(key, Orgs.OrgDirectory.PathEnd(key), null)));
            else branches.Add(builder.Candidates("group", grant.Role, new Scope(key, null, null)));
        }
        return branches;
    }

    /// <summary>A grant's reach: a range of scope keys (From…To), one key (From), or, for an organization without a key, its id.</summary>
    private sealed record Scope(string? From, string? To, string? UnknownOrgId);

    private sealed record Branch(string Page, string Count);

    private sealed class Builder(TaskFilter filter, DynamicParameters args)
    {
        private int _next;
        private bool Desc => filter.DueLatestFirst;
        private string Dir => Desc ? "desc" : "";

        private string Arg(object? value)
        {
            var name = $"a{_next++}";
            args.Add(name, value);
            return "@" + name;
        }

        /// <summary>Conditions on the task row itself (alias t): step, campaign, organization, candidate group.</summary>
        private string TaskConditions(bool orgByKey)
        {
            var where = "";
            if (filter.ElementId is not null) where += $" and t.element_id = {Arg(filter.ElementId)}";
            if (filter.CampaignId is not null)
                where += $" and exists (select 1 from instances i where i.id = t.instance_id and i.business_key = {Arg(Campaigns.CampaignService.BusinessKey(filter.CampaignId))})";
            if (filter.OrgId is not null && !orgByKey) where += $" and t.org_id = {Arg(filter.OrgId)}";
            if (filter.CandidateGroup is not null && !orgByKey)
                where += $" and exists (select 1 from task_candidates g where g.task_id = t.id and g.kind = 'group' and g.value = {Arg(filter.CandidateGroup)})";
            return where;
        }

        /// <summary>Open tasks read from the tasks table: assigned to <paramref name="assignee"/>, or all (administrators).</summary>
        public List<Branch> Tasks(string? assignee, string? filterAssignee)
        {
            var who = assignee ?? filterAssignee;
            var common = $"t.status = 'open'{(who is null ? "" : $" and t.assignee = {Arg(who)}")}{TaskConditions(orgByKey: false)}";
            var after = filter.After;
            var branches = new List<Branch>();
            // Dated and undated tasks are two ranges of the same index: "no due date last" is not an order an index on
            // due_at has on both databases (SQLite sorts nulls first, PostgreSQL last).
            var dated = $"{common} and t.due_at is not null";
            if (filter.OverdueAt is { } now) dated += $" and t.due_at < {Arg(EpochTime.ToMs(now))}";
            var datedAfter = after is null ? "" : after.Key == NoDue ? (Desc ? "" : " and 1 = 0")
                : Desc ? $" and t.due_at <= {Arg(after.Key)} and (t.due_at < {Arg(after.Key)} or t.id < {Arg(after.Id)})"
                : $" and t.due_at >= {Arg(after.Key)} and (t.due_at > {Arg(after.Key)} or t.id > {Arg(after.Id)})";
            if (!datedAfter.Contains("1 = 0", StringComparison.Ordinal))
                branches.Add(new($"select t.id as id, t.due_at as k from tasks t where {dated}{datedAfter} order by t.due_at {Dir}, t.id {Dir} limit {Take()}",
                    $"select t.id as id from tasks t where {dated}"));
            if (filter.OverdueAt is not null) return branches;
            var undated = $"{common} and t.due_at is null";
            var undatedAfter = after is null ? "" : after.Key != NoDue ? (Desc ? " and 1 = 0" : "")
                : $" and t.id {(Desc ? "<" : ">")} {Arg(after.Id)}";
            if (!undatedAfter.Contains("1 = 0", StringComparison.Ordinal))
                branches.Add(new($"select t.id as id, {NoDue} as k from tasks t where {undated}{undatedAfter} order by t.id {Dir} limit {Take()}",
                    $"select t.id as id from tasks t where {undated}"));
            return branches;
        }

        /// <summary>Open, unassigned tasks offered to a user by name or to a role within a scope: one range of the inbox index.</summary>
        public Branch Candidates(string kind, string value, Scope? scope)
        {
            var where = $"c.kind = '{kind}' and c.value = {Arg(value)} and c.inbox = 1";
            if (scope is { UnknownOrgId: { } orgId }) where += $" and c.org_key is null and exists (select 1 from tasks o where o.id = c.task_id and o.org_id = {Arg(orgId)})";
            else if (scope is { To: { } to }) where += $" and c.org_key >= {Arg(scope.From)} and c.org_key < {Arg(to)}";
            else if (scope is not null) where += $" and c.org_key = {Arg(scope.From)}";
            if (filter.OrgId is not null) where += $" and c.org_key = (select s.scope_key from organizations s where s.id = {Arg(filter.OrgId)})";
            if (filter.OverdueAt is { } now) where += $" and c.due_key < {Arg(EpochTime.ToMs(now))}";
            var onTask = TaskConditions(orgByKey: true);
            if (kind == "user" && filter.CandidateGroup is not null)
                onTask += $" and exists (select 1 from task_candidates g where g.task_id = t.id and g.kind = 'group' and g.value = {Arg(filter.CandidateGroup)})";
            if (onTask.Length > 0) where += $" and exists (select 1 from tasks t where t.id = c.task_id{onTask})";
            var after = filter.After is not { } a ? ""
                : Desc ? $" and c.due_key <= {Arg(a.Key)} and (c.due_key < {Arg(a.Key)} or c.task_id < {Arg(a.Id)})"
                : $" and c.due_key >= {Arg(a.Key)} and (c.due_key > {Arg(a.Key)} or c.task_id > {Arg(a.Id)})";
            return new($"select c.task_id as id, c.due_key as k from task_candidates c where {where}{after} order by c.due_key {Dir}, c.task_id {Dir} limit {Take()}",
                $"select c.task_id as id from task_candidates c where {where}");
        }

        /// <summary>已办: the user's completed tasks, latest first, from (completed_by, completed_at).</summary>
        public Branch Done(string login)
        {
            var where = $"t.completed_by = {Arg(login)} and t.status = 'completed'{TaskConditions(orgByKey: false)}";
            var after = filter.After is not { } a ? ""
                : $" and t.completed_at <= {Arg(a.Key)} and (t.completed_at < {Arg(a.Key)} or t.id < {Arg(a.Id)})";
            return new($"select t.id as id, t.completed_at as k from tasks t where {where}{after} order by t.completed_at desc, t.id desc limit {Take()}",
                $"select t.id as id from tasks t where {where}");
        }

        /// <summary>
        /// Cancelled (or, without <see cref="TaskFilter.CompletedBy"/>, completed) tasks through the API: those assigned
        /// to the user, or all for administrators — not the inbox's question, so read by due date without a range.
        /// </summary>
        public Branch Closed(AppUser user)
        {
            var where = $"t.status = {Arg(filter.Status)}{(user.IsAdministrator ? "" : $" and t.assignee = {Arg(user.Login)}")}{TaskConditions(orgByKey: false)}";
            var key = $"coalesce(t.due_at, {NoDue})";
            var after = filter.After is not { } a ? ""
                : $" and ({key} {(Desc ? "<" : ">")} {Arg(a.Key)} or ({key} = {Arg(a.Key)} and t.id {(Desc ? "<" : ">")} {Arg(a.Id)}))";
            return new($"select t.id as id, {key} as k from tasks t where {where}{after} order by k {Dir}, t.id {Dir} limit {Take()}",
                $"select t.id as id from tasks t where {where}");
        }

        /// <summary>Rows a branch may contribute: the page, plus the rows skipped before it when paging by number.</summary>
        private string Take() => filter.After is null
            ? ((long)(filter.Page - 1) * filter.PageSize + filter.PageSize).ToString(CultureInfo.InvariantCulture)
            : filter.PageSize.ToString(CultureInfo.InvariantCulture);
    }
}

/// <summary>Where the next page starts (keyset paging): the last row's sort key and id, as <c>key_id</c> in a link.</summary>
public sealed record TaskCursor(long Key, string Id)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Key}_{Id}");

    public static TaskCursor? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var cut = text.IndexOf('_', StringComparison.Ordinal);
        return cut > 0 && long.TryParse(text[..cut], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var key) && cut < text.Length - 1
            ? new TaskCursor(key, text[(cut + 1)..]) : null;
    }
}
