using System.Text.Json;
using Approval.Engine.Expressions;
using Approval.Engine.Model;
using Approval.Engine.Parsing;
using Approval.Engine.Timing;

namespace Approval.Engine.Execution.Behaviors;

/// <summary>
/// A human task: the token waits on a task bookmark (what the inbox shows, resolved from the model's expressions
/// when the task is created) with the activity's boundary events armed beside it; completing the task sets its
/// variables and <c>outcome</c> and moves the token on.
/// </summary>
internal sealed class UserTaskBehavior : ElementBehavior
{
    public static readonly UserTaskBehavior Instance = new();

    public override bool CanHoldToken => true;

    public override IReadOnlyList<BookmarkKind> Waits(FlowNode node) => [BookmarkKind.Task];

    // A form the server does not render would leave the task open for ever: nobody could complete it.
    internal override void Validate(FlowNode node, BpmnParserOptions options, Action<string, string> problem)
    {
        base.Validate(node, options, problem);
        if (((UserTask)node).FormKey is { } formKey && options.KnownFormKeys is { } known && !known.Contains(formKey))
            problem(ProblemCodes.UnknownFormKey, $"User task '{node.Id}' uses form '{formKey}', which this server does not have (known: {string.Join(", ", known.Order())}).");
    }

    internal override void Enter(IElementContext context, Execution token, FlowNode node)
    {
        var task = (UserTask)node;
        token.State = ExecutionState.Waiting;
        var variables = context.Variables(token);
        string? Text(Expression? e) => e is null ? null : ExpressionEvaluator.EvaluateText(e, variables);
        var extensions = EvaluateExtensions(task, variables);
        var info = new TaskInfo
        {
            Name = TaskName(task, extensions, variables),
            Assignee = Text(task.Assignee),
            CandidateUsers = List(task.CandidateUsers, variables),
            CandidateGroups = List(task.CandidateGroups, variables),
            OrgId = Text(task.Org),
            FormKey = task.FormKey,
            Priority = int.TryParse(Text(task.Priority), out var p) ? p : 50,
            DueAt = DateOrDuration(context, task, task.DueDate, variables),
            FollowUpAt = DateOrDuration(context, task, task.FollowUpDate, variables),
            Extensions = extensions,
        };
        var bookmark = context.AddBookmark(token, task.Id, BookmarkKind.Task, isBoundary: false, task: info);
        context.History(HistoryKinds.TaskCreated, task.Id, taskId: bookmark.Id);
        BoundaryEventBehavior.ArmAll(context, token, task);
    }

    // The outcome is kept on the token too: a multi-instance body counts its items' outcomes (percentage votes).
    // 加签 keeps the token here: an opinion asked before sends the task back to whoever asked; a signer asked after
    // gets the step once its holder has set the step's variables; the last signer's completion ends the step.
    internal override void Resume(IElementContext context, Execution token, FlowNode node, Bookmark bookmark, Resumption resumption)
    {
        var task = bookmark.Task!;
        if (AddedSign.PositionOf(task.Extensions) == AddedSign.Before && task.Extensions.GetValueOrDefault(AddedSign.ReturnsTo) is { } requester)
        {
            Reopen(context, token, node, task.With(requester, [], [], AddedSign.Without(task.Extensions)));
            return;
        }
        context.SetVariables(token, resumption.Variables);
        if (task.Extensions.GetValueOrDefault(AddedSign.Then) is { } signer)
        {
            if (resumption.Outcome is { } first) context.SetVariable(token, "outcome", JsonSerializer.SerializeToElement(first));
            var marks = AddedSign.Without(task.Extensions);
            marks[AddedSign.Position] = AddedSign.After;
            Reopen(context, token, node, task.With(signer, [], [], marks));
            return;
        }
        if (resumption.Outcome is { } outcome) context.SetVariable(token, "outcome", JsonSerializer.SerializeToElement(outcome));
        token.LastOutcome = resumption.Outcome;
        context.ScheduleLeave(token);
    }

    private static void Reopen(IElementContext context, Execution token, FlowNode node, TaskInfo info)
    {
        var reopened = context.AddBookmark(token, node.Id, BookmarkKind.Task, isBoundary: false, task: info);
        context.History(HistoryKinds.TaskCreated, node.Id, taskId: reopened.Id);
    }

    /// <summary>
    /// The task stays under its id with its assignee, candidates and due date (people already hold it), and takes
    /// the new version's name, form and <c>ap:</c> attributes, so its next reminders follow the new policy.
    /// </summary>
    internal override void Migrate(IElementContext context, Execution token, FlowNode node, Bookmark bookmark)
    {
        var task = bookmark.Task;
        if (task is not null)
        {
            var userTask = (UserTask)node;
            var variables = context.Variables(token);
            var extensions = EvaluateExtensions(userTask, variables);
            foreach (var mark in AddedSign.Keys)
                if (task.Extensions.TryGetValue(mark, out var value)) extensions[mark] = value;
            task = new TaskInfo
            {
                Name = TaskName(userTask, extensions, variables),
                Assignee = task.Assignee, CandidateUsers = task.CandidateUsers, CandidateGroups = task.CandidateGroups, OrgId = task.OrgId,
                FormKey = userTask.FormKey, Priority = task.Priority, DueAt = task.DueAt, FollowUpAt = task.FollowUpAt, Extensions = extensions,
            };
        }
        context.KeepBookmark(bookmark, token, task);
    }

    // ap:title gives a task a name of its own from its variables ("支部委员会会议记录（2027年3月）"); so does a name
    // with ${…} in it, as Camunda and Flowable models write it ("审核 ${loopCounter}").
    private static string TaskName(UserTask task, IReadOnlyDictionary<string, string> extensions, IReadOnlyDictionary<string, JsonElement> variables)
    {
        if (extensions.TryGetValue("title", out var title) && !string.IsNullOrWhiteSpace(title)) return title.Trim();
        if (task.NameExpression is { } name && ExpressionEvaluator.EvaluateText(name, variables) is { } text && !string.IsNullOrWhiteSpace(text))
            return text.Trim();
        return task.DisplayName;
    }

    private static List<string> List(Expression? expression, IReadOnlyDictionary<string, JsonElement> variables)
    {
        if (expression is null) return [];
        var value = ExpressionEvaluator.Evaluate(expression, variables);
        if (value.ValueKind == JsonValueKind.Array)
            return value.EnumerateArray().Select(ExpressionEvaluator.AsText).Where(s => s.Length > 0).ToList();
        return ExpressionEvaluator.AsText(value).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }

    private static DateTimeOffset? DateOrDuration(IElementContext context, FlowNode node, Expression? expression,
        IReadOnlyDictionary<string, JsonElement> variables)
    {
        if (expression is null) return null;
        var text = ExpressionEvaluator.EvaluateText(expression, variables);
        if (string.IsNullOrWhiteSpace(text)) return null;
        return TimerSchedule.TryDateOrDuration(text, context.Step.Now)
            ?? throw new WorkflowFaultException(FaultCodes.BadTimer, $"'{text}' on '{node.Id}' is neither an ISO 8601 date-time nor a duration.", node.Id);
    }
}
