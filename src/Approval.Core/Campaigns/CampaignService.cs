using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Orgs;
using Approval.Core.Schemes;
using Approval.Engine;
using Approval.Engine.Runtime;
using Dapper;

namespace Approval.Core.Campaigns;

public sealed record NewCampaign(string? Name, string? SchemeKey, int? Year, string? RootOrgId, string? ReviewOrgId, CampaignCalendar? Calendar);

public sealed record NewRecheck(string? OrgId, string? Reason, string? CaseSummary);

/// <summary>
/// Starts what the shipped workflows run: a year's campaign over an organization's subtree, and re-checks. Input is
/// checked here and comes back as field problems; the rows themselves are written by the workflows' first steps,
/// in the same transaction as the instance.
/// </summary>
public sealed class CampaignService(Database database, SchemeCatalog schemes, WorkflowRuntime runtime, TimeProvider clock)
{
    /// <summary>Every instance of a campaign (its call activities pass it down) carries this business key.</summary>
    public static string BusinessKey(string campaignId) => $"campaign:{campaignId}";

    public async Task<(string? CampaignId, IReadOnlyList<Problem> Problems)> StartAsync(NewCampaign request, string? startedBy)
    {
        var problems = new List<Problem>();
        await schemes.RefreshAsync(); // a campaign starts on the latest version, wherever it was saved
        var scheme = request.SchemeKey is null ? null : schemes.Find(request.SchemeKey);
        if (scheme is null) problems.Add(new(FieldCodes.Required, "schemeKey", "请选择评星方案 / choose a rating scheme."));
        if (request.Year is not (>= 2000 and <= 2100)) problems.Add(new(FieldCodes.OutOfRange, "year", "年度须在2000至2100之间 / the year must be between 2000 and 2100."));
        await using var connection = await database.OpenAsync();
        var root = request.RootOrgId is null ? null
            : await connection.QueryFirstOrDefaultAsync<string>("select name from organizations where id = @id", new { id = request.RootOrgId });
        if (root is null) problems.Add(new(FieldCodes.Required, "rootOrgId", "请选择发起创建的党组织 / choose the organization that runs the campaign."));
        if (!string.IsNullOrEmpty(request.ReviewOrgId) &&
            await connection.ExecuteScalarAsync<int>("select count(*) from organizations where id = @id", new { id = request.ReviewOrgId }) == 0)
            problems.Add(new(FieldCodes.UnknownReference, "reviewOrgId", "复审组织不存在 / the re-examining organization does not exist."));
        if (scheme is not null && root is not null && request.Year is { } y &&
            await connection.ExecuteScalarAsync<int>("select count(*) from campaigns where root_org_id = @root and scheme_key = @scheme and year = @y",
                new { root = request.RootOrgId, scheme = scheme.Key, y }) > 0)
            problems.Add(new(FieldCodes.Duplicate, "year", $"{y}年度该组织已发起此方案的创建活动 / this organization already runs this scheme for {y}."));
        var calendar = request.Calendar ?? CampaignCalendar.Default(request.Year ?? clock.GetUtcNow().Year, clock.GetUtcNow());
        if (scheme is not null && calendar.ApplicationDue is null) calendar = calendar.WithApplicationRound(scheme.ApplicationRound, request.Year ?? clock.GetUtcNow().Year);
        if (scheme is not null && calendar.GradingOpens is null) calendar = calendar.WithGrading(SchemeScope.Grades(scheme));
        problems.AddRange(calendar.Validate());
        if (problems.Count > 0) return (null, problems);

        var id = Guid.CreateVersion7().ToString();
        var name = string.IsNullOrWhiteSpace(request.Name) ? $"{request.Year}年度{root}{scheme!.Name}创建" : request.Name.Trim();
        var variables = Variables(new
        {
            campaignId = id, campaignName = name, schemeKey = scheme!.Key, schemeVersion = scheme.Version, year = request.Year, rootOrgId = request.RootOrgId,
            reviewOrgId = string.IsNullOrEmpty(request.ReviewOrgId) ? null : request.ReviewOrgId,
            calendar, startedBy,
        });
        await runtime.StartAsync(ShippedWorkflows.AnnualCampaign, businessKey: BusinessKey(id), variables: variables, actor: startedBy);
        return (id, []);
    }

    /// <summary>
    /// What a campaign over <paramref name="rootOrgId"/> would rate under each scheme (its <c>appliesTo</c>): shown on
    /// the start page before anything starts. Empty for an unknown organization.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, RatedCounts>> PreviewAsync(string? rootOrgId)
    {
        if (rootOrgId is null) return new Dictionary<string, RatedCounts>();
        await using var connection = await database.OpenAsync();
        var path = await connection.QueryFirstOrDefaultAsync<string>("select path from organizations where id = @rootOrgId", new { rootOrgId });
        if (path is null) return new Dictionary<string, RatedCounts>();
        // The same statements the campaign's first step runs (RatedCounts); Dapper's analyzer cannot read a constant's parameters.
#pragma warning disable DAP018
        var organizations = (await connection.QueryAsync<RatedCounts.Row>(RatedCounts.OrganizationsSql, RatedCounts.Args(path))).ToList();
        var members = (await connection.QueryAsync<RatedCounts.Row>(RatedCounts.MembersSql, RatedCounts.Args(path))).ToList();
#pragma warning restore DAP018
        await schemes.RefreshAsync();
        return schemes.All.ToDictionary(s => s.Key, s => RatedCounts.Of(s, organizations, members));
    }

    /// <summary>Opens a re-check of one organization by its parent (or by <paramref name="ownerOrgId"/>).</summary>
    public async Task<(string? InstanceId, IReadOnlyList<Problem> Problems)> StartRecheckAsync(NewRecheck request, string? ownerOrgId, string? openedBy)
    {
        var problems = new List<Problem>();
        await using var connection = await database.OpenAsync();
        var parent = request.OrgId is null ? null
            : await connection.QueryFirstOrDefaultAsync<(string id, string? parent_id)?>("select id, parent_id from organizations where id = @id", new { id = request.OrgId });
        if (parent is null) problems.Add(new(FieldCodes.Required, "orgId", "请选择复检的党组织 / choose the organization to re-check."));
        else if ((ownerOrgId ?? parent.Value.parent_id) is null) problems.Add(new(FieldCodes.InvalidChoice, "orgId", "最上级党组织没有上级可以复检 / the root organization has no upper organization to re-check it."));
        if (request.CaseSummary is { } summary && summary.Trim().Length is < 5 or > 2000)
            problems.Add(new(FieldCodes.OutOfRange, "caseSummary", "案件摘要须为5至2000字 / the case summary must be 5 to 2,000 characters."));
        if (problems.Count > 0) return (null, problems);
        var owner = ownerOrgId ?? parent!.Value.parent_id!;
        var instance = await runtime.StartAsync(ShippedWorkflows.Recheck, businessKey: $"recheck:{request.OrgId}", actor: openedBy, variables: Variables(new
        {
            orgId = request.OrgId, ownerOrgId = owner, reason = request.Reason?.Trim(), caseSummary = request.CaseSummary?.Trim(), openedBy,
            calendar = Periods.Default,
        }));
        return (instance.Id, []);
    }

    /// <summary>随机抽查: re-checks <paramref name="count"/> organizations drawn at random from those rated under the owner.</summary>
    public async Task<IReadOnlyList<string>> StartSampleAsync(string ownerOrgId, int count, string? openedBy)
    {
        await using var connection = await database.OpenAsync();
        var path = await connection.QueryFirstAsync<string>("select path from organizations where id = @ownerOrgId", new { ownerOrgId });
        var rated = (await connection.QueryAsync<string>("""
            select distinct r.subject_id from ratings r join organizations o on o.id = r.subject_id
            where r.subject_kind = 'organization' and o.path > @path and o.path < @end
            """, new { path, end = OrgDirectory.PathEnd(path) })).ToArray();
        Random.Shared.Shuffle(rated);
        var started = new List<string>();
        foreach (var orgId in rated.Take(count))
            if ((await StartRecheckAsync(new NewRecheck(orgId, "随机抽查 / random sample", null), ownerOrgId, openedBy)).InstanceId is { } id)
                started.Add(id);
        return started;
    }

    private static Dictionary<string, JsonElement> Variables(object values) =>
        JsonSerializer.SerializeToElement(values, Workflow.HandlerContext.Json).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
}
