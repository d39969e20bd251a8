using System.Text.Json;
using Approval.Engine.Expressions;
using Approval.Engine.Migration;
using Approval.Engine.Model;

namespace Approval.Engine.Execution.Behaviors;

/// <summary>
/// Calls another process: the token waits on a call bookmark, from which the host starts the child in the same
/// transaction with the <c>camunda:in</c> variables; when the child completes, its <c>camunda:out</c> variables
/// come back and the token moves on. A migration keeps the call and its running child.
/// </summary>
internal sealed class CallActivityBehavior : ElementBehavior
{
    public static readonly CallActivityBehavior Instance = new();

    public override bool CanHoldToken => true;

    public override IReadOnlyList<BookmarkKind> Waits(FlowNode node) => [BookmarkKind.Call];

    // The running child is an instance of the process called when the call began: another version of the parent
    // that calls another process cannot take it over.
    public override IEnumerable<Problem> MigrationProblems(FlowNode source, FlowNode target, IEnumerable<Bookmark> waits)
    {
        if (waits.FirstOrDefault(b => b.Kind == BookmarkKind.Call && !b.IsBoundary) is { } call
            && ((CallActivity)target).CalledElement != call.CalledElement)
            yield return new(MigrationCodes.CalledProcessChanged, source.Id,
                $"'{source.Id}' waits for a running '{call.CalledElement}' instance, but the new version calls '{((CallActivity)target).CalledElement}'.");
    }

    internal override void Enter(IElementContext context, Execution token, FlowNode node)
    {
        var call = (CallActivity)node;
        token.State = ExecutionState.Waiting;
        context.AddBookmark(token, call.Id, BookmarkKind.Call, isBoundary: false, calledElement: call.CalledElement);
        BoundaryEventBehavior.ArmAll(context, token, call);
    }

    internal override void Resume(IElementContext context, Execution token, FlowNode node, Bookmark bookmark, Resumption resumption)
    {
        context.SetVariables(token, Map(((CallActivity)node).Outputs, resumption.Variables ?? new Dictionary<string, JsonElement>()));
        context.ScheduleLeave(token);
    }

    internal override void Migrate(IElementContext context, Execution token, FlowNode node, Bookmark bookmark) =>
        context.KeepBookmark(bookmark, token, bookmark.Task);

    /// <summary>Variables handed to the called child, by the <c>camunda:in</c> mappings.</summary>
    internal static Dictionary<string, JsonElement> Inputs(CallActivity call, IReadOnlyDictionary<string, JsonElement> visible) =>
        Map(call.Inputs, visible);

    internal static Dictionary<string, JsonElement> Map(IEnumerable<VariableMapping> mappings, IReadOnlyDictionary<string, JsonElement> from)
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

    /// <summary>JavaScript's undefined has no JSON form: it is kept as null.</summary>
    private static JsonElement Defined(JsonElement value) =>
        value.ValueKind == JsonValueKind.Undefined ? JsonSerializer.SerializeToElement<object?>(null) : value;
}
