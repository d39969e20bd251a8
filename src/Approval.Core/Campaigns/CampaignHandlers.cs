using Approval.Core.Infrastructure;
using Approval.Core.Schemes;
using Approval.Core.Workflow;

namespace Approval.Core.Campaigns;

/// <summary>
/// The service tasks that walk the organization tree for the cycle workflows. Each cycle reads the tree in its own
/// step, so a campaign over a large tree fans out level by level and no instance holds more than one
/// organization's children.
/// </summary>
public sealed class CampaignHandlers(SchemeCatalog schemes)
{
    public const string Open = "campaign.open";
    public const string PublishCatalogue = "campaign.catalogue";
    public const string PrepareOrgTopic = "org.prepare";
    public const string PrepareMemberTopic = "member.prepare";
    public const string Close = "campaign.close";

    /// <summary>Records the campaign row in the start's own transaction and lists the root's children and members.</summary>
    public async Task OpenCampaignAsync(HandlerContext h)
    {
        var scheme = await h.SchemeAsync(schemes);
        var rootOrgId = h.Text("rootOrgId");
        await h.ExecuteAsync("""
            insert into campaigns (id, name, scheme_key, scheme_version, year, root_org_id, review_org_id, calendar, instance_id, status, started_at, started_by)
            values (@id, @name, @scheme, @version, @year, @root, @review, @calendar, @instance, 'running', @now, @by)
            """, new
        {
            id = h.Text("campaignId"), name = h.Text("campaignName"), scheme = scheme.Key, version = scheme.Version, year = h.Int("year"),
            root = rootOrgId, review = h.TryText("reviewOrgId"), calendar = h.Text("calendar"), instance = h.Task.InstanceId,
            now = h.NowMs, by = h.TryText("startedBy"),
        });
        var root = await LoadOrgAsync(h, rootOrgId);
        var counts = RatedCounts.Of(scheme, await h.QueryAsync<RatedCounts.Row>(RatedCounts.OrganizationsSql, RatedCounts.Args(root.path)),
            await h.QueryAsync<RatedCounts.Row>(RatedCounts.MembersSql, RatedCounts.Args(root.path)));
        await h.ExecuteAsync("update campaigns set rated_orgs = @orgs, rated_members = @members where id = @id",
            new { orgs = counts.Organizations, members = counts.Members, id = h.Text("campaignId") });
        // The version is passed down to every cycle: all of the campaign is rated on it, whatever is saved later.
        h.Set("schemeVersion", scheme.Version);
        h.Set("ownerOrgId", rootOrgId);
        h.Set("reviewLevel", SchemeScope.TopLevel(scheme));
        h.Set("childOrgIds", await ChildOrgIdsAsync(h, rootOrgId));
        h.Set("memberIds", SchemeScope.RatesMember(scheme, MemberSector(root)) ? await MemberIdsAsync(h, rootOrgId) : []);
        await SetGradingAsync(h, scheme, root);
    }

    /// <summary>
    /// 六好: an organization whose children the scheme rates is their grading committee (基层党委): its cycle (or the
    /// campaign, for the root) runs the grading round over them.
    /// </summary>
    private static async Task SetGradingAsync(HandlerContext h, RatingScheme scheme, OrgRow committee)
    {
        var grades = SchemeScope.Grades(scheme) && (await RatedChildrenAsync(h, scheme, committee.id)).Count > 0;
        h.Set("gradesChildren", grades);
        if (grades)
        {
            h.Set("committeeOrgId", committee.id);
            h.Set("committeeName", committee.name);
        }
    }

    /// <summary>The organizations right below <paramref name="orgId"/> that the scheme rates (a grading committee's round).</summary>
    internal static async Task<List<OrgRow>> RatedChildrenAsync(HandlerContext h, RatingScheme scheme, string orgId) =>
        (await h.QueryAsync<OrgRow>("select id, parent_id, name, kind, sector, path from organizations where parent_id = @orgId", new { orgId }))
            .Where(c => SchemeScope.RatesOrganization(scheme, c.kind, SectorOf(c))).ToList();

    /// <summary>分类定星: the 个性星 catalogue the owner confirmed goes on the campaign's row for every pledge to offer.</summary>
    public Task PublishIndividualStarsAsync(HandlerContext h) =>
        h.ExecuteAsync("update campaigns set individual_stars = @stars where id = @id", new
        {
            stars = System.Text.Json.JsonSerializer.Serialize(h.Get<List<Star>>("individualStarCatalogue") ?? [], HandlerContext.Json),
            id = h.Text("campaignId"),
        });

    /// <summary>An organization's cycle: who it is, who rates it, and the chain of tiers that approve its result.</summary>
    public async Task PrepareOrganizationAsync(HandlerContext h)
    {
        var orgId = h.Text("orgId");
        var org = await LoadOrgAsync(h, orgId);
        var owner = h.Text("ownerOrgId");
        var scheme = await h.SchemeAsync(schemes);
        // An organization the scheme does not rate (Scheme B: anything but a village branch) still starts the cycles below it.
        var rated = SchemeScope.RatesOrganization(scheme, org.kind, SectorOf(org));
        h.Set("rated", rated);
        // "公示无异议的,报工委会批准": only schemes with the step carry the variable (its gateway tests whether it is set).
        if (scheme.FinalApproval is { } final) h.Set("finalApprovalName", final.Name);
        h.Set("subjectKind", "organization");
        h.Set("subjectId", orgId);
        h.Set("subjectName", org.name);
        h.Set("subjectSector", SectorOf(org));
        h.Set("upperOrgId", org.parent_id);
        h.Set("approvalChain", ApprovalChain(org.path, owner));
        h.Set("childOrgIds", await ChildOrgIdsAsync(h, orgId));
        h.Set("memberIds", SchemeScope.RatesMember(scheme, MemberSector(org)) ? await MemberIdsAsync(h, orgId) : []);
        h.Set("graded", rated && SchemeScope.Grades(scheme));
        await SetGradingAsync(h, scheme, org);
        h.Set("eligibleVoters", await MembersUnderAsync(h, org.path));
    }

    /// <summary>A member's cycle: the branch rates, the branch's upper organization approves (DOMAIN.md §3 step 5).</summary>
    public async Task PrepareMemberAsync(HandlerContext h)
    {
        var memberId = h.Text("memberId");
        // A campaign prepares an organization's members one after another in one transaction: the first reads the
        // whole branch (members, the branch and its voters) in one query, the others find themselves in it.
        var seen = h.TransactionCache<BranchMembers>();
        if (!seen.TryGetValue(memberId, out var branch))
        {
            var rows = (await h.QueryAsync<BranchMemberRow>("""
                select m.id as member_id, m.name as member_name, o.id, o.parent_id, o.name, o.kind, o.sector, o.path
                from members m join organizations o on o.id = m.org_id
                where m.org_id = (select org_id from members where id = @memberId)
                """, new NamedArgs(("memberId", memberId)))).ToList();
            foreach (var row in rows)
            {
                row.voters = rows.Count;
                seen[row.member_id] = row;
            }
            branch = seen.GetValueOrDefault(memberId) ?? throw h.Fault($"Member '{memberId}' does not exist.");
        }
        if ((await h.SchemeAsync(schemes)).FinalApproval is { } final) h.Set("finalApprovalName", final.Name);
        h.Set("subjectKind", "member");
        h.Set("subjectId", memberId);
        h.Set("subjectName", branch.member_name);
        h.Set("subjectSector", MemberSector(branch));
        h.Set("orgId", branch.id);
        h.Set("upperOrgId", branch.parent_id ?? branch.id);
        h.Set("eligibleVoters", branch.voters);
    }

    /// <summary>Closes the campaign with its statistics: results per status and level.</summary>
    public async Task CloseCampaignAsync(HandlerContext h)
    {
        var campaignId = h.Text("campaignId");
        var rows = (await h.QueryAsync<(string subject_kind, string status, int? level, int n)>("""
            select subject_kind, status, level, count(*) as n from campaign_results where campaign_id = @campaignId
            group by subject_kind, status, level
            """, new { campaignId })).ToList();
        var statistics = rows.Select(r => new { subjectKind = r.subject_kind, r.status, r.level, count = r.n }).ToList();
        await h.ExecuteAsync("update campaigns set status = 'closed', closed_at = @now, statistics = @stats where id = @campaignId",
            new { now = h.NowMs, stats = System.Text.Json.JsonSerializer.Serialize(statistics, HandlerContext.Json), campaignId });
        h.Set("statistics", statistics);
    }

    /// <summary>Tiers from the parent up to the campaign owner: "上一级党组织考核下一级党组织,并层层上报审批".</summary>
    public static List<string> ApprovalChain(string path, string ownerOrgId)
    {
        var ids = path.Trim('/').Split('/');
        var chain = new List<string>();
        for (var i = ids.Length - 2; i >= 0; i--)
        {
            chain.Add(ids[i]);
            if (ids[i] == ownerOrgId) break;
        }
        return chain;
    }

    internal static async Task<OrgRow> LoadOrgAsync(HandlerContext h, string orgId) =>
        await h.SingleAsync<OrgRow>("select id, parent_id, name, kind, sector, path from organizations where id = @orgId", new { orgId })
        ?? throw h.Fault($"Organization '{orgId}' does not exist.");

    /// <summary>Committees (党委, 工委) are rated under the township stars when they have no sector of their own.</summary>
    internal static string? SectorOf(OrgRow org) => org.sector ?? (org.kind is "committee" or "working-committee" ? "township" : null);

    /// <summary>A member is rated under the stars of its organization's sector; a committee's own members as 机关 members.</summary>
    internal static string? MemberSector(OrgRow org) => SectorOf(org) is var sector && sector == "township" ? "organ" : sector;

    /// <summary>Members of an organization and everything below it (its path and the paths it prefixes).</summary>
    internal static Task<int> MembersUnderAsync(HandlerContext h, string path) =>
        h.SingleAsync<int>("select count(*) from members m join organizations o on o.id = m.org_id where o.path >= @path and o.path < @end",
            new { path, end = Orgs.OrgDirectory.PathEnd(path) });

    private static async Task<List<string>> ChildOrgIdsAsync(HandlerContext h, string orgId) =>
        (await h.QueryAsync<string>("select id from organizations where parent_id = @orgId order by code, name", new { orgId })).ToList();

    private static async Task<List<string>> MemberIdsAsync(HandlerContext h, string orgId) =>
        (await h.QueryAsync<string>("select id from members where org_id = @orgId order by name", new { orgId })).ToList();

    internal class OrgRow
    {
        public string id { get; init; } = "";
        public string? parent_id { get; init; }
        public string name { get; init; } = "";
        public string kind { get; init; } = "";
        public string? sector { get; init; }
        public string path { get; init; } = "";
    }

    internal sealed class BranchMemberRow : OrgRow
    {
        public string member_id { get; init; } = "";
        public string member_name { get; init; } = "";
        public int voters { get; set; }
    }

    /// <summary>Members already read in this transaction, by id (see <see cref="PrepareMemberAsync"/>).</summary>
    internal sealed class BranchMembers : Dictionary<string, BranchMemberRow>
    {
        public BranchMembers() : base(StringComparer.Ordinal) { }
    }
}
