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

    /// <summary>The element ids whose approving completions are the ledger's approval chain.</summary>
    public static readonly string[] ApprovalElements = ["tier-approval", "re-examination", "upper-approval", "demotion-approval"];

    public void EvaluateAssessment(HandlerContext h)
    {
        var scheme = h.Scheme(schemes);
        var input = h.Get<AssessmentInput>("assessment") ?? new AssessmentInput();
        // Monthly reports that lapsed unfiled count as absences ("年度内累计超过3次及以上"), beside those the assessor entered.
        var missed = Practice.PracticeHandlers.MissedCount(h, h.Text("subjectKind"), h.Text("subjectId"), h.Int("year"));
        // So do an organization's missed meetings and activity days (三会一课, 主题党日).
        var missedMeetings = h.Text("subjectKind") == "organization" ? Obligations.ObligationHandlers.MissedAbsences(h, obligations, h.Text("subjectId"), h.Int("year")) : 0;
        input = input with { Facts = input.Facts with { Absences = input.Facts.Absences + missed + missedMeetings } };
        var request = AssessmentRequest.Build(new Subject(h.Text("subjectKind"), h.TryText("subjectSector")), input, h.Get<Dictionary<string, VoteCount>>("votes"),
            Pledge.IndividualStarsOf(h.Get<JsonElement?>("pledge")));
        var (result, problems) = SchemeEvaluator.Evaluate(scheme, request);
        if (result is null)
            throw h.Fault("The assessment cannot be scored: " + string.Join("; ", problems.Select(p => $"{p.Field}: {p.Message}")));
        var rating = RatingResult.From(result);
        if (missedMeetings > 0) rating.Explanation.Insert(0, $"组织生活未按期开展 {missedMeetings} 次,计入缺席 / {missedMeetings} meetings or activity days missed, counted as absences");
        if (missed > 0) rating.Explanation.Insert(0, $"月度践诺报告逾期未报 {missed} 次,计入缺席 / {missed} monthly reports missed, counted as absences");
        h.Set("result", rating);
    }

    /// <summary>
    /// "五星级…数量一般不超过…总数的10%": each result at a capped level is counted against the share of all subjects
    /// of its kind in the campaign, with the results approved before it. Floors ("不低于…10%") can only be judged on
    /// the whole and are shown on the statistics page.
    /// </summary>
    public void CheckQuotaAtOwner(HandlerContext h)
    {
        var scheme = h.Scheme(schemes);
        var result = h.Get<RatingResult>("result")!;
        var (campaignId, kind, subjectId) = (h.Text("campaignId"), h.Text("subjectKind"), h.Text("subjectId"));
        // The share is of the subjects the scheme rates in the campaign (counted when it opened), not of every organization.
        var campaign = h.Single<(string path, int? rated_orgs, int? rated_members)>("""
            select o.path, c.rated_orgs, c.rated_members from campaigns c join organizations o on o.id = c.root_org_id where c.id = @campaignId
            """, new { campaignId });
        var rootPath = campaign.path ?? "/";
        var total = kind == "organization"
            ? campaign.rated_orgs ?? h.Single<int>("select count(*) from organizations where path > @rootPath and path < @end", new { rootPath, end = Orgs.OrgDirectory.PathEnd(rootPath) })
            : campaign.rated_members ?? CampaignHandlers.MembersUnder(h, rootPath);
        string? message = null;
        foreach (var quota in scheme.Quotas.Where(q => q.Comparison == "max" && (q.AtMost ? result.Level <= q.Level : result.Level == q.Level)))
        {
            var levelTest = quota.AtMost ? "level <= @level" : "level = @level";
            var others = h.Single<int>($"""
                select count(*) from campaign_results where campaign_id = @campaignId and subject_kind = @kind and subject_id <> @subjectId
                and status in ('approved', 'ratified') and {levelTest}
                """, new { campaignId, kind, subjectId, level = quota.Level });
            var allowed = quota.Bound(total);
            if (others + 1 > allowed)
                message = $"{quota.Level}星名额 {allowed}(共{total}个的{quota.Share:P0})已用 {others} / quota {quota.Key}: {others} of {allowed} used. {quota.Quote}";
        }
        h.Set("quotaExceeded", message is not null);
        h.Set("quotaMessage", message);
        Upsert(h, result, "approved");
    }

    /// <summary>The owner kept the result (outcome keep) or lowered it to <c>quotaLevel</c> (outcome lower).</summary>
    public void ApplyQuotaDecision(HandlerContext h)
    {
        var result = h.Get<RatingResult>("result")!;
        if (h.TryText("outcome") == "lower" && int.TryParse(h.TryText("quotaLevel"), out var level) && level < (result.Level ?? 0))
        {
            result = result with { Level = level, Explanation = [.. result.Explanation, $"因名额限制调整为{level}星 / lowered to level {level} by the quota review"] };
            h.Set("result", result);
        }
        Upsert(h, result, "approved");
    }

    public void RatifyResult(HandlerContext h)
    {
        var result = h.Get<RatingResult>("result")!;
        var scheme = h.Scheme(schemes);
        AppendLedger(h, result, scheme.Key, scheme.Version, "annual");
        Upsert(h, result, "ratified");
    }

    public void RejectResult(HandlerContext h)
    {
        var result = h.Get<RatingResult>("result") ?? new RatingResult(null, false, false, null, [], []);
        Upsert(h, result, "rejected");
    }

    /// <summary>动态管理: the demotion approved and noticed goes into the ledger under the scheme of the current rating.</summary>
    public void DemoteSubject(HandlerContext h)
    {
        var result = h.Get<RatingResult>("result")!;
        AppendLedger(h, result, h.Text("schemeKey"), h.Int("schemeVersion"), "demotion");
    }

    /// <summary>Opens a re-check: records the discipline case that caused it, if any, and reads the current rating.</summary>
    public void OpenRecheckOf(HandlerContext h)
    {
        var orgId = h.Text("orgId");
        var org = CampaignHandlers.LoadOrg(h, orgId);
        if (h.TryText("caseSummary") is { } summary)
            h.Execute("insert into discipline_cases (id, org_id, summary, recorded_at, recorded_by, instance_id) values (@id, @orgId, @summary, @now, @by, @instance)",
                new { id = Guid.NewGuid().ToString(), orgId, summary, now = h.NowMs, by = h.TryText("openedBy"), instance = h.Task.InstanceId });
        var current = h.Single<(string scheme_key, int scheme_version, int year, int? level)?>("""
            select scheme_key, scheme_version, year, level from ratings where subject_kind = 'organization' and subject_id = @orgId order by id desc limit 1
            """, new { orgId });
        var owner = h.Text("ownerOrgId");
        var ownerParent = h.Single<string?>("select parent_id from organizations where id = @owner", new { owner });
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

    private static void Upsert(HandlerContext h, RatingResult result, string status) =>
        h.Execute("""
            insert into campaign_results (campaign_id, subject_kind, subject_id, org_id, level, score, status, instance_id, updated_at, stars)
            values (@campaignId, @kind, @subjectId, @orgId, @level, @score, @status, @instance, @now, @stars)
            on conflict (campaign_id, subject_kind, subject_id) do update set level = excluded.level, score = excluded.score,
                status = excluded.status, instance_id = excluded.instance_id, updated_at = excluded.updated_at, stars = excluded.stars
            """, new
        {
            campaignId = h.Text("campaignId"), kind = h.Text("subjectKind"), subjectId = h.Text("subjectId"), orgId = h.Text("orgId"),
            level = result.Level, score = result.Score?.ToString(CultureInfo.InvariantCulture), status, instance = h.Task.InstanceId, now = h.NowMs,
            stars = RatedStar.Serialize(result.Stars),
        });

    private static void AppendLedger(HandlerContext h, RatingResult result, string schemeKey, int schemeVersion, string source)
    {
        var approvals = h.Query<(string org_id, string completed_by, long completed_at, string? comment)>($"""
            select org_id, completed_by, completed_at, comment from tasks
            where instance_id = @instance and status = 'completed' and outcome = 'approve' and element_id in ('{string.Join("', '", ApprovalElements)}')
            order by completed_at
            """, new { instance = h.Task.InstanceId })
            .Select(a => new TierApproval(a.org_id, a.completed_by, Infrastructure.EpochTime.FromMs(a.completed_at), a.comment)).ToList();
        h.Execute("""
            insert into ratings (subject_kind, subject_id, org_id, scheme_key, scheme_version, year, level, qualified, rectification, score, source, approvals, notice_id, recorded_at, recorded_by, stars)
            values (@kind, @subjectId, @orgId, @schemeKey, @schemeVersion, @year, @level, @qualified, @rectification, @score, @source, @approvals, @noticeId, @now, @by, @stars)
            """, new
        {
            kind = h.Text("subjectKind"), subjectId = h.Text("subjectId"), orgId = h.Text("orgId"), schemeKey, schemeVersion, year = h.Int("year"),
            level = result.Level, qualified = result.Qualified, rectification = result.Rectification, score = result.Score?.ToString(CultureInfo.InvariantCulture),
            source, approvals = JsonSerializer.Serialize(approvals, HandlerContext.Json), noticeId = h.TryText("noticeId"), now = h.NowMs, by = h.Task.Actor,
            stars = RatedStar.Serialize(result.Stars),
        });
    }
}
