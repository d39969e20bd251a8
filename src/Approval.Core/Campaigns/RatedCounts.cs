using Approval.Core.Schemes;

namespace Approval.Core.Campaigns;

/// <summary>
/// How many organizations and members a campaign on a scheme rates under its root (the scheme's <c>appliesTo</c>):
/// shown before a campaign starts, kept on the campaign's row, and the total its quotas are shares of.
/// </summary>
public sealed record RatedCounts(int Organizations, int Members)
{
    /// <summary>Organizations strictly below the root, by kind and sector.</summary>
    public const string OrganizationsSql = """
        select kind, sector, count(*) as n from organizations where path > @path and path < @end group by kind, sector
        """;

    /// <summary>Members of the root and of every organization below it, by their organization's kind and sector.</summary>
    public const string MembersSql = """
        select o.kind, o.sector, count(*) as n from members m join organizations o on o.id = m.org_id
        where o.path >= @path and o.path < @end group by o.kind, o.sector
        """;

    public static object Args(string rootPath) => new { path = rootPath, end = Orgs.OrgDirectory.PathEnd(rootPath) };

    public static RatedCounts Of(RatingScheme scheme, IEnumerable<Row> organizations, IEnumerable<Row> members) => new(
        organizations.Where(r => SchemeScope.RatesOrganization(scheme, r.kind, CampaignHandlers.SectorOf(r.Org))).Sum(r => r.n),
        members.Where(r => SchemeScope.RatesMember(scheme, CampaignHandlers.MemberSector(r.Org))).Sum(r => r.n));

    public sealed class Row
    {
        public string kind { get; init; } = "";
        public string? sector { get; init; }
        public int n { get; init; }
        internal CampaignHandlers.OrgRow Org => new() { kind = kind, sector = sector };
    }
}
