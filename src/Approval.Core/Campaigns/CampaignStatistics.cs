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
/// per organization and open tasks per step.
/// </summary>
public sealed class CampaignStatistics(Database database, SchemeCatalog schemes)
{
    public async Task<CampaignStats> ForAsync(CampaignSummary campaign, DateTimeOffset now)
    {
        await using var connection = await database.OpenAsync();
        var key = CampaignService.BusinessKey(campaign.Id);
        var levels = (await connection.QueryAsync<Row>(
            "select subject_kind as Key, level as Level, status as Name, count(*) as Count from campaign_results where campaign_id = @id group by subject_kind, level, status order by subject_kind, level",
            new { id = campaign.Id })).Select(r => new LevelCount(r.Key, (int?)r.Level, r.Name, (int)r.Count)).ToList();
        var nowMs = EpochTime.ToMs(now);
        // From the overdue tasks (an index range) to their instances: SQLite, left to choose, walked the campaign's
        // 420,000 instances to find none overdue (1.9 s). A cross join keeps the order on SQLite; PostgreSQL plans it freely.
        var overdue = (await connection.QueryAsync<Row>(
            """
            select t.org_id as Key, coalesce(o.name, t.org_id) as Name, count(*) as Count
            from tasks t cross join instances i left join organizations o on o.id = t.org_id
            where i.id = t.instance_id and t.status = 'open' and t.due_at < @now and i.business_key = @key and t.org_id is not null
            group by t.org_id, o.name order by count(*) desc, o.name limit 30
            """, new { now = nowMs, key })).Select(r => new OrgOverdue(r.Key, r.Name, (int)r.Count)).ToList();
        var steps = (await connection.QueryAsync<Row>(
            """
            select t.element_id as Key, min(t.name) as Name, count(*) as Count, sum(case when t.due_at < @now then 1 else 0 end) as Level
            from tasks t join instances i on i.id = t.instance_id
            where t.status = 'open' and i.business_key = @key
            group by t.element_id order by count(*) desc
            """, new { now = nowMs, key })).Select(r => new StepProgress(r.Key, r.Name, (int)r.Count, (int)(r.Level ?? 0))).ToList();
        // Only campaigns started before the rated counts were kept count their cycles (420,000 instances: a second).
        var rated = await connection.QueryFirstOrDefaultAsync<(long? orgs, long? members)?>(
            "select rated_orgs, rated_members from campaigns where id = @id", new { id = campaign.Id });
        var cycles = rated is { orgs: not null, members: not null } ? [] : (await connection.QueryAsync<Row>(
            "select definition_key as Key, count(*) as Count from instances where business_key = @key and definition_key in ('org-cycle', 'member-cycle') group by definition_key",
            new { key })).ToDictionary(r => r.Key, r => (int)r.Count);
        // Organizations under the campaign's root whose obligations of the year lapsed, most misses first.
        var root = await connection.QueryFirstOrDefaultAsync<string>("select path from organizations where id = @id", new { id = campaign.RootOrgId }) ?? "/";
        var missed = (await connection.QueryAsync<Row>(
            """
            select r.org_id as Key, o.name as Name, sum(case when r.status = 'missed' then 1 else 0 end) as Count,
                   sum(case when r.status = 'recorded' then 1 else 0 end) as Level
            from obligation_records r join organizations o on o.id = r.org_id
            where r.year = @year and o.path > @root and o.path < @end
            group by r.org_id, o.name having sum(case when r.status = 'missed' then 1 else 0 end) > 0
            order by 3 desc, o.name limit 30
            """, new { year = campaign.Year, root, end = Orgs.OrgDirectory.PathEnd(root) })).Select(r => new OrgMissed(r.Key, r.Name, (int)r.Count, (int)(r.Level ?? 0))).ToList();
        var individual = (await connection.QueryAsync<(string subject_kind, string name, long own, long pledged, long awarded)>(
            """
            select subject_kind, name, own, pledged, awarded from individual_star_counts where campaign_id = @id
            order by pledged desc, name limit 50
            """, new { id = campaign.Id })).Select(r => new Ratings.IndividualStarCount(r.subject_kind, r.name, r.own != 0, (int)r.pledged, (int)r.awarded)).ToList();
        var grades = (await connection.QueryAsync<Row>(
            "select grade as Key, count(*) as Count from campaign_results where campaign_id = @id and grade is not null group by grade",
            new { id = campaign.Id })).Select(r => (r.Key, (int)r.Count)).ToList();
        // Organizations the scheme rates (an organization it does not rate still runs a cycle that only starts those below).
        var organizations = (int?)rated?.orgs ?? cycles.GetValueOrDefault("org-cycle");
        var members = (int?)rated?.members ?? cycles.GetValueOrDefault("member-cycle");
        var ratified = levels.Where(l => l.Status == "ratified").Sum(l => l.Count);
        return new CampaignStats(levels, Quotas(campaign, levels, organizations), overdue, steps, organizations + members, ratified) { MissedObligations = missed, IndividualStars = individual, Grades = grades };
    }

    /// <summary>A grouped count as both databases return it (their integer types differ; the records want int).</summary>
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
