using System.Text.Json;

namespace Approval.Engine.Execution;

public enum InstanceStatus { Running, Completed, Terminated }

/// <summary>
/// The live state of one instance: its root variables, its executions (tokens and scopes) and the bookmarks they
/// wait on. Loaded by the store, advanced by the <see cref="Interpreter"/>, saved back from the recorded changes.
/// </summary>
public sealed class InstanceState
{
    public required string InstanceId { get; init; }
    public InstanceStatus Status { get; set; } = InstanceStatus.Running;
    public Dictionary<string, JsonElement> Variables { get; init; } = new(StringComparer.Ordinal);
    public List<Execution> Executions { get; init; } = [];
    public List<Bookmark> Bookmarks { get; init; } = [];

    public Execution? FindExecution(string id) => Executions.Find(e => e.Id == id);
    public Bookmark? FindBookmark(string id) => Bookmarks.Find(b => b.Id == id);
    public IEnumerable<Execution> ChildrenOf(string id) => Executions.Where(e => e.ParentId == id);

    /// <summary>The scopes that hold <paramref name="execution"/>, innermost first, up to the root.</summary>
    public IEnumerable<Execution> AncestorsOf(Execution execution)
    {
        for (var parent = execution.ParentId is null ? null : FindExecution(execution.ParentId); parent is not null;
             parent = parent.ParentId is null ? null : FindExecution(parent.ParentId))
            yield return parent;
    }

    /// <summary>Element ids where tokens currently are (the root scope excluded).</summary>
    public IReadOnlyList<string> ActiveElementIds() =>
        Executions.Where(e => e.ParentId is not null && !e.IsMultiInstanceBody).Select(e => e.ElementId).Distinct().ToList();
}

public enum ExecutionState { Active, Waiting, Joining }

/// <summary>
/// A token, or a scope that holds tokens: the process root, an active sub-process, or a multi-instance body.
/// </summary>
public sealed class Execution
{
    public required string Id { get; init; }
    public string? ParentId { get; set; }
    public required string ElementId { get; set; }
    public ExecutionState State { get; set; }

    /// <summary>The sequence flow the token came in by (parallel joins count arrivals per flow).</summary>
    public string? ArrivedVia { get; set; }

    /// <summary>Variables local to this scope (sub-process, multi-instance body or instance); null when none.</summary>
    public Dictionary<string, JsonElement>? Variables { get; set; }

    public bool IsMultiInstanceBody { get; set; }
    public bool IsMultiInstanceItem { get; set; }
    public MultiInstanceProgress? MultiInstance { get; set; }

    /// <summary>The outcome of the last task done on this token (counted by multi-instance bodies).</summary>
    public string? LastOutcome { get; set; }

    /// <summary>Set when the token leaves the state during a step, so work queued for it is dropped.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Removed { get; set; }
}

public sealed class MultiInstanceProgress
{
    public int Total { get; set; }
    public int Completed { get; set; }
    public int Started { get; set; }
    /// <summary>The collection's items; null when the count came from a loop cardinality.</summary>
    public JsonElement? Items { get; set; }
    public Dictionary<string, int> Outcomes { get; set; } = new(StringComparer.Ordinal);
}
