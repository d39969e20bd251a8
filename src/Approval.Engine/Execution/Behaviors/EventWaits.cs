using Approval.Engine.Expressions;
using Approval.Engine.Model;
using Approval.Engine.Timing;

namespace Approval.Engine.Execution.Behaviors;

/// <summary>
/// Timer, message, signal and condition waits, shared by the kinds that hold them: intermediate catch events,
/// receive tasks, event-based gateways (armed on the gateway's token) and boundary events (on their activity's).
/// </summary>
internal static class EventWaits
{
    /// <summary>
    /// Arms a timer. Durations and cycles count from <paramref name="since"/> (now, unless a migration re-arms a
    /// timer whose wait began earlier); <paramref name="remainingCap"/> keeps a re-armed cycle from repeating more
    /// often than it had left.
    /// </summary>
    public static void ArmTimer(IElementContext context, Execution token, string elementId, TimerTrigger timer, bool isBoundary,
        DateTimeOffset? since = null, int? remainingCap = null)
    {
        if (!isBoundary) token.State = ExecutionState.Waiting;
        var text = ExpressionEvaluator.EvaluateText(timer.Value, context.Variables(token)) ?? "";
        var schedule = TimerSchedule.TryParse(timer.Kind, text, since ?? context.Step.Now)
            ?? throw new WorkflowFaultException(FaultCodes.BadTimer, $"Timer '{text}' on '{elementId}' does not parse.", elementId);
        // A cycle on an intermediate event has nothing to repeat: it waits for the first occurrence only.
        var repeats = isBoundary && schedule.Period is not null;
        var remaining = repeats ? schedule.Repetitions : 1;
        if (repeats && remainingCap is { } cap) remaining = remaining is null ? cap : Math.Min(remaining.Value, cap);
        context.AddBookmark(token, elementId, BookmarkKind.Timer, isBoundary, dueAt: schedule.FirstDue,
            period: repeats ? schedule.Period!.ToString() : null, remaining: remaining);
    }

    /// <summary>A non-interrupting cycle stays armed until its repetitions are used up; what it missed fires a bounded number of times.</summary>
    public static void RearmCycle(IElementContext context, Execution token, Bookmark fired)
    {
        if (!CyclePeriod.TryParse(fired.Period, out var period)) return;
        var until = context.Step.CatchUpUntil ?? context.Step.Now;
        if (CycleCatchUp.Next(fired.DueAt!.Value, period, fired.Remaining, until, context.Step.Limits.MaxTimerCatchUp) is not { } next) return;
        context.AddBookmark(token, fired.ElementId, BookmarkKind.Timer, isBoundary: true, dueAt: next.Due, period: fired.Period, remaining: next.Remaining);
    }

    /// <summary>Waits for a message; its correlation key is evaluated once, when the wait begins.</summary>
    public static void AwaitMessage(IElementContext context, Execution token, string elementId, MessageTrigger message, bool isBoundary)
    {
        var key = message.CorrelationKey is null ? null : ExpressionEvaluator.EvaluateText(message.CorrelationKey, context.Variables(token));
        context.AddBookmark(token, elementId, BookmarkKind.Message, isBoundary, messageName: message.MessageName, correlationKey: key);
    }

    /// <summary>Waits for a broadcast signal (every instance waiting when it is thrown receives it).</summary>
    public static void AwaitSignal(IElementContext context, Execution token, string elementId, SignalTrigger signal, bool isBoundary) =>
        context.AddBookmark(token, elementId, BookmarkKind.Signal, isBoundary, messageName: signal.SignalName);

    /// <summary>
    /// Waits for a condition, looked at whenever a step of the instance settles; <paramref name="held"/> marks a
    /// non-interrupting boundary's condition as already true, so it fires again only after turning false.
    /// </summary>
    public static void AwaitCondition(IElementContext context, Execution token, string elementId, bool isBoundary, bool held = false) =>
        context.AddBookmark(token, elementId, BookmarkKind.Condition, isBoundary, conditionHeld: held);

    /// <summary>Arms the wait of a catching event's trigger (timers count from <paramref name="since"/>, else now).</summary>
    public static void Arm(IElementContext context, Execution token, string elementId, EventTrigger trigger, bool isBoundary,
        DateTimeOffset? since = null, int? remainingCap = null)
    {
        switch (trigger)
        {
            case TimerTrigger timer: ArmTimer(context, token, elementId, timer, isBoundary, since, remainingCap); break;
            case MessageTrigger message: AwaitMessage(context, token, elementId, message, isBoundary); break;
            case SignalTrigger signal: AwaitSignal(context, token, elementId, signal, isBoundary); break;
            case ConditionalTrigger: AwaitCondition(context, token, elementId, isBoundary); break;
        }
    }

    /// <summary>
    /// A non-interrupting event's wait fired and stays armed (on a boundary's activity or an event sub-process's
    /// scope): a cycle until its repetitions are used up, a condition as already holding (it fires again only after
    /// turning false), a message or signal for the next one.
    /// </summary>
    public static void Rearm(IElementContext context, Execution token, Bookmark fired, EventTrigger trigger)
    {
        if (fired.Kind == BookmarkKind.Timer) RearmCycle(context, token, fired);
        else if (fired.Kind == BookmarkKind.Condition) AwaitCondition(context, token, fired.ElementId, isBoundary: true, held: true);
        else if (fired.Kind is BookmarkKind.Message or BookmarkKind.Signal) Arm(context, token, fired.ElementId, trigger, isBoundary: true);
    }

    public static IReadOnlyList<BookmarkKind> KindsOf(EventTrigger trigger) => trigger switch
    {
        TimerTrigger => [BookmarkKind.Timer],
        MessageTrigger => [BookmarkKind.Message],
        SignalTrigger => [BookmarkKind.Signal],
        ConditionalTrigger => [BookmarkKind.Condition],
        _ => [],
    };
}
