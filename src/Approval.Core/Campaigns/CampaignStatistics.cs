using Approval.Core.Infrastructure;
using Approval.Core.Schemes;
using Dapper;

namespace Approval.Core.Campaigns;

public sealed record LevelCount(string SubjectKind, int? Level, string Status, int Count);
public sealed record OrgOverdue(string OrgId, string OrgName, int Count);
public sealed record StepProgress(string ElementId, string Name, int Open, int Overdue);
/// <summary>An organization's recurring obligations of the campaign's year left unrecorded (三会一课, 主题党日…).</summary>
public sealed record OrgMissed(string OrgId, string OrgName, int Missed, int Recorded);

/// <summary>A quota of the scheme against the campaign's results so far (caps and floors, 名额).</summary>
public sealed record QuotaStatus(Quota Quota, int Subjects, int Inside, int Bound, bool Met);

public sealed record CampaignStats(
    IReadOnlyList<LevelCount> Levels, IReadOnlyList<QuotaStatus> Quotas, IReadOnlyList<OrgOverdue> Overdue, IReadOnlyList<StepProgress> Steps,
    int Subjects, int Ratified)
{
    public IReadOnlyList<OrgMissed> MissedObligations { get; init; } = [];
    /// <summary>个性星 by name: how often pledged and earned, the most pledged first.</summary>
    public IReadOnlyList<Ratings.IndividualStarCount> IndividualStars { get; init; } = [];
    /// <summary>六好's grades so far (优秀…不合格) and how many organizations hold each.</summary>
    public IReadOnlyList<(string Grade, int Count)> Grades { get; init; } = [];
}

/// <summary>
/// The statistics page of a campaign: results per level and status, each quota of the scheme against the results
/// (a floor can only be judged on the whole, so it is shown here rather than enforced per result), overdue tasks
/// per organization and open tasks per step. Issue 15: the figures come from counters the database keeps in the
/// transaction that changes a task or a result (migration 0022), so a city's 420,000 open tasks are not read: the
/// page reads a range bounded by organizations × steps × due days, and the tasks due earlier today one by one.
/// </summary>
public sealed class CampaignStatistics(Database database, SchemeCatalog schemes, Tasks.TaskSteps stepNames)
{
    public async Task<CampaignStats> ForAsync(CampaignSummary campaign, DateTimeOffset now)
    {
        await using var connection = await database.OpenAsync();
        var key = CampaignService.BusinessKey(campaign.Id);
        var levels = (await connection.QueryAsync<Row>(LevelsSql, new { id = campaign.Id }))
            .Select(r => new LevelCount(r.Key, (int?)r.Level, r.Name, (int)r.Count)).ToList();
        var args = TaskArgs(key, now);
        // Constants the plan test reads too; Dapper's analyzer cannot read a constant's parameters.
#pragma warning disable DAP018
        var overdue = (await connection.QueryAsync<Row>(OverdueSql, args)).Select(r => new OrgOverdue(r.Key, r.Name, (int)r.Count)).ToList();
        var today = (await connection.QueryAsync<Row>(StepsOverdueTodaySql, args)).ToDictionary(r => r.Key, r => (int)r.Count);
        // A step is labelled with its name in the deployed processes, not with one of its tasks' titles (党员承诺 · 某某).
        var names = (await stepNames.ListAsync()).ToDictionary(s => s.Id, s => s.Name);
        var steps = (await connection.QueryAsync<Row>(StepsSql, args))
            .Select(r => new StepProgress(r.Key, names.GetValueOrDefault(r.Key, r.Key), (int)r.Count, (int)(r.Level ?? 0) + today.GetValueOrDefault(r.Key)))
            .OrderByDescending(s => s.Open).ThenBy(s => s.ElementId, StringComparer.Ordinal).ToList();
#pragma warning restore DAP018
        // Only campaigns started before the rated counts were kept count their cycles (420,000 instances: a second).
        var rated = await connection.QueryFirstOrDefaultAsync<(long? orgs, long? members)?>(
            "select rated_orgs, rated_members from campaigns where id = @id", new { id = campaign.Id });
        var cycles = rated is { orgs: not null, members: not null } ? [] : (await connection.QueryAsync<Row>(
            "select definition_key as Key, count(*) as Count from instances where business_key = @key and definition_key in ('org-cycle', 'member-cycle') group by definition_key",
            new { key })).ToDictionary(r => r.Key, r => (int)r.Count);
        // Organizations under the campaign's root whose obligations of the year lapsed, most misses first.
        var root = await connection.QueryFirstOrDefaultAsync<string>("select path from organizations where id = @id", new { id = campaign.RootOrgId }) ?? "/";
#pragma warning disable DAP018
        var missed = (await connection.QueryAsync<Row>(MissedSql, new { year = campaign.Year, root, end = Orgs.OrgDirectory.PathEnd(root) })).Select(r => new OrgMissed(r.Key, r.Name, (int)r.Count, (int)(r.Level ?? 0))).ToList();
        var individual = (await connection.QueryAsync<(string subject_kind, string name, long own, long pledged, long awarded)>(IndividualStarsSql, new { id = campaign.Id })).Select(r => new Ratings.IndividualStarCount(r.subject_kind, r.name, r.own != 0, (int)r.pledged, (int)r.awarded)).ToList();
        var grades = (await connection.QueryAsync<Row>(GradesSql, new { id = campaign.Id })).Select(r => (r.Key, (int)r.Count)).ToList();
#pragma warning restore DAP018
        // Organizations the scheme rates (an organization it does not rate still runs a cycle that only starts those below).
        var organizations = (int?)rated?.orgs ?? cycles.GetValueOrDefault("org-cycle");
        var members = (int?)rated?.members ?? cycles.GetValueOrDefault("member-cycle");
        var ratified = levels.Where(l => l.Status == "ratified").Sum(l => l.Count);
        return new CampaignStats(levels, Quotas(campaign, levels, organizations), overdue, steps, organizations + members, ratified) { MissedObligations = missed, IndividualStars = individual, Grades = grades };
    }

    /// <summary>The organizations under @root (a path; @end its range's end) with missed obligations of @year, most first.</summary>
    public const string MissedSql = """
        select r.org_id as Key, o.name as Name, sum(case when r.status = 'missed' then 1 else 0 end) as Count,
               sum(case when r.status = 'recorded' then 1 else 0 end) as Level
        from obligation_records r join organizations o on o.id = r.org_id
        where r.year = @year and o.path > @root and o.path < @end
        group by r.org_id, o.name having sum(case when r.status = 'missed' then 1 else 0 end) > 0
        order by 3 desc, o.name limit 30
        """;

    /// <summary>个性星 of campaign @id, the most pledged first.</summary>
    public const string IndividualStarsSql = """
        select subject_kind, name, own, pledged, awarded from individual_star_counts where campaign_id = @id
        order by pledged desc, name limit 50
        """;

    /// <summary>Results per subject kind, level and status, from their counter (-1 is a result without a level).</summary>
    public const string LevelsSql = """
        select subject_kind as Key, nullif(level, -1) as Level, status as Name, cast(sum(n) as bigint) as Count from campaign_result_counts
        where campaign_id = @id group by subject_kind, level, status order by subject_kind, level, status
        """;

    public const string GradesSql = """
        select grade as Key, cast(sum(n) as bigint) as Count from campaign_result_counts where campaign_id = @id and grade <> '' group by grade
        """;

    /// <summary>Open tasks per step, and those of them in due days already over (Level).</summary>
    public const string StepsSql = """
        select element_id as Key, cast(sum(n) as bigint) as Count, cast(sum(case when due_day < @now then n else 0 end) as bigint) as Level
        from open_task_counts where business_key = @key group by element_id
        """;

    /// <summary>
    /// The open tasks due earlier today (after @dayStart, before now): their day is not over, so its counter row
    /// holds some overdue and some not. An index range of today's due tasks; the cross join keeps SQLite walking
    /// from that range to the instances rather than through the campaign's 420,000 instances.
    /// </summary>
    private const string DueEarlierToday = """
        from tasks t cross join instances i
        where i.id = t.instance_id and t.status = 'open' and t.due_at > @dayStart and t.due_at < @now and i.business_key = @key
        """;

    public const string StepsOverdueTodaySql = $"select t.element_id as Key, count(*) as Count {DueEarlierToday} group by t.element_id";

    /// <summary>The 30 organizations with the most overdue tasks: whole past due days from the counter, today's one by one.</summary>
    public const string OverdueSql = $"""
        select x.org_id as Key, coalesce(o.name, x.org_id) as Name, cast(sum(x.n) as bigint) as Count
        from (select org_id, n from open_task_counts where business_key = @key and due_day < @now and org_id <> ''
              union all
              select t.org_id as org_id, 1 as n {DueEarlierToday} and t.org_id is not null) x
        left join organizations o on o.id = x.org_id
        group by x.org_id, o.name order by 3 desc, 2 limit 30
        """;

    /// <summary>The arguments of the task queries: the campaign's business key, now, and the start of now's due day.</summary>
    public static object TaskArgs(string businessKey, DateTimeOffset now)
    {
        var nowMs = EpochTime.ToMs(now);
        return new { key = businessKey, now = nowMs, dayStart = DueDay(nowMs) - DayMs };
    }

    private const long DayMs = 86_400_000L, ChinaOffsetMs = 28_800_000L;

    /// <summary>The China-time midnight that ends the day <paramref name="dueAtMs"/> falls in (a midnight is its own): migration 0022's arithmetic.</summary>
    public static long DueDay(long dueAtMs) => (dueAtMs + ChinaOffsetMs + DayMs - 1) / DayMs * DayMs - ChinaOffsetMs;

    /// <summary>A grouped count as both databases return it (their integer types differ, and PostgreSQL sums bigints as numeric: the SQL casts; the records want int).</summary>
    private sealed class Row
    {
        public string Key { get; init; } = "";
        public string Name { get; init; } = "";
        public long? Level { get; init; }
        public long Count { get; init; }
    }

    /// <summary>Quotas are shares of every rated organization of the campaign, as the quota check counts them.</summary>
    private List<QuotaStatus> Quotas(CampaignSummary campaign, IReadOnlyList<LevelCount> levels, int total)
    {
        var scheme = schemes.Find(campaign.SchemeKey, campaign.SchemeVersion);
        if (scheme is null) return [];
        var organizations = levels.Where(l => l.SubjectKind == "organization" && l.Status is "approved" or "noticed" or "ratified").ToList();
        return scheme.Quotas.Select(q =>
        {
            var inside = organizations.Where(l => q.Counts(l.Level)).Sum(l => l.Count);
            return new QuotaStatus(q, total, inside, q.Bound(total), q.Met(inside, total));
        }).ToList();
    }
}
