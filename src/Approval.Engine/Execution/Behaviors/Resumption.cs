using System.Text.Json;

namespace Approval.Engine.Execution.Behaviors;

/// <summary>What came with the end of a wait: the task's, message's or called child's variables, and a task's outcome.</summary>
internal sealed record Resumption(IReadOnlyDictionary<string, JsonElement>? Variables, string? Outcome = null);
