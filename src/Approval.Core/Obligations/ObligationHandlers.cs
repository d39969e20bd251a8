using System.Text.Json;
using Approval.Core.Workflow;

namespace Approval.Core.Obligations;

/// <summary>The service tasks of <c>obligation.bpmn</c>: open the period's row, keep the record, or keep that it was missed.</summary>
public sealed class ObligationHandlers
{
    public const string Open = "obligation.open";
    public const string Record = "obligation.record";
    public const string Missed = "obligation.missed";

    /// <summary>The period's row, written in the start's transaction: its key refuses a second start of the same period.</summary>
    public Task OpenPeriodAsync(HandlerContext h) => h.ExecuteAsync("""
        insert into obligation_records (obligation_key, period, org_id, instance_id, year, status, recorded_at)
        values (@key, @period, @orgId, @instance, @year, 'open', @now)
        """, new { key = h.Text("obligationKey"), period = h.Text("period"), orgId = h.Text("orgId"), instance = h.Task.InstanceId, year = h.Int("year"), now = h.NowMs });

    public Task KeepRecordAsync(HandlerContext h)
    {
        var record = h.Get<ObligationRecord>("record") ?? throw h.Fault("The record task left no 'record'.");
        return h.ExecuteAsync("""
            update obligation_records set status = 'recorded', held_on = @HeldOn, attendance = @Attendance, topic = @Topic, minutes = @Minutes,
                attachments = @attachments, recorded_at = @now, recorded_by = @by
            where instance_id = @instance
            """, new { record.HeldOn, record.Attendance, record.Topic, record.Minutes, attachments = JsonSerializer.Serialize(record.Attachments, Engine.Runtime.StoreJson.Options),
                       now = h.NowMs, by = h.Task.Actor, instance = h.Task.InstanceId });
    }

    public Task KeepMissedAsync(HandlerContext h) =>
        h.ExecuteAsync("update obligation_records set status = 'missed', recorded_at = @now where instance_id = @instance",
            new { now = h.NowMs, instance = h.Task.InstanceId });
}

/// <summary>What the record form keeps: when it took place, who attended, the topic, minutes and attachments.</summary>
public sealed record ObligationRecord(string HeldOn, int Attendance, string Topic, string Minutes, IReadOnlyList<string> Attachments);
