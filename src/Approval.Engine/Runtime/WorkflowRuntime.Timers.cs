using Approval.Engine.Execution;
using Approval.Engine.Limits;
using Approval.Engine.Model;
using Approval.Engine.Timing;

namespace Approval.Engine.Runtime;

public sealed partial class WorkflowRuntime
{
    /// <summary>How long a node may hold a claimed timer before another node may take it over.</summary>
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Failed firings of one timer before it is given up (each failure is recorded as an incident).</summary>
    public const int MaxTimerAttempts = 5;

    /// <summary>
    /// One sweep: claims due timers in batches and fires each in its own transaction, until none is due. A timer
    /// whose firing fails (the model faults, a handler throws, the database hiccups) is retried with back-off and
    /// recorded as an incident, so one bad instance never stalls the sweep; after <see cref="MaxTimerAttempts"/> it is dropped.
    /// </summary>
    public async Task<SweepResult> RunDueTimersAsync(string owner, int batchSize = 500, CancellationToken ct = default)
    {
        var fired = 0;
        var claimed = 0;
        var failures = new List<(string TimerId, Exception Error)>();
        while (!ct.IsCancellationRequested)
        {
            var now = Now;
            var batch = await store.ClaimDueTimersAsync(now, now + ClaimTimeout, owner, batchSize, ct);
            if (batch.Count == 0) break;
            claimed += batch.Count;
            foreach (var timer in batch)
            {
                try
                {
                    if (await FireAsync(timer, owner, ct)) fired++;
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    failures.Add((timer.Id, error));
                    await RecordFailureAsync(timer, owner, error, ct);
                }
            }
        }
        return new SweepResult(fired, claimed, failures);
    }

    /// <summary>
    /// Moves a manual clock forward, stopping at every timer due on the way and sweeping there, so cycles and
    /// deadlines interleave as they would in real time.
    /// </summary>
    public async Task<int> AdvanceAsync(ManualClock manual, TimeSpan by, string owner, CancellationToken ct = default)
    {
        var target = manual.GetUtcNow() + by;
        _advancingTo.Value = target;
        var fired = 0;
        while (true)
        {
            var next = await store.ExecuteAsync(session => session.NextTimerDueAsync(target), ct);
            if (next is null) break;
            if (next > manual.GetUtcNow()) manual.Set(next.Value);
            var sweep = await RunDueTimersAsync(owner, ct: ct);
            fired += sweep.Fired;
            if (sweep.Claimed == 0) break; // what is due is held by another node
        }
        manual.Set(target);
        fired += (await RunDueTimersAsync(owner, ct: ct)).Fired;
        return fired;
    }

    // Set for the duration of a manual clock advance (an AsyncLocal flows into the sweeps it runs).
    private readonly AsyncLocal<DateTimeOffset?> _advancingTo = new();

    private DateTimeOffset CatchUpUntil => _advancingTo.Value is { } target && target > Now ? target : Now;

    private Task RecordFailureAsync(TimerRecord timer, string owner, Exception error, CancellationToken ct) =>
        store.ExecuteAsync(async session =>
        {
            if (await PostponeOrGiveUpAsync(timer.Attempts, () => session.TryTakeTimerAsync(timer.Id, owner),
                    due => session.PostponeTimerAsync(timer.Id, owner, due)) is not { } gaveUp)
                return false;
            if (gaveUp && timer.InstanceId is null) await ArmNextStartAsync(session, timer);
            if (timer.InstanceId is not null)
                await session.AppendHistoryAsync(timer.InstanceId,
                    Incident((error as WorkflowFaultException)?.ElementId ?? timer.ElementId, $"Timer {timer.ElementId}", error, timer.Attempts, gaveUp));
            return true;
        }, ct);

    /// <summary>
    /// A failed attempt at queued work (a timer's firing, a queued signal's delivery) after <paramref name="attempts"/>
    /// earlier ones: postponed with back-off (1, 2, 4, 8 minutes), or taken away for good at the
    /// <see cref="MaxTimerAttempts"/>th. Whether it was given up; null when another node holds it now.
    /// </summary>
    private async Task<bool?> PostponeOrGiveUpAsync(int attempts, Func<Task<bool>> take, Func<DateTimeOffset, Task<bool>> postpone)
    {
        var attempt = attempts + 1;
        var givingUp = attempt >= MaxTimerAttempts;
        var kept = givingUp ? await take() : await postpone(Now + TimeSpan.FromMinutes(Math.Pow(2, attempt - 1)));
        return kept ? givingUp : null;
    }

    /// <summary>The history's record of such a failed attempt: the fault's code, what failed, and whether it is retried.</summary>
    private HistoryEntry Incident(string? elementId, string what, Exception error, int attempts, bool gaveUp)
    {
        var attempt = attempts + 1;
        var next = gaveUp ? $"gave up after {attempt} attempts" : $"attempt {attempt} of {MaxTimerAttempts}, retried later";
        return new HistoryEntry(Now, HistoryKinds.Incident, elementId, Outcome: error is WorkflowFaultException fault ? fault.Code : "error",
            Comment: IncidentDetail($"{what}: {error.Message} ({next})", error));
    }

    private Task<bool> FireAsync(TimerRecord timer, string owner, CancellationToken ct) =>
        store.ExecuteAsync(async session =>
        {
            if (!await session.TryTakeTimerAsync(timer.Id, owner)) return false;
            if (timer.InstanceId is null)
            {
                await FireStartTimerAsync(session, timer);
                return true;
            }
            var instance = await session.LoadInstanceAsync(timer.InstanceId);
            if (instance is null || instance.Status != InstanceStatus.Running || instance.State.FindBookmark(timer.Id) is null) return false;
            await StepAsync(session, instance, null, i => i.FireTimer(timer.Id));
            return true;
        }, ct);

    private async Task FireStartTimerAsync(IWorkflowSession session, TimerRecord timer)
    {
        var record = await session.GetDefinitionAsync(timer.DefinitionId!);
        if (record is null) return;
        var start = (StartEvent)(await cache.GetAsync(session, record.Id)).Node(timer.ElementId);
        await StartInSessionAsync(session, record.Info, null, null, null, null, null, start);
        await ArmNextStartAsync(session, timer);
    }

    /// <summary>
    /// A timer start cycle arms its next occurrence, even when this one failed for good; of the occurrences it
    /// missed, at most <see cref="EngineLimits.MaxTimerCatchUp"/> fire.
    /// </summary>
    private async Task ArmNextStartAsync(IWorkflowSession session, TimerRecord timer)
    {
        if (!CyclePeriod.TryParse(timer.Period, out var period)) return;
        if (CycleCatchUp.Next(timer.DueAt, period, timer.Remaining, CatchUpUntil, limits.MaxTimerCatchUp) is { } next)
            await session.InsertTimerAsync(timer with { Id = NewId(), DueAt = next.Due, Remaining = next.Remaining, Attempts = 0 });
    }

    /// <summary>A new version replaces the previous version's timer start events.</summary>
    private async Task ArmStartTimersAsync(IWorkflowSession session, DefinitionRecord record, ProcessDefinition process)
    {
        await session.DeleteStartTimersAsync(record.Key);
        foreach (var start in process.TimerStarts)
        {
            var text = start.Timer!.Value.Text;
            var schedule = TimerSchedule.TryParse(start.Timer.Kind, text, Now)
                ?? throw new WorkflowFaultException(FaultCodes.BadTimer, $"Start timer '{text}' of '{start.Id}' must be a literal date, duration or cycle.", start.Id);
            await session.InsertTimerAsync(new TimerRecord(NewId(), null, record.Id, start.Id, schedule.FirstDue,
                schedule.Period?.ToString(), schedule.Period is null ? 1 : schedule.Repetitions));
        }
    }
}

public sealed record SweepResult(int Fired, int Claimed, IReadOnlyList<(string TimerId, Exception Error)> Failures);
