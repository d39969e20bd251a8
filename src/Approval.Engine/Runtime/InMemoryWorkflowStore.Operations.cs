using System.Text.Json;

namespace Approval.Engine.Runtime;

public sealed partial class InMemoryWorkflowStore
{
    /// <summary>The claim a suspended instance's timers and signal deliveries are parked under: never expiring, so never claimed.</summary>
    private const string SuspendedOwner = "(suspended)";

    private sealed partial class Session
    {
        public Task SetSuspendedAsync(InstanceRecord instance, bool suspended)
        {
            var stored = JsonSerializer.Deserialize<InstanceRecord>(data.Instances[instance.Id], StoreJson.Options)!;
            if (stored.RowVersion != instance.RowVersion) throw new ConcurrencyException($"Instance {instance.Id} changed concurrently.");
            instance.RowVersion++;
            instance.Suspended = suspended;
            data.Instances[instance.Id] = JsonSerializer.Serialize(instance, StoreJson.Options);
            foreach (var t in data.Timers.Values.Where(t => t.Timer.InstanceId == instance.Id).ToList())
                data.Timers[t.Timer.Id] = suspended ? t with { LockedUntil = DateTimeOffset.MaxValue, Owner = SuspendedOwner }
                    : t.Owner == SuspendedOwner ? t with { LockedUntil = null, Owner = null } : t;
            if (!suspended)
                foreach (var s in data.SignalQueue.Values.Where(s => s.Signal.InstanceId == instance.Id && s.Owner == SuspendedOwner).ToList())
                    data.SignalQueue[s.Signal.Id] = s with { LockedUntil = null, Owner = null };
            return Task.CompletedTask;
        }

        public Task ParkSignalAsync(QueuedSignal delivery)
        {
            data.SignalQueue[delivery.Id] = new(delivery, delivery.Id.Split(':')[0], DateTimeOffset.MaxValue, SuspendedOwner);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<TimerRecord>> ListTimersAsync(string instanceId) =>
            Task.FromResult<IReadOnlyList<TimerRecord>>(data.Timers.Values.Where(t => t.Timer.InstanceId == instanceId).Select(t => t.Timer).ToList());

        public Task<int> MakeDueAsync(string instanceId, DateTimeOffset now)
        {
            var count = 0;
            foreach (var t in data.Timers.Values.Where(t => t.Timer.InstanceId == instanceId && t.Timer.Attempts > 0 && t.Owner != SuspendedOwner).ToList())
            {
                data.Timers[t.Timer.Id] = new(t.Timer with { DueAt = now });
                count++;
            }
            foreach (var s in data.Starts.Values.Where(s => s.Start.ParentInstanceId == instanceId && s.Start.Attempts > 0).ToList())
            {
                data.Starts[s.Start.Id] = new(s.Start with { DueAt = now });
                count++;
            }
            foreach (var s in data.SignalQueue.Values.Where(s => s.Signal.InstanceId == instanceId && s.Signal.Attempts > 0 && s.Owner != SuspendedOwner).ToList())
            {
                data.SignalQueue[s.Signal.Id] = new(s.Signal with { DueAt = now }, s.SignalId);
                count++;
            }
            return Task.FromResult(count);
        }
    }
}
