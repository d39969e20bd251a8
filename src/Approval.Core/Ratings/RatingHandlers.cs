using System.Globalization;
using System.Text.Json;
using Approval.Core.Campaigns;
using Approval.Core.Ledger;
using Approval.Core.Schemes;
using Approval.Core.Workflow;

namespace Approval.Core.Ratings;

/// <summary>
/// Year-end rating in the cycles: scoring the assessment, the owner's quota check, and writing what was ratified,
/// rejected or demoted. Everything is written in the step's transaction, so a result and the workflow's move commit
/// together.
/// </summary>
public sealed class RatingHandlers(SchemeCatalog schemes, Obligations.ObligationCatalog obligations)
{
    public const string Evaluate = "assessment.evaluate";
    public const string CheckQuota = "quota.check";
    public const string ApplyQuota = "quota.apply";
    public const string Ratify = "rating.ratify";
    public const string Reject = "rating.reject";
    public const string Demote = "rating.demote";
    public const string OpenRecheck = "recheck.open";

    public async Task EvaluateAssessmentAsync(HandlerContext h)
    {
        var scheme = await h.SchemeAsync(schemes);
        var input = h.Get<AssessmentInput>("assessment") ?? new AssessmentInput();
        // Only the events the scheme's rule names count as absences (Scheme C: "无故不参加市直工委组织召开的会议、培训或不按时
        // 完成市直工委安排部署的工作任务"), beside any the assessor entered.
        var counted = await CountedAbsences.OfAsync(h, scheme, obligations, h.Text("subjectKind"), h.Text("subjectId"), h.Int("year"));
        var (rating, problems) = AssessmentScoring.Score(scheme, new Subject(h.Text("subjectKind"), h.TryText("subjectSector")), input,
            h.Get<Dictionary<string, VoteCount>>("votes"), Pledge.IndividualStarsOf(h.Get<JsonElement?>("pledge")), h.Get<Appraisal>("appraisal"), counted);
        if (rating is null)
            throw h.Fault("The assessment cannot be scored: " + string.Join("; ", problems.Select(p => $"{p.Where}: {p.Message}")));
        h.Set("result", rating);
    }

    /// <summary>
    /// The quotas at the approving level, as each result arrives: "五星级…数量一般不超过基层党组织总数的10%" counts the
    /// results at the capped level approved before this one; "一星级以下党组织数量一般不低于基层党组织总数的10%" is broken
    /// once a result above the floor leaves too few undecided subjects to reach it. Either goes to the owner's review.
    /// </summary>
    public async Task CheckQuotaAtOwnerAsync(HandlerContext h)
    {
        var scheme = await h.SchemeAsync(schemes);
        var result = h.Get<RatingResult>("result")!;
        var (campaignId, kind, subjectId) = (h.Text("campaignId"), h.Text("subjectKind"), h.Text("subjectId"));
        // The share is of the subjects the scheme rates in the campaign (counted when it opened), not of every organization.
        var campaign = await h.SingleAsync<(string path, int? rated_orgs, int? rated_members)>("""
            select o.path, c.rated_orgs, c.rated_members from campaigns c join organizations o on o.id = c.root_org_id where c.id = @campaignId
            """, new { campaignId });
        var rootPath = campaign.path ?? "/";
        var total = kind == "organization"
            ? campaign.rated_orgs ?? await h.SingleAsync<int>("select count(*) from organizations where path > @rootPath and path < @end", new { rootPath, end = Orgs.OrgDirectory.PathEnd(rootPath) })
            : campaign.rated_members ?? await CampaignHandlers.MembersUnderAsync(h, rootPath);
        var reasons = new List<Explanations.Explanation>();
        // The other results already decided, per level (a handful of rows, however large the campaign).
        List<(int? level, long n)> decided = scheme.Quotas.Count == 0 ? [] : (await h.QueryAsync<(int? level, long n)>("""
            select level, count(*) as n from campaign_results where campaign_id = @campaignId and subject_kind = @kind and subject_id <> @subjectId
            and status in ('approved', 'ratified', 'rejected') group by level
            """, new { campaignId, kind, subjectId })).ToList();
        foreach (var quota in scheme.Quotas)
        {
            // How many the quota counts among them (a rejected result has no level: "以下" includes it).
            var others = (Decided: (int)decided.Sum(d => d.n), Inside: (int)decided.Where(d => quota.Counts(d.level)).Sum(d => d.n));
            (string, object?)[] named = [("key", quota.Key), ("quote", quota.Quote ?? ""), ("level", quota.Level), ("bound", quota.Bound(total)),
                ("total", total), ("share", (quota.Share * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%"), ("inside", others.Inside)];
            if (quota.Comparison == "max" && quota.Counts(result.Level) && others.Inside + 1 > quota.Bound(total))
                reasons.Add(Explanations.ExplanationCodes.QuotaFull.With(named));
            var remaining = total - others.Decided - 1;
            if (quota.Comparison == "min" && !quota.Counts(result.Level) && others.Inside + remaining < quota.Bound(total))
                reasons.Add(Explanations.ExplanationCodes.QuotaFloor.With([.. named, ("remaining", remaining)]));
        }
        h.Set("quotaExceeded", reasons.Count > 0);
        // Read by the owner's review (quota-review); instances checked before codes hold the text in quotaMessage.
        h.Set("quotaReasons", reasons.Count == 0 ? null : reasons);
        await UpsertAsync(h, result, "approved");
    }

    /// <summary>The owner kept the result (outcome keep) or lowered it to <c>quotaLevel</c> (outcome lower).</summary>
    public async Task ApplyQuotaDecisionAsync(HandlerContext h)
    {
        var result = h.Get<RatingResult>("result")!;
        if (h.TryText("outcome") == "lower" && int.TryParse(h.TryText("quotaLevel"), out var level) && level < (result.Level ?? 0))
        {
            result = result with { Level = level, Explanation = [.. result.Explanation, Explanations.ExplanationCodes.QuotaLowered.With(("level", level))] };
            h.Set("result", result);
        }
        await UpsertAsync(h, result, "approved");
    }

    public async Task RatifyResultAsync(HandlerContext h)
    {
        var result = h.Get<RatingResult>("result")!;
        var scheme = await h.SchemeAsync(schemes);
        await AppendLedgerAsync(h, result, scheme.Key, scheme.Version, "annual");
        await UpsertAsync(h, result, "ratified");
        await IndividualStarCounts.AwardedAsync(h, result);
    }

    public Task RejectResultAsync(HandlerContext h) =>
        UpsertAsync(h, h.Get<RatingResult>("result") ?? new RatingResult(null, false, false, null, [], []), "rejected");

    /// <summary>动态管理: the demotion approved and noticed goes into the ledger under the scheme of the current rating.</summary>
    public Task DemoteSubjectAsync(HandlerContext h) =>
        AppendLedgerAsync(h, h.Get<RatingResult>("result")!, h.Text("schemeKey"), h.Int("schemeVersion"), "demotion");

    /// <summary>Opens a re-check: records the discipline case that caused it, if any, and reads the current rating.</summary>
    public async Task OpenRecheckOfAsync(HandlerContext h)
    {
        var orgId = h.Text("orgId");
        var org = await CampaignHandlers.LoadOrgAsync(h, orgId);
        if (h.TryText("caseSummary") is { } summary)
            await h.ExecuteAsync("insert into discipline_cases (id, org_id, summary, recorded_at, recorded_by, instance_id) values (@id, @orgId, @summary, @now, @by, @instance)",
                new { id = Guid.NewGuid().ToString(), orgId, summary, now = h.NowMs, by = h.TryText("openedBy"), instance = h.Task.InstanceId });
        var current = await h.SingleAsync<(string scheme_key, int scheme_version, int year, int? level)?>("""
            select scheme_key, scheme_version, year, level from ratings where subject_kind = 'organization' and subject_id = @orgId order by id desc limit 1
            """, new { orgId });
        var owner = h.Text("ownerOrgId");
        var ownerParent = await h.SingleAsync<string?>("select parent_id from organizations where id = @owner", new { owner });
        h.Set("subjectKind", "organization");
        h.Set("subjectId", orgId);
        h.Set("subjectName", org.name);
        h.Set("upperOrgId", owner);
        h.Set("approvalOrgId", ownerParent ?? owner);
        h.Set("currentLevel", current?.level);
        h.Set("schemeKey", current?.scheme_key ?? h.TryText("schemeKey") ?? "");
        h.Set("schemeVersion", current?.scheme_version ?? 1);
        h.Set("year", current?.year ?? h.Now.Year);
    }

    private static Task UpsertAsync(HandlerContext h, RatingResult result, string status) =>
        h.ExecuteAsync("""
            insert into campaign_results (campaign_id, subject_kind, subject_id, org_id, level, score, status, instance_id, updated_at, stars, grade)
            values (@campaignId, @kind, @subjectId, @orgId, @level, @score, @status, @instance, @now, @stars, @grade)
            on conflict (campaign_id, subject_kind, subject_id) do update set level = excluded.level, score = excluded.score,
                status = excluded.status, instance_id = excluded.instance_id, updated_at = excluded.updated_at, stars = excluded.stars,
                grade = coalesce(excluded.grade, campaign_results.grade)
            """, new
        {
            campaignId = h.Text("campaignId"), kind = h.Text("subjectKind"), subjectId = h.Text("subjectId"), orgId = h.Text("orgId"),
            level = result.Level, score = result.Score?.ToString(CultureInfo.InvariantCulture), status, instance = h.Task.InstanceId, now = h.NowMs,
            stars = RatedStar.Serialize(result.Stars), grade = result.Grade,
        });

    /// <summary>
    /// The approvals of the result being ratified, in the order given: those after its assessment and after the last
    /// return at any tier (an approval the next tier sent back, or of a result assessed again after an upheld
    /// objection, approved a result that no longer stands). The history's sequence
    /// orders them, since two can share a millisecond.
    /// </summary>
    /// <summary>The approval completed in this very step has no history entry yet (the step writes it at its end): it sorts last.</summary>
    private const long InFlight = long.MaxValue;

    private static async Task AppendLedgerAsync(HandlerContext h, RatingResult result, string schemeKey, int schemeVersion, string source)
    {
        var elements = $"('{string.Join("', '", Tasks.TaskAccess.ApprovalTierElements)}')";
        var approvals = (await h.QueryAsync<(string org_id, string completed_by, long completed_at, string? comment)>($"""
            select t.org_id, t.completed_by, t.completed_at, t.comment
            from tasks t left join history e on e.instance_id = t.instance_id and e.task_id = t.id and e.kind = 'task-completed'
            where t.instance_id = @instance and t.status = 'completed' and t.outcome = 'approve' and t.element_id in {elements}
              and coalesce(e.id, {InFlight}) > coalesce((select max(r.id) from history r where r.instance_id = @instance and r.kind = 'task-completed'
                                   and (r.element_id = 'assessment' or (r.element_id in {elements} and r.outcome <> 'approve'))), 0)
            order by coalesce(e.id, {InFlight}), t.completed_at
            """, new { instance = h.Task.InstanceId }))
            .Select(a => new TierApproval(a.org_id, a.completed_by, Infrastructure.EpochTime.FromMs(a.completed_at), a.comment)).ToList();
        await h.ExecuteAsync("""
            insert into ratings (subject_kind, subject_id, org_id, scheme_key, scheme_version, year, level, qualified, rectification, score, source, approvals, notice_id, recorded_at, recorded_by, stars, grade)
            values (@kind, @subjectId, @orgId, @schemeKey, @schemeVersion, @year, @level, @qualified, @rectification, @score, @source, @approvals, @noticeId, @now, @by, @stars, @grade)
            """, new
        {
            kind = h.Text("subjectKind"), subjectId = h.Text("subjectId"), orgId = h.Text("orgId"), schemeKey, schemeVersion, year = h.Int("year"),
            level = result.Level, qualified = result.Qualified, rectification = result.Rectification, score = result.Score?.ToString(CultureInfo.InvariantCulture),
            source, approvals = JsonSerializer.Serialize(approvals, HandlerContext.Json), noticeId = h.TryText("noticeId"), now = h.NowMs, by = h.Task.Actor,
            stars = RatedStar.Serialize(result.Stars), grade = result.Grade,
        });
    }
}
