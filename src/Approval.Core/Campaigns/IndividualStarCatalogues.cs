using System.Collections.Concurrent;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Schemes;
using Dapper;

namespace Approval.Core.Campaigns;

/// <summary>
/// The 个性星 catalogue each campaign's owner published at 分类定星 ("分层分类设定"), read from the campaign's row. A
/// published catalogue never changes, so it is kept in memory once read; the cycles carry only the stars each subject
/// pledged, not the catalogue (a city campaign has 420,000 instances).
/// </summary>
public sealed class IndividualStarCatalogues(Database database)
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<Star>> _published = new(StringComparer.Ordinal);

    /// <summary>The campaign's catalogue; empty before the owner confirms it (or for a campaign without 个性星).</summary>
    public async Task<IReadOnlyList<Star>> ForCampaignAsync(string? campaignId)
    {
        if (campaignId is null) return [];
        if (_published.TryGetValue(campaignId, out var known)) return known;
        await using var connection = await database.OpenAsync();
        var json = await connection.QueryFirstOrDefaultAsync<string?>("select individual_stars from campaigns where id = @campaignId", new { campaignId });
        if (json is null) return [];
        return _published[campaignId] = Parse(json);
    }

    public static IReadOnlyList<Star> Parse(string json) => JsonSerializer.Deserialize<List<Star>>(json, Workflow.HandlerContext.Json) ?? [];
}
