using System.Globalization;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Dapper;

namespace Approval.Core.Ledger;

/// <summary>Who approved a rating at which tier, and what they said (分级授星).</summary>
public sealed record TierApproval(string OrgId, string By, DateTimeOffset At, string? Opinion);

/// <summary>One row of the ratings ledger (星级管理台账). Rows are never changed; a new row supersedes.</summary>
public sealed record RatingEntry(
    string SubjectKind, string SubjectId, string OrgId, string SchemeKey, int SchemeVersion, int Year, int? Level,
    bool Qualified, bool Rectification, decimal? Score, string Source, IReadOnlyList<TierApproval> Approvals, string? NoticeId,
    string? RecordedBy)
{
    public long Id { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
    /// <summary>The stars of the result by name (common and 个性星); empty for schemes that rate without stars.</summary>
    public IReadOnlyList<Ratings.RatedStar> Stars { get; init; } = [];
    /// <summary>六好's grade (优秀…不合格), for a weighted scheme.</summary>
    public string? Grade { get; init; }
}

/// <summary>The append-only ledger: record ratings in batches, read the current level and the full history.</summary>
public sealed class RatingsLedger(Database database, TimeProvider clock)
{
    public static readonly IReadOnlySet<string> Sources = new HashSet<string> { "annual", "recheck", "demotion" };

    /// <summary>Appends every entry in one transaction (a campaign's results land whole or not at all).</summary>
    public async Task AppendAsync(IReadOnlyList<RatingEntry> entries)
    {
        foreach (var entry in entries)
            if (!Sources.Contains(entry.Source)) throw new ArgumentException($"Unknown rating source '{entry.Source}'.", nameof(entries));
        var at = EpochTime.ToMs(clock.GetUtcNow());
        await database.WriteAsync(async (connection, transaction) =>
        {
            var batch = new SqlBatch().InsertRows("ratings",
                "subject_kind, subject_id, org_id, scheme_key, scheme_version, year, level, qualified, rectification, score, source, approvals, notice_id, recorded_at, recorded_by",
                entries, e => [e.SubjectKind, e.SubjectId, e.OrgId, e.SchemeKey, e.SchemeVersion, e.Year, e.Level, e.Qualified, e.Rectification,
                               e.Score?.ToString(CultureInfo.InvariantCulture), e.Source, JsonSerializer.Serialize(e.Approvals, StoreJsonOptions), e.NoticeId, at, e.RecordedBy]);
            await batch.ExecuteAsync(connection, transaction);
            return true;
        });
    }

    /// <summary>Every rating of one subject (<c>@subjectKind</c>, <c>@subjectId</c>), oldest first.</summary>
    public const string HistorySql = "select * from ratings where subject_kind = @subjectKind and subject_id = @subjectId order by id";

    /// <summary>The newest rating of each subject rated under <c>@orgId</c>.</summary>
    public const string CurrentForOrgSql = """
        select r.* from ratings r
        where r.org_id = @orgId
          and r.id = (select max(n.id) from ratings n where n.subject_kind = r.subject_kind and n.subject_id = r.subject_id)
        order by r.subject_kind desc, r.subject_id
        """;

    /// <summary>Every rating of one subject, oldest first.</summary>
    public async Task<IReadOnlyList<RatingEntry>> HistoryAsync(string subjectKind, string subjectId)
    {
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<RatingRow>(HistorySql,
            new { subjectKind, subjectId });
        return rows.Select(r => r.ToEntry()).ToList();
    }

    /// <summary>One row of the ledger by its id (a certificate names the row it certifies); null when there is none.</summary>
    public async Task<RatingEntry?> GetAsync(long id)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryFirstOrDefaultAsync<RatingRow>("select * from ratings where id = @id", new { id }))?.ToEntry();
    }

    /// <summary>The current rating (newest row) of the organization and every member of it.</summary>
    public async Task<IReadOnlyList<RatingEntry>> CurrentForOrgAsync(string orgId)
    {
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<RatingRow>(CurrentForOrgSql, new { orgId });
        return rows.Select(r => r.ToEntry()).ToList();
    }

    /// <summary>The ratings of the subjects in <c>@ids</c> of one kind (<c>@subjectKind</c>), by subject, oldest first.</summary>
    public static string HistoriesSql(SqlDialect dialect) =>
        $"select * from ratings where subject_kind = @subjectKind and {dialect.InList("subject_id", "ids")} order by subject_id, id";

    /// <summary>
    /// The current rating of the organization and each member of it, each with its whole history: one connection
    /// and one query per subject kind (the ratings API read a history per member, ~20 round trips per request).
    /// </summary>
    public async Task<IReadOnlyList<(RatingEntry Current, IReadOnlyList<RatingEntry> History)>> CurrentWithHistoryForOrgAsync(string orgId)
    {
        await using var connection = await database.OpenAsync();
        var current = (await connection.QueryAsync<RatingRow>(CurrentForOrgSql, new { orgId })).Select(r => r.ToEntry()).ToList();
        var histories = new Dictionary<(string Kind, string Id), List<RatingEntry>>();
        foreach (var kind in current.GroupBy(r => r.SubjectKind))
            foreach (var chunk in kind.Select(r => r.SubjectId).Chunk(database.Dialect.ListChunk))
                foreach (var row in await connection.QueryAsync<RatingRow>(HistoriesSql(database.Dialect), new { subjectKind = kind.Key, ids = chunk }))
                {
                    var entry = row.ToEntry();
                    if (!histories.TryGetValue((entry.SubjectKind, entry.SubjectId), out var list))
                        histories[(entry.SubjectKind, entry.SubjectId)] = list = [];
                    list.Add(entry);
                }
        return current.Select(c => (c, (IReadOnlyList<RatingEntry>)(histories.GetValueOrDefault((c.SubjectKind, c.SubjectId)) ?? []))).ToList();
    }

    /// <summary>The current level of each organization that has one (the organization list's star column).</summary>
    public async Task<IReadOnlyDictionary<string, int?>> CurrentOrgLevelsAsync(IEnumerable<string> orgIds)
    {
        var ids = orgIds.Distinct().ToArray();
        if (ids.Length == 0) return new Dictionary<string, int?>();
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<(string SubjectId, int? Level)>(
            $"""
            select r.subject_id, r.level from ratings r
            where r.subject_kind = 'organization' and {database.Dialect.InList("r.subject_id", "ids")}
              and r.id = (select max(n.id) from ratings n where n.subject_kind = 'organization' and n.subject_id = r.subject_id)
            """, new { ids });
        return rows.ToDictionary(r => r.SubjectId, r => r.Level);
    }

    private static readonly JsonSerializerOptions StoreJsonOptions = new(JsonSerializerDefaults.Web);

#pragma warning disable IDE1006
    private sealed class RatingRow
    {
        public long id { get; init; }
        public string subject_kind { get; init; } = "";
        public string subject_id { get; init; } = "";
        public string org_id { get; init; } = "";
        public string scheme_key { get; init; } = "";
        public int scheme_version { get; init; }
        public int year { get; init; }
        public int? level { get; init; }
        public bool qualified { get; init; }
        public bool rectification { get; init; }
        public string? score { get; init; }
        public string source { get; init; } = "";
        public string approvals { get; init; } = "[]";
        public string? notice_id { get; init; }
        public long recorded_at { get; init; }
        public string? recorded_by { get; init; }
        public string? stars { get; init; }
        public string? grade { get; init; }

        public RatingEntry ToEntry() => new(subject_kind, subject_id, org_id, scheme_key, scheme_version, year, level, qualified, rectification,
            score is null ? null : decimal.Parse(score, CultureInfo.InvariantCulture), source,
            JsonSerializer.Deserialize<List<TierApproval>>(approvals, StoreJsonOptions)!, notice_id, recorded_by)
        { Id = id, RecordedAt = EpochTime.FromMs(recorded_at), Stars = Ratings.RatedStar.Parse(stars), Grade = grade };
    }
#pragma warning restore IDE1006
}
