using System.Text.RegularExpressions;
using Approval.Core.Infrastructure;
using Approval.Core.Tasks;
using Approval.Core.Tests.Cycle;
using Approval.Core.Users;
using Dapper;

namespace Approval.Core.Tests;

/// <summary>
/// Issue 15: every query the inbox runs — each role, each filter, first and later pages, 待办 and 已办, the page and
/// its capped count — reads tasks, candidates and instances through an index, never by scanning the table: at a
/// city's 420,000 tasks a scan is seconds. SQLite's plan says SCAN for a full pass (of the table or of a whole
/// index); PostgreSQL, told not to prefer sequential scans, still uses one where no index can serve.
/// </summary>
public abstract partial class TaskInboxPlanTests((Database Database, Action Cleanup) db) : IAsyncLifetime
{
    private CycleHost _host = null!;

    public async Task InitializeAsync() => _host = await CycleHost.StartAsync(db);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static readonly string[] Watched = ["tasks", "task_candidates", "instances", "history", "organizations", "notices", "open_task_counts", "campaign_result_counts",
        "ratings", "members", "absence_events", "users", "obligation_records", "individual_star_counts", "delegations", "copies"];

    private IEnumerable<(string Name, AppUser User, TaskFilter Filter)> Cases()
    {
        var h = _host;
        var now = CycleHost.Start;
        // 委托: a delegate's inbox adds the delegators' own branches (a town department holding a branch secretary's
        // tasks and a county reviewer's, issue 17).
        var delegate_ = h.TownDept with { ActingFor = [h.SecretaryA, h.CountyReviewer] };
        var users = new[] { h.Admin, h.CountyDept, h.TownDept, h.SecretaryA, h.TownSecretary, CycleHost.User("lost", Roles.OrgDepartment, "not-an-organization"), delegate_ };
        var after = new TaskCursor(TaskInbox.DueKey(now), "0190");
        foreach (var user in users)
        {
            yield return ("open", user, new TaskFilter());
            yield return ("open, page 5", user, new TaskFilter(Page: 5, PageSize: 20));
            yield return ("open, after", user, new TaskFilter(PageSize: 20) { After = after });
            yield return ("open, latest first, after", user, new TaskFilter(PageSize: 20) { After = after, DueLatestFirst = true });
            yield return ("open, undated after", user, new TaskFilter(PageSize: 20) { After = new TaskCursor(TaskInbox.NoDue, "0190") });
            yield return ("campaign", user, new TaskFilter { CampaignId = "c1" });
            yield return ("organization", user, new TaskFilter(OrgId: h.BranchA.Id));
            yield return ("step", user, new TaskFilter { ElementId = "pledge" });
            yield return ("overdue", user, new TaskFilter { OverdueAt = now });
            yield return ("delegated only", user, new TaskFilter { DelegatedOnly = true });
            yield return ("candidate group", user, new TaskFilter(CandidateGroup: Roles.Secretary));
            yield return ("assignee", user, new TaskFilter(Assignee: user.Login));
            yield return ("done", user, new TaskFilter(Status: "completed") { CompletedBy = user.Login });
            yield return ("done, after, step", user, new TaskFilter(Status: "completed") { CompletedBy = user.Login, After = after, ElementId = "pledge" });
        }
    }

    [Fact]
    public async Task EveryInboxQuery_ReadsThroughIndexes()
    {
        var queries = _host.Get<TaskQueries>();
        var problems = new List<string>();
        await using var connection = await _host.Database.OpenAsync();
        if (!_host.Database.IsSqlite) await connection.ExecuteAsync("set enable_seqscan = off");
        foreach (var (name, user, filter) in Cases())
        {
            var (page, count, args) = await queries.BuildAsync(connection, user, filter);
            foreach (var (part, sql) in new[] { ("page", page), ("count", count) })
            {
                var plan = await PlanAsync(connection, sql, args);
                foreach (var scan in Scans(plan)) problems.Add($"{user.Login} / {name} / {part}: {scan}\n{plan}");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n\n", problems.Take(3)));
    }

    /// <summary>
    /// Issue 17: who delegated to the user now (asked on every request), who is away now (reminders), and 抄送我的 (a page
    /// of copies, the unread count, whether an instance was copied to the user) each read one range of an index.
    /// </summary>
    [Fact]
    public async Task DelegationsAndCopies_ReadThroughIndexes()
    {
        await using var connection = await _host.Database.OpenAsync();
        if (!_host.Database.IsSqlite) await connection.ExecuteAsync("set enable_seqscan = off");
        var now = EpochTime.ToMs(CycleHost.Start);
        var problems = new List<string>();
        foreach (var (name, sql, args) in new (string, string, object)[]
        {
            ("delegated to me", Delegations.DelegationStore.ActiveToSql, new { login = "town-dept", now }),
            ("away now", Delegations.DelegationStore.ActiveFromSql(_host.Database.Dialect), new { logins = new[] { "secretary-a", "county-dept" }, now }),
            ("copies page", Copies.CopyStore.PageSql, new { login = "secretary-a", take = 21, skip = 0 }),
            ("unread copies", Copies.CopyStore.UnreadSql, new { login = "secretary-a" }),
            ("copied instance", Copies.CopyStore.CopiedSql, new { login = "secretary-a", instanceId = "i-1" }),
        })
        {
            var plan = await PlanAsync(connection, sql, new DynamicParameters(args));
            problems.AddRange(Scans(plan).Select(scan => $"{name}: {scan}\n{plan}"));
        }
        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
    }

    [Fact]
    public async Task TheNoticeBoard_ReadsThroughIndexes()
    {
        await using var connection = await _host.Database.OpenAsync();
        if (!_host.Database.IsSqlite) await connection.ExecuteAsync("set enable_seqscan = off; set enable_sort = off");
        var problems = new List<string>();
        foreach (var current in new[] { true, false })
            foreach (var sql in new[] { Notices.NoticeStore.ListSql(current), Notices.NoticeStore.CountSql(current) })
            {
                var args = new DynamicParameters(new { search = (string?)null, like = "%%", take = 20, skip = 980, cap = 1001 });
                var plan = await PlanAsync(connection, sql, args);
                problems.AddRange(Scans(plan).Select(scan => $"{(current ? "current" : "past")}: {scan}\n{plan}"));
                // A page in index order: sorting the tab would read every notice in it.
                if (plan.Contains("TEMP B-TREE FOR ORDER BY", StringComparison.Ordinal) || plan.Contains("Sort Key", StringComparison.Ordinal))
                    problems.Add($"{(current ? "current" : "past")}: sorted\n{plan}");
            }
        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
    }

    /// <summary>
    /// /stats for a campaign (issue 15: 3.5-4.4 s at 420,000 tasks): its counters read by key range, today's due
    /// tasks through the due index, results by campaign; no pass over tasks, instances or a counter table.
    /// </summary>
    [Fact]
    public async Task TheStatisticsPage_ReadsThroughIndexes()
    {
        await using var connection = await _host.Database.OpenAsync();
        if (!_host.Database.IsSqlite) await connection.ExecuteAsync("set enable_seqscan = off");
        var problems = new List<string>();
        var taskArgs = new DynamicParameters(Campaigns.CampaignStatistics.TaskArgs("campaign:c1", CycleHost.Start));
        var campaignArgs = new DynamicParameters(new { id = "c1" });
        foreach (var (name, sql, args) in new[]
        {
            ("steps", Campaigns.CampaignStatistics.StepsSql, taskArgs), ("steps due today", Campaigns.CampaignStatistics.StepsOverdueTodaySql, taskArgs),
            ("overdue per organization", Campaigns.CampaignStatistics.OverdueSql, taskArgs),
            ("levels", Campaigns.CampaignStatistics.LevelsSql, campaignArgs), ("grades", Campaigns.CampaignStatistics.GradesSql, campaignArgs),
            ("individual stars", Campaigns.CampaignStatistics.IndividualStarsSql, campaignArgs),
            ("missed obligations", Campaigns.CampaignStatistics.MissedSql, new DynamicParameters(new { year = 2026, root = _host.County.Path, end = Orgs.OrgDirectory.PathEnd(_host.County.Path) })),
        })
        {
            var plan = await PlanAsync(connection, sql, args);
            problems.AddRange(Scans(plan).Select(scan => $"{name}: {scan}\n{plan}"));
        }
        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
    }

    /// <summary>
    /// /orgs/{id} (the organization, its children, roster, ratings ledger, absences, names), /api/ratings (the
    /// current ratings under an organization, each subject's history) and the inbox's organization search within
    /// a scope (by name and by part of a name, for a county's range and the administrator's whole tree).
    /// </summary>
    [Fact]
    public async Task TheOrganizationPagesAndRatings_ReadThroughIndexes()
    {
        await using var connection = await _host.Database.OpenAsync();
        if (!_host.Database.IsSqlite) await connection.ExecuteAsync("set enable_seqscan = off");
        var dialect = _host.Database.Dialect;
        var org = new DynamicParameters(new { orgId = _host.BranchA.Id, parentId = _host.Town.Id, from = "2026-01-01", to = "2026-12-31" });
        var problems = new List<string>();
        var cases = new List<(string Name, string Sql, DynamicParameters Args)>
        {
            ("children", Orgs.OrgStore.ChildrenSql, org), ("roots", Orgs.OrgStore.RootsSql, org), ("roster", Orgs.OrgStore.MembersSql, org),
            ("organization names", Orgs.OrgStore.NamesSql(dialect), new DynamicParameters(new { ids = new[] { _host.Town.Id, _host.BranchA.Id } })),
            ("scope keys", Orgs.OrgStore.ScopeKeysSql(dialect), new DynamicParameters(new { ids = new[] { _host.County.Id } })),
            ("current ratings", Ledger.RatingsLedger.CurrentForOrgSql, org),
            ("rating history", Ledger.RatingsLedger.HistorySql, new DynamicParameters(new { subjectKind = "organization", subjectId = _host.BranchA.Id })),
            ("rating histories", Ledger.RatingsLedger.HistoriesSql(dialect), new DynamicParameters(new { subjectKind = "member", ids = new[] { "m-1", "m-2" } })),
            ("absences", Ratings.AbsenceEventStore.ListSql, org),
            ("people names", UserStore.NamesSql(dialect), new DynamicParameters(new { wanted = new[] { "admin", "county-dept" } })),
        };
        var countyKey = await connection.QuerySingleAsync<string>("select scope_key from organizations where id = @id", new { id = _host.County.Id });
        foreach (var key in new[] { "/", countyKey })
            foreach (var (name, sql) in new[] { ("search by name", Orgs.OrgStore.SearchNamedSql), ("search in names", Orgs.OrgStore.SearchContainingSql) })
                cases.Add(($"{name} under {key}", sql, new DynamicParameters(Orgs.OrgStore.SearchArgs(key, "支部", 20))));
        foreach (var (name, sql, args) in cases)
        {
            var plan = await PlanAsync(connection, sql, args);
            problems.AddRange(Scans(plan).Select(scan => $"{name}: {scan}\n{plan}"));
        }
        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
    }

    private async Task<string> PlanAsync(System.Data.Common.DbConnection connection, string sql, DynamicParameters args) =>
        string.Join("\n", _host.Database.IsSqlite
            ? (await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("explain query plan " + sql, args)).Select(r => r.Detail)
            : await connection.QueryAsync<string>("explain " + sql, args));

    /// <summary>The full passes over a watched table in a plan, by its alias in the inbox's SQL or its name.</summary>
    private IEnumerable<string> Scans(string plan) => _host.Database.IsSqlite
        ? SqliteScan().Matches(plan).Select(m => m.Value)
        : PostgresScan().Matches(plan).Select(m => m.Value).Where(line => Watched.Any(t => line.Contains($" on {t} ", StringComparison.Ordinal) || line.EndsWith($" on {t}", StringComparison.Ordinal)));

    // tasks as t and o, task_candidates as c and g, instances as i, organizations as s (TaskInbox), ratings as r and n.
    [GeneratedRegex(@"(?m)^SCAN (t|o|c|g|i|s|r|n|tasks|task_candidates|instances|history|organizations|notices|open_task_counts|campaign_result_counts|ratings|members|absence_events|users|obligation_records|individual_star_counts|delegations|copies)\b.*$")]
    private static partial Regex SqliteScan();

    [GeneratedRegex(@"(?m)Seq Scan on \w+.*$")]
    private static partial Regex PostgresScan();
}

public sealed class SqliteTaskInboxPlanTests() : TaskInboxPlanTests(TestDatabases.Sqlite());

public sealed class PostgresTaskInboxPlanTests() : TaskInboxPlanTests(TestDatabases.Postgres());
