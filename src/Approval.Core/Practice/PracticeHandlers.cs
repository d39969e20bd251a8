using System.Text.Json;
using Approval.Core.Workflow;

namespace Approval.Core.Practice;

/// <summary>
/// 督促践行: each month's report, a report that lapsed unfiled, and the upper organization's quarterly check or
/// half-year review (季检查、半年回头看) are kept as practice records. Missed reports count as absences in scoring.
/// </summary>
public sealed class PracticeHandlers
{
    public const string Record = "practice.record";
    public const string Missed = "practice.missed";

    /// <summary>Stores the form variable named by <c>ap:kind</c> (report, quarter, half-year) for the current month.</summary>
    public Task RecordEntryAsync(HandlerContext h)
    {
        var kind = h.Attribute("kind");
        var content = h.Get<JsonElement>(kind == "report" ? "report" : "check");
        return InsertAsync(h, kind, content.ValueKind == JsonValueKind.Undefined ? "{}" : content.GetRawText());
    }

    public Task RecordMissedAsync(HandlerContext h) => InsertAsync(h, "missed", "{}");

    private static Task InsertAsync(HandlerContext h, string kind, string content)
    {
        var month = h.Get<JsonElement>("month");
        return h.ExecuteAsync("""
            insert into practice_records (id, instance_id, subject_kind, subject_id, org_id, year, month, kind, content, recorded_at, recorded_by)
            values (@id, @instance, @subjectKind, @subjectId, @orgId, @year, @month, @kind, @content, @now, @by)
            """, new
        {
            id = Guid.NewGuid().ToString(), instance = h.Task.InstanceId, subjectKind = h.Text("subjectKind"), subjectId = h.Text("subjectId"),
            orgId = h.Text("orgId"), year = h.Int("year"), month = month.ValueKind == JsonValueKind.Object ? month.GetProperty("month").GetInt32() : 0,
            kind, content, now = h.NowMs, by = h.Task.Actor,
        });
    }
}
