using Approval.Engine.Runtime;
using Approval.Engine.Timing;

namespace Approval.Core.Clock;

/// <summary>
/// The manual clock of tests and demos: moving it starts queued children, runs every timer due on the way, then
/// delivers the outbox, before answering.
/// </summary>
public sealed class ClockService(TimeProvider clock, WorkflowRuntime runtime, NodeIdentity node, Workflow.SweepGate gate,
    Infrastructure.AppSettings settings, Outbox.OutboxDispatcher outbox, Reminders.ReminderService reminders,
    Obligations.ObligationScheduler obligations, Voting.VoteStore votes)
{
    public bool IsManual => clock is ManualClock;
    public DateTimeOffset Now => clock.GetUtcNow();

    public async Task<int> AdvanceAsync(TimeSpan by, CancellationToken ct = default)
    {
        if (clock is not ManualClock manual) throw new InvalidOperationException("The clock is not in manual mode.");
        if (by < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(by), "The clock only moves forward.");
        await gate.Lock.WaitAsync(ct);
        try
        {
            // The target is saved first: if the node dies half-way, it restarts there and its sweep fires the rest.
            await settings.SaveManualClockAsync(manual.GetUtcNow() + by);
            // Queued child starts first, so the children exist before the timers they arm are due.
            await runtime.RunQueuedStartsAsync(node.Name, ct: ct);
            var fired = await runtime.AdvanceAsync(manual, by, node.Name, ct);
            await runtime.RunQueuedStartsAsync(node.Name, ct: ct);
            await runtime.RunQueuedSignalsAsync(node.Name, ct: ct);
            await obligations.RunAsync(ct);
            await votes.CloseDueAsync();
            await reminders.RunAsync(ct);
            // Deliver what the fired timers queued, so a demo's mails appear as soon as time has moved.
            await outbox.DispatchAsync(ct: ct);
            return fired;
        }
        finally
        {
            gate.Lock.Release();
        }
    }
}

/// <summary>This process's name in timer and outbox claims.</summary>
public sealed record NodeIdentity(string Name);
