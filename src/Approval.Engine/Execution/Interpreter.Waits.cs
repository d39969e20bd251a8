using System.Text.Json;
using Approval.Engine.Expressions;
using Approval.Engine.Model;
using Approval.Engine.Timing;

namespace Approval.Engine.Execution;

public sealed partial class Interpreter
{
    private void CreateTask(Execution token, UserTask task)
    {
        token.State = ExecutionState.Waiting;
        var variables = VisibleVariables(token);
        string? Text(Expression? e) => e is null ? null : ExpressionEvaluator.EvaluateText(e, variables);
        var extensions = EvaluateExtensions(task, variables);
        var info = new TaskInfo
        {
            Name = TaskName(task, extensions),
            Assignee = Text(task.Assignee),
            CandidateUsers = List(task.CandidateUsers, variables),
            CandidateGroups = List(task.CandidateGroups, variables),
            OrgId = Text(task.Org),
            FormKey = task.FormKey,
            Priority = int.TryParse(Text(task.Priority), out var p) ? p : 50,
            DueAt = DateOrDuration(task, task.DueDate, variables),
            FollowUpAt = DateOrDuration(task, task.FollowUpDate, variables),
            Extensions = extensions,
        };
        var bookmark = AddBookmark(token, task.Id, BookmarkKind.Task, isBoundary: false, task: info);
        History(HistoryKinds.TaskCreated, task.Id, taskId: bookmark.Id);
        ArmBoundaries(token, task);
    }

    // ap:title gives a task a name of its own from its variables ("支部委员会会议记录（2027年3月）").
    private static string TaskName(UserTask task, IReadOnlyDictionary<string, string> extensions) =>
        extensions.TryGetValue("title", out var title) && !string.IsNullOrWhiteSpace(title) ? title.Trim() : task.DisplayName;

    private static List<string> List(Expression? expression, IReadOnlyDictionary<string, JsonElement> variables)
    {
        if (expression is null) return [];
        var value = ExpressionEvaluator.Evaluate(expression, variables);
        if (value.ValueKind == JsonValueKind.Array)
            return value.EnumerateArray().Select(ExpressionEvaluator.AsText).Where(s => s.Length > 0).ToList();
        return ExpressionEvaluator.AsText(value).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }

    private DateTimeOffset? DateOrDuration(FlowNode node, Expression? expression, IReadOnlyDictionary<string, JsonElement> variables)
    {
        if (expression is null) return null;
        var text = ExpressionEvaluator.EvaluateText(expression, variables);
        if (string.IsNullOrWhiteSpace(text)) return null;
        return TimerSchedule.TryDateOrDuration(text, _context.Now)
            ?? throw new WorkflowFaultException(FaultCodes.BadTimer, $"'{text}' on '{node.Id}' is neither an ISO 8601 date-time nor a duration.", node.Id);
    }

    private static Dictionary<string, string> EvaluateExtensions(FlowNode node, IReadOnlyDictionary<string, JsonElement> variables)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, expression) in node.Extensions)
            result[name] = ExpressionEvaluator.EvaluateText(expression, variables) ?? "";
        return result;
    }

    private void WaitForEvent(Execution token, IntermediateCatchEvent catchEvent)
    {
        switch (catchEvent.Trigger)
        {
            case TimerTrigger timer: ArmTimer(token, catchEvent.Id, timer, isBoundary: false); break;
            case MessageTrigger message: WaitForMessage(token, catchEvent, message); break;
        }
    }

    private void WaitForMessage(Execution token, FlowNode node, MessageTrigger message)
    {
        token.State = ExecutionState.Waiting;
        AddMessageBookmark(token, node.Id, message, isBoundary: false);
        if (node is Activity activity) ArmBoundaries(token, activity);
    }

    private void AddMessageBookmark(Execution token, string elementId, MessageTrigger message, bool isBoundary)
    {
        var key = message.CorrelationKey is null ? null : ExpressionEvaluator.EvaluateText(message.CorrelationKey, VisibleVariables(token));
        AddBookmark(token, elementId, BookmarkKind.Message, isBoundary, messageName: message.MessageName, correlationKey: key);
    }

    /// <summary>
    /// Arms a timer. Durations and cycles count from <paramref name="since"/> (now, unless a migration re-arms a
    /// timer whose wait began earlier); <paramref name="remainingCap"/> keeps a re-armed cycle from repeating more
    /// often than it had left.
    /// </summary>
    private void ArmTimer(Execution token, string elementId, TimerTrigger timer, bool isBoundary, DateTimeOffset? since = null, int? remainingCap = null)
    {
        if (!isBoundary) token.State = ExecutionState.Waiting;
        var text = ExpressionEvaluator.EvaluateText(timer.Value, VisibleVariables(token)) ?? "";
        var schedule = TimerSchedule.TryParse(timer.Kind, text, since ?? _context.Now)
            ?? throw new WorkflowFaultException(FaultCodes.BadTimer, $"Timer '{text}' on '{elementId}' does not parse.", elementId);
        // A cycle on an intermediate event has nothing to repeat: it waits for the first occurrence only.
        var repeats = isBoundary && schedule.Period is not null;
        var remaining = repeats ? schedule.Repetitions : 1;
        if (repeats && remainingCap is { } cap) remaining = remaining is null ? cap : Math.Min(remaining.Value, cap);
        AddBookmark(token, elementId, BookmarkKind.Timer, isBoundary, dueAt: schedule.FirstDue,
            period: repeats ? schedule.Period!.Value.ToString() : null, remaining: remaining);
    }

    /// <summary>Boundary timers and messages are armed on the activity's execution and die with it.</summary>
    private void ArmBoundaries(Execution token, Activity activity)
    {
        if (token.IsMultiInstanceItem) return; // a multi-instance activity's boundaries sit on its body
        foreach (var boundary in activity.Boundaries)
        {
            if (boundary.Trigger is TimerTrigger timer) ArmTimer(token, boundary.Id, timer, isBoundary: true);
            else if (boundary.Trigger is MessageTrigger message) AddMessageBookmark(token, boundary.Id, message, isBoundary: true);
        }
    }

    private void StartCall(Execution token, CallActivity call)
    {
        token.State = ExecutionState.Waiting;
        AddBookmark(token, call.Id, BookmarkKind.Call, isBoundary: false, calledElement: call.CalledElement);
        ArmBoundaries(token, call);
    }

    /// <summary>Variables handed to a called child, by the call activity's <c>camunda:in</c> mappings.</summary>
    public Dictionary<string, JsonElement> CallInputs(Bookmark bookmark)
    {
        var call = (CallActivity)_definition.Node(bookmark.ElementId);
        var token = _state.FindExecution(bookmark.ExecutionId)!;
        return Map(call.Inputs, VisibleVariables(token));
    }

    private static Dictionary<string, JsonElement> Map(IEnumerable<VariableMapping> mappings, IReadOnlyDictionary<string, JsonElement> from)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var mapping in mappings)
        {
            if (mapping.All)
                foreach (var (name, value) in from) result[name] = value;
            else if (mapping.SourceExpression is not null)
                result[mapping.Target!] = Defined(ExpressionEvaluator.Evaluate(mapping.SourceExpression, from));
            else if (mapping.Source is not null && from.TryGetValue(mapping.Source, out var value))
                result[mapping.Target!] = value;
        }
        return result;
    }

    private Bookmark AddBookmark(Execution token, string elementId, BookmarkKind kind, bool isBoundary, TaskInfo? task = null,
        DateTimeOffset? dueAt = null, string? period = null, int? remaining = null, string? messageName = null,
        string? correlationKey = null, string? calledElement = null)
    {
        var bookmark = new Bookmark
        {
            Id = _context.NewId(), Kind = kind, ExecutionId = token.Id, ElementId = elementId, IsBoundary = isBoundary,
            CreatedAt = _context.Now, Task = task, DueAt = dueAt, Period = period, Remaining = remaining,
            MessageName = messageName, CorrelationKey = correlationKey, CalledElement = calledElement,
        };
        _state.Bookmarks.Add(bookmark);
        Result.AddedBookmarks.Add(bookmark);
        return bookmark;
    }

    private void RemoveBookmark(Bookmark bookmark, RemovalReason reason)
    {
        _state.Bookmarks.Remove(bookmark);
        // A bookmark added and removed within one step never reached the store: nothing to undo there.
        if (!Result.AddedBookmarks.Remove(bookmark)) Result.RemovedBookmarks.Add(new RemovedBookmark(bookmark, reason));
    }

    private void RemoveBookmarksOf(Execution token, RemovalReason reason, bool boundariesOnly)
    {
        foreach (var bookmark in _state.Bookmarks.Where(b => b.ExecutionId == token.Id && (!boundariesOnly || b.IsBoundary)).ToList())
            RemoveBookmark(bookmark, reason);
    }
}
