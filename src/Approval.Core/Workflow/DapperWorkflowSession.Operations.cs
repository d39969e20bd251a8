using Approval.Core.Infrastructure;
using Approval.Engine.Runtime;
using Dapper;

namespace Approval.Core.Workflow;

/// <summary>What administrators' operations write: suspension (migration 0025) and retried work.</summary>
internal sealed partial class DapperWorkflowSession
{
    /// <summary>The claim a suspended instance's timers and signal deliveries are parked under (never expires).</summary>
    internal const string SuspendedOwner = "(suspended)";

    public async Task SetSuspendedAsync(InstanceRecord instance, bool suspended)
    {
        var updated = await Execute(
            "update instances set suspended = @suspended, row_version = row_version + 1 where id = @id and row_version = @rowVersion",
            new { suspended = suspended ? 1 : 0, id = instance.Id, rowVersion = instance.RowVersion });
        if (updated == 0) throw new ConcurrencyException($"Instance {instance.Id} was changed by another transaction.");
        instance.RowVersion++;
        instance.Suspended = suspended;
        var args = new { id = instance.Id, owner = SuspendedOwner, never = long.MaxValue };
        if (suspended)
        {
            await Execute("update timers set locked_by = @owner, locked_until = @never where instance_id = @id", args);
            return;
        }
        await Execute("update timers set locked_by = null, locked_until = null where instance_id = @id and locked_by = @owner", args);
        await Execute("update queued_signals set locked_by = null, locked_until = null where instance_id = @id and locked_by = @owner", args);
    }

    // The delivery's row is gone (taken to deliver it): written again, parked until the instance resumes.
    public Task ParkSignalAsync(QueuedSignal d) => Execute(
        """
        insert into queued_signals (id, signal_id, signal_name, instance_id, bookmark_id, variables, due_at, attempts, locked_by, locked_until)
        values (@Id, @SignalId, @SignalName, @InstanceId, @BookmarkId, @Variables, @DueAt, @Attempts, @Owner, @Never)
        """,
        new { d.Id, SignalId = d.Id.Split(':')[0], d.SignalName, d.InstanceId, d.BookmarkId, Variables = Json(d.Variables),
              DueAt = EpochTime.ToMs(d.DueAt), d.Attempts, Owner = SuspendedOwner, Never = long.MaxValue });

    public async Task<IReadOnlyList<TimerRecord>> ListTimersAsync(string instanceId) =>
        (await connection.QueryAsync<TimerRow>(
            """
            select id as Id, instance_id as InstanceId, definition_id as DefinitionId, element_id as ElementId, due_at as DueAt,
                   period as Period, remaining as Remaining, attempts as Attempts
            from timers where instance_id = @instanceId
            """, new { instanceId }, transaction)).Select(r => r.ToRecord()).ToList();

    public async Task<int> MakeDueAsync(string instanceId, DateTimeOffset now)
    {
        var args = new { instanceId, now = EpochTime.ToMs(now), owner = SuspendedOwner };
        return await Execute(
                   "update timers set due_at = @now, locked_by = null, locked_until = null where instance_id = @instanceId and attempts > 0 and (locked_by is null or locked_by <> @owner)", args)
               + await Execute(
                   "update queued_starts set due_at = @now, locked_by = null, locked_until = null where parent_instance_id = @instanceId and attempts > 0", args)
               + await Execute(
                   "update queued_signals set due_at = @now, locked_by = null, locked_until = null where instance_id = @instanceId and attempts > 0 and (locked_by is null or locked_by <> @owner)", args);
    }
}
