using Approval.Engine.Expressions;
using Approval.Engine.Model;
using Approval.Engine.Timing;

namespace Approval.Engine.Execution.Behaviors;

/// <summary>
/// Timer and message waits, shared by the kinds that hold them: intermediate catch events, receive tasks and
/// boundary events (armed on their activity's token).
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

    public static IReadOnlyList<BookmarkKind> KindsOf(EventTrigger trigger) => trigger switch
    {
        TimerTrigger => [BookmarkKind.Timer],
        MessageTrigger => [BookmarkKind.Message],
        _ => [],
    };
}
