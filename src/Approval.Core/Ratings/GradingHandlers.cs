using System.Text.Json;
using Approval.Core.Explanations;
using Approval.Core.Schemes;
using Approval.Core.Workflow;

namespace Approval.Core.Ratings;

/// <summary>One organization on the grading committee's list: its approved score and the grade the shares give it.</summary>
public sealed record GradingCandidate(string SubjectId, string Name, decimal Score, int Rank, string Grade, IReadOnlyList<Explanation> Explanation);

/// <summary>
/// 六好's grading round (<c>workflows/grading.bpmn</c>) and the graded cycles' side of it: "基层党委以最终考评分数为基础,
/// 按年度对党支部划分等级…且呈正态分布". The committee grades the organizations it rates once every one of them has an
/// approved score; each of their cycles waits for its grade before the notice.
/// </summary>
public sealed class GradingHandlers(SchemeCatalog schemes)
{
    public const string Collect = "grading.collect";
    public const string Record = "grading.record";
    public const string Read = "grade.read";

    /// <summary>The committee's rated children and their results; ready when each has an approved score (or was rejected).</summary>
    public async Task CollectScoresAsync(HandlerContext h)
    {
        var scheme = await h.SchemeAsync(schemes);
        var (campaignId, committee) = (h.Text("campaignId"), h.Text("committeeOrgId"));
        var children = await Campaigns.CampaignHandlers.RatedChildrenAsync(h, scheme, committee);
        var results = (await h.QueryAsync<(string subject_id, string? score, string status)>("""
            select r.subject_id, r.score, r.status from campaign_results r join organizations o on o.id = r.subject_id
            where r.campaign_id = @campaignId and r.subject_kind = 'organization' and o.parent_id = @committee
            """, new { campaignId, committee })).ToDictionary(r => r.subject_id);
        // Rejected ones are not graded; every other one needs its approved score.
        bool Settled(string id) => results.TryGetValue(id, out var r) && (r.status == "rejected" || r.status is "approved" or "ratified" && r.score is not null);
        var waiting = children.Where(c => !Settled(c.id)).Select(c => c.name).ToList();
        h.Set("gradingReady", waiting.Count == 0);
        h.Set("gradingWaiting", waiting);
        h.Set("gradingRetryAt", h.Now.AddDays(1));
        if (waiting.Count > 0) return;
        var scored = children.Where(c => results[c.id].status != "rejected")
            .Select(c => (c.id, decimal.Parse(results[c.id].score!, System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var names = children.ToDictionary(c => c.id, c => c.name);
        h.Set("gradingCandidates", ForcedDistribution.Grade(scheme, scored)
            .Select(g => new GradingCandidate(g.SubjectId, names[g.SubjectId], g.Score, g.Rank, g.Grade, g.Explanation)).ToList());
    }

    /// <summary>The committee confirmed: each result gets its grade, and the grading is kept whole.</summary>
    public async Task RecordGradesAsync(HandlerContext h)
    {
        var candidates = h.Get<List<GradingCandidate>>("gradingCandidates") ?? [];
        var campaignId = h.Text("campaignId");
        await h.ExecuteAsync("""
            insert into gradings (campaign_id, committee_org_id, grades, graded_at, graded_by) values (@campaignId, @committee, @grades, @now, @by)
            """, new { campaignId, committee = h.Text("committeeOrgId"), grades = JsonSerializer.Serialize(candidates, HandlerContext.Json), now = h.NowMs, by = h.Task.Actor });
        await h.ExecuteAsync("update campaign_results set grade = @Grade where campaign_id = @campaignId and subject_kind = 'organization' and subject_id = @SubjectId",
            candidates.Select(c => new { c.Grade, campaignId, c.SubjectId }));
    }

    /// <summary>A graded cycle reads its grade; until the committee has graded, it checks again the next day.</summary>
    public async Task ReadGradeAsync(HandlerContext h)
    {
        var (campaignId, subjectId) = (h.Text("campaignId"), h.Text("subjectId"));
        var committee = h.Text("upperOrgId");
        var grading = await h.SingleAsync<string?>("select grades from gradings where campaign_id = @campaignId and committee_org_id = @committee", new { campaignId, committee });
        var mine = grading is null ? null
            : JsonSerializer.Deserialize<List<GradingCandidate>>(grading, HandlerContext.Json)?.FirstOrDefault(c => c.SubjectId == subjectId);
        h.Set("grade", mine?.Grade);
        h.Set("gradeRetryAt", h.Now.AddDays(1));
        if (mine is null) return;
        var result = h.Get<RatingResult>("result")!;
        h.Set("result", result with { Grade = mine.Grade, Explanation = [.. result.Explanation, .. mine.Explanation] });
    }
}
