using System.Text.Json;

namespace Approval.Engine.Execution;

public sealed partial class Interpreter
{
    /// <summary>The variables an expression at this token sees: its own scopes' locals over the instance's.</summary>
    private Dictionary<string, JsonElement> VisibleVariables(Execution token)
    {
        var chain = new List<Dictionary<string, JsonElement>>();
        for (var e = token; e is not null; e = e.ParentId is null ? null : _state.FindExecution(e.ParentId))
            if (e.Variables is { Count: > 0 } local) chain.Add(local);
        var visible = new Dictionary<string, JsonElement>(_state.Variables, StringComparer.Ordinal);
        for (var i = chain.Count - 1; i >= 0; i--)
            foreach (var (name, value) in chain[i]) visible[name] = value;
        return visible;
    }

    /// <summary>
    /// Sets a variable where it already lives (the nearest scope that has it), else on the instance — the
    /// behaviour Camunda users expect from task completion variables.
    /// </summary>
    private void SetVariable(Execution token, string name, JsonElement value)
    {
        value = Defined(value);
        for (var e = token; e is not null; e = e.ParentId is null ? null : _state.FindExecution(e.ParentId))
        {
            if (e.Variables?.ContainsKey(name) != true) continue;
            e.Variables[name] = value;
            Changed(e);
            return;
        }
        _state.Variables[name] = value;
        Result.VariablesChanged = true;
    }

    private void SetVariables(Execution token, IReadOnlyDictionary<string, JsonElement>? variables)
    {
        if (variables is null) return;
        foreach (var (name, value) in variables) SetVariable(token, name, value);
    }

    private static void SetLocal(Execution execution, string name, JsonElement value)
    {
        execution.Variables ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        execution.Variables[name] = value;
    }

    private static JsonElement Json<T>(T value) => JsonSerializer.SerializeToElement(value);

    /// <summary>JavaScript's undefined has no JSON form: it is kept as null.</summary>
    private static JsonElement Defined(JsonElement value) => value.ValueKind == JsonValueKind.Undefined ? Json<object?>(null) : value;
}
