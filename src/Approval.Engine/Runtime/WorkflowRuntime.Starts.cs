using System.Runtime.CompilerServices;
using Approval.Engine.Execution;

namespace Approval.Engine.Runtime;

public sealed partial class WorkflowRuntime
{
    /// <summary>
    /// How many child instances one transaction starts itself. A call activity beyond it queues its child's start
    /// in the same transaction, and <see cref="RunQueuedStartsAsync"/> starts it later in a transaction of its own,
    /// while the parent waits at the call exactly as before. A campaign fans out into hundreds of thousands of
    /// instances: without this bound one task completion would start them all in one transaction, holding
    /// SQLite's single writer lock for minutes and growing one transaction without limit.
    /// </summary>
    public int InlineStartLimit { get; set; } = 1_000;

    /// <summary>
    /// Queued starts taken per transaction. A queued child often starts children of its own inline (an
    /// organization's cycle its twenty members): ten per transaction keep those few hundred within
    /// <see cref="InlineStartLimit"/>, so they start at once instead of going through the queue a second time
    /// (measured on the campaign benchmark, SQLite, 420,000 instances: 149 s with 100 per transaction, 137 s with 10).
    /// </summary>
    public const int QueuedStartBatch = 10;

    /// <summary>Failed starts of one queued child are retried with back-off up to this delay, and never dropped: the parent waits for it.</summary>
    public static readonly TimeSpan MaxStartBackoff = TimeSpan.FromHours(1);

    // Children started so far per transaction (a session is one transaction; a retried transaction gets a new one).
    private readonly ConditionalWeakTable<IWorkflowSession, StrongBox<int>> _inlineStarts = new();

    /// <summary>
    /// Starts queued children until none is due: claims a batch, starts it in one transaction, and when that
    /// fails starts each of the batch in its own, so one bad start (recorded as an incident on its parent and
    /// retried with back-off) never holds back the others. Safe on several nodes at once: a start is taken out of
    /// the queue in the transaction that starts its child, so no child is started twice.
    /// </summary>
    public async Task<StartSweepResult> RunQueuedStartsAsync(string owner, int batchSize = QueuedStartBatch, CancellationToken ct = default)
    {
        var started = 0;
        var failures = new List<(string StartId, Exception Error)>();
        while (!ct.IsCancellationRequested)
        {
            var now = Now;
            var batch = await store.ClaimQueuedStartsAsync(now, now + ClaimTimeout, owner, batchSize, ct);
            if (batch.Count == 0) break;
            try
            {
                started += await store.ExecuteAsync(async session =>
                {
                    var count = 0;
                    // A batch is mostly children of one process: its latest version is looked up once per transaction.
                    var called = new Dictionary<string, DefinitionInfo>(StringComparer.Ordinal);
                    foreach (var start in batch)
                        if (await StartQueuedAsync(session, start, owner, called)) count++;
                    return count;
                }, ct);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                foreach (var start in batch)
                {
                    try
                    {
                        if (await store.ExecuteAsync(session => StartQueuedAsync(session, start, owner, new(StringComparer.Ordinal)), ct)) started++;
                    }
                    catch (Exception each) when (each is not OperationCanceledException)
                    {
                        failures.Add((start.Id, each));
                        await RecordStartFailureAsync(start, owner, each, ct);
                    }
                }
            }
        }
        return new StartSweepResult(started, failures);
    }

    private async Task<bool> StartQueuedAsync(IWorkflowSession session, QueuedStart start, string owner, Dictionary<string, DefinitionInfo> called)
    {
        if (!await session.TryTakeStartAsync(start.Id, owner)) return false;
        // The call may have been cancelled (a boundary event, a completion condition, termination) since it queued.
        if (!await session.HoldCallAsync(start.ParentInstanceId, start.Id)) return false;
        var definition = await CalledProcessAsync(session, start.CalledElement, start.ElementId, called);
        try
        {
            await StartInSessionAsync(session, definition, start.BusinessKey, start.Variables, null, start.ParentInstanceId, start.Id, null);
        }
        catch (WorkflowFaultException fault) when (fault.ErrorCode is not null)
        {
            await RaiseInParentAsync(session, start.ParentInstanceId, start.Id, fault);
        }
        return true;
    }

    /// <summary>
    /// The latest version of the process a call activity calls, looked up once per <paramref name="called"/> (a
    /// multi-instance call, or a batch of queued starts, names one process many times).
    /// </summary>
    private static async Task<DefinitionInfo> CalledProcessAsync(IWorkflowSession session, string calledElement, string elementId,
        Dictionary<string, DefinitionInfo> called)
    {
        if (called.TryGetValue(calledElement, out var known)) return known;
        return called[calledElement] = await session.FindDefinitionAsync(calledElement, null)
            ?? throw new WorkflowFaultException(FaultCodes.UnknownProcess, $"Call activity '{elementId}' calls '{calledElement}', which is not deployed.", elementId);
    }

    private Task RecordStartFailureAsync(QueuedStart start, string owner, Exception error, CancellationToken ct) =>
        store.ExecuteAsync(async session =>
        {
            var attempt = start.Attempts + 1;
            var delay = TimeSpan.FromMinutes(Math.Min(Math.Pow(2, attempt - 1), MaxStartBackoff.TotalMinutes));
            if (!await session.PostponeStartAsync(start.Id, owner, Now + delay)) return false;
            var code = error is WorkflowFaultException fault ? fault.Code : "error";
            await session.AppendHistoryAsync(start.ParentInstanceId, new HistoryEntry(Now, HistoryKinds.Incident, start.ElementId,
                Outcome: code, Comment: IncidentDetail($"Starting '{start.CalledElement}': {error.Message} (attempt {attempt}, retried in {delay.TotalMinutes:0} min)", error)));
            return true;
        }, ct);
}

public sealed record StartSweepResult(int Started, IReadOnlyList<(string StartId, Exception Error)> Failures);
