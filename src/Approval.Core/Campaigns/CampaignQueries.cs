using System.Text.Json;
using Approval.Core.Infrastructure;
using Dapper;

namespace Approval.Core.Campaigns;

public sealed record CampaignSummary(
    string Id, string Name, string SchemeKey, int SchemeVersion, int Year, string RootOrgId, string? ReviewOrgId, string InstanceId,
    string Status, DateTimeOffset StartedAt, string? StartedBy, DateTimeOffset? ClosedAt, JsonElement Calendar);

/// <summary>Campaigns as the pages and the API list them.</summary>
public sealed class CampaignQueries(Database database)
{
    public async Task<IReadOnlyList<CampaignSummary>> ListAsync()
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<Row>("select * from campaigns order by year desc, started_at desc")).Select(r => r.ToRecord()).ToList();
    }

    public async Task<CampaignSummary?> GetAsync(string id)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryFirstOrDefaultAsync<Row>("select * from campaigns where id = @id", new { id }))?.ToRecord();
    }

    private sealed class Row
    {
        public string id { get; init; } = "";
        public string name { get; init; } = "";
        public string scheme_key { get; init; } = "";
        public int scheme_version { get; init; }
        public int year { get; init; }
        public string root_org_id { get; init; } = "";
        public string? review_org_id { get; init; }
        public string calendar { get; init; } = "{}";
        public string instance_id { get; init; } = "";
        public string status { get; init; } = "";
        public long started_at { get; init; }
        public string? started_by { get; init; }
        public long? closed_at { get; init; }

        public CampaignSummary ToRecord() => new(id, name, scheme_key, scheme_version, year, root_org_id, review_org_id, instance_id, status,
            EpochTime.FromMs(started_at), started_by, EpochTime.FromMs(closed_at), JsonDocument.Parse(calendar).RootElement.Clone());
    }
}
