using System.Text.Json;
using Approval.Core.Workflow;
using Approval.Engine.Timing;

namespace Approval.Core.Notices;

/// <summary>
/// The service tasks of the public notice (公示) workflow and of pledge publication. The notice row is locked
/// (updated) before objections are counted, and an objection is only accepted by updating the same row while the
/// notice is open, so an objection and the notice's close never pass each other unseen (Decisions: an objection
/// pauses ratification).
/// </summary>
public sealed class NoticeHandlers
{
    public const string PublishPledge = "pledge.publish";
    public const string Publish = "notice.publish";
    public const string Check = "notice.check";
    public const string Resolve = "notice.resolve";
    public const string Close = "notice.close";
    public const string ObjectionMessage = "objection-filed";

    /// <summary>"党组织承诺事项由上级党组织统一公示…党员承诺事项经所在党支部审定后进行公示": published, no objection window.</summary>
    public async Task PublishPledgeNoticeAsync(HandlerContext h)
    {
        var pledge = h.Get<JsonElement>("pledge");
        await InsertAsync(h, "pledge", pledge, closesAt: null, status: "published");
        await Ratings.IndividualStarCounts.PledgedAsync(h, pledge);
    }

    public async Task PublishNoticeAsync(HandlerContext h)
    {
        var calendar = h.Get<JsonElement>("calendar");
        var period = calendar.ValueKind == JsonValueKind.Object && calendar.TryGetProperty("noticePeriod", out var p) ? p.GetString() : null;
        if (!IsoDuration.TryParse(period, out var duration)) IsoDuration.TryParse(Campaigns.Periods.Default.NoticePeriod, out duration);
        var closesAt = duration.AddTo(h.Now);
        var id = await InsertAsync(h, h.Text("noticeKind"), h.Get<JsonElement>("result"), closesAt, "open");
        h.Set("noticeId", id);
        h.Set("noticeClosesAt", closesAt);
    }

    /// <summary>Counts undecided objections after taking the notice row, so a concurrent objection is either seen here or refused.</summary>
    public async Task CheckObjectionsAsync(HandlerContext h)
    {
        var noticeId = h.Text("noticeId");
        await h.ExecuteAsync("update notices set checked_at = @now where id = @noticeId", new { now = h.NowMs, noticeId });
        h.Set("pendingObjections", await h.SingleAsync<int>("select count(*) from objections where notice_id = @noticeId and status = 'pending'", new { noticeId }));
    }

    /// <summary>
    /// Applies the investigation's decision (outcome dismiss | uphold) to the objections the investigator saw
    /// (<c>objectionIds</c>; all pending ones when not given). An upheld objection withdraws the notice and sends the
    /// rating back to re-assessment; objections filed meanwhile stay pending and are investigated next.
    /// </summary>
    public async Task ResolveObjectionsAsync(HandlerContext h)
    {
        var noticeId = h.Text("noticeId");
        var upheld = h.TryText("outcome") == "uphold";
        var seen = h.Get<List<string>>("objectionIds") is { Count: > 0 } ids
            ? ids
            : (await h.QueryAsync<string>("select id from objections where notice_id = @noticeId and status = 'pending'", new { noticeId })).ToList();
        await h.ExecuteAsync("""
            update objections set status = @status, decided_at = @now, decided_by = @by, decision = @decision
            where id = @id and notice_id = @noticeId and status = 'pending'
            """, seen.Select(id => new { status = upheld ? "upheld" : "dismissed", now = h.NowMs, by = h.Task.Actor, decision = h.TryText("opinion"), noticeId, id }));
        var closesAt = await h.SingleAsync<long?>("select closes_at from notices where id = @noticeId", new { noticeId });
        var stillPending = await h.SingleAsync<int>("select count(*) from objections where notice_id = @noticeId and status = 'pending'", new { noticeId });
        var status = upheld ? "withdrawn" : stillPending > 0 ? "investigating" : "open";
        await h.ExecuteAsync("update notices set status = @status where id = @noticeId", new { status, noticeId });
        h.Set("noticeOutcome", upheld ? "upheld" : "dismissed");
        h.Set("noticeOpen", !upheld && closesAt > h.NowMs);
    }

    /// <summary>The notice ran its course with no objection pending: ratification may follow.</summary>
    public async Task CloseNoticeAsync(HandlerContext h)
    {
        await h.ExecuteAsync("update notices set status = 'closed' where id = @noticeId", new { noticeId = h.Text("noticeId") });
        h.Set("noticeOutcome", "passed");
    }

    private static async Task<string> InsertAsync(HandlerContext h, string kind, JsonElement content, DateTimeOffset? closesAt, string status)
    {
        var id = Guid.CreateVersion7().ToString();
        await h.ExecuteAsync("""
            insert into notices (id, campaign_id, kind, subject_kind, subject_id, subject_name, org_id, year, content, opens_at, closes_at, status, instance_id)
            values (@id, @campaign, @kind, @subjectKind, @subjectId, @subjectName, @orgId, @year, @content, @now, @closes, @status, @instance)
            """, new
        {
            id, campaign = h.TryText("campaignId"), kind, subjectKind = h.Text("subjectKind"), subjectId = h.Text("subjectId"),
            subjectName = h.Text("subjectName"), orgId = h.Text("orgId"), year = h.Int("year"),
            content = content.ValueKind == JsonValueKind.Undefined ? "{}" : content.GetRawText(),
            now = h.NowMs, closes = Infrastructure.EpochTime.ToMs(closesAt), status, instance = h.Task.InstanceId,
        });
        return id;
    }
}
