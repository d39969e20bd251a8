using System.Data.Common;
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
    /// <summary>委托: only the tasks the user holds for people who delegated to them (代办).</summary>
    public bool DelegatedOnly { get; init; }
    /// <summary>Keyset paging: the rows after this one (<see cref="TaskPage.Next"/> of the page before); <c>Page</c> is then ignored.</summary>
    public TaskCursor? After { get; init; }
}

/// <summary>
/// One page of the inbox. <see cref="Total"/> is exact up to <see cref="TaskInbox.TotalCap"/>; beyond it
/// <see cref="TotalCapped"/> is set and the total reads "1000+". <see cref="Next"/> is where the following page starts.
/// </summary>
public sealed record TaskPage(IReadOnlyList<TaskRecord> Items, int Total, int Page, int PageSize)
{
    public bool TotalCapped { get; init; }
    public TaskCursor? Next { get; init; }

    /// <summary>The total as a person reads it: "37", or "1000+".</summary>
    public string TotalText => TotalCapped ? $"{TaskInbox.TotalCap}+" : Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The inbox query: tasks the user may act on (or has done), filtered, soonest due first, one page at a time.</summary>
public sealed class TaskQueries(Database database)
{
    public async Task<TaskPage> ListAsync(AppUser user, TaskFilter filter)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(filter);
        await using var connection = await database.OpenAsync();
        var (page, count, args) = await BuildAsync(connection, user, filter);
        var counted = await connection.ExecuteScalarAsync<long>(count, args);
        var rows = (await connection.QueryAsync<TaskRow>(page, args)).ToList();
        var candidates = rows.Count == 0 ? [] : (await connection.QueryAsync<(string TaskId, string Kind, string Value)>(
            $"select task_id, kind, value from task_candidates where {database.Dialect.InList("task_id", "ids")} order by value", new { ids = rows.Select(r => r.id).ToArray() })).ToList();
        var byTask = candidates.ToLookup(c => c.TaskId);
        var items = rows.Select(r => r.ToRecord(
            byTask[r.id].Where(c => c.Kind == "user").Select(c => c.Value).ToList(),
            byTask[r.id].Where(c => c.Kind == "group").Select(c => c.Value).ToList())).ToList();
        var capped = counted > TaskInbox.TotalCap;
        return new TaskPage(items, (int)Math.Min(counted, TaskInbox.TotalCap), filter.Page, filter.PageSize)
        {
            TotalCapped = capped,
            Next = items.Count < filter.PageSize ? null : CursorOf(items[^1], filter),
        };
    }

    /// <summary>The page's and the count's SQL for this user and filter, as <see cref="ListAsync"/> runs them (the plan tests read them).</summary>
    public async Task<(string Page, string Count, DynamicParameters Args)> BuildAsync(DbConnection connection, AppUser user, TaskFilter filter)
    {
        var orgs = user.IsAdministrator ? [] : user.Roles.Concat(user.ActingFor.SelectMany(d => d.Roles)).Select(g => g.OrgId).OfType<string>().Distinct().ToArray();
        var keys = orgs.Length == 0 ? new Dictionary<string, string>()
            : (await connection.QueryAsync<(string Id, string? Key)>(
                $"select id, scope_key from organizations where {SqlDialect.Of(connection).InList("id", "ids")}", new { ids = orgs }))
                .Where(r => r.Key is not null).ToDictionary(r => r.Id, r => r.Key!);
        return TaskInbox.Build(user, filter, keys);
    }

    private static TaskCursor CursorOf(TaskRecord last, TaskFilter filter) =>
        filter.CompletedBy is not null ? new TaskCursor(EpochTime.ToMs(last.CompletedAt) ?? 0, last.Id) : new TaskCursor(TaskInbox.DueKey(last.DueAt), last.Id);
}
