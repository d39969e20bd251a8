using System.Globalization;
using System.Text;
using System.Text.Json;
using Approval.Engine.Model;
using Jint;
using JsEngine = Jint.Engine;
using Jint.Native;
using Jint.Runtime;

namespace Approval.Engine.Expressions;

/// <summary>
/// Evaluates expressions in a sandbox: a fresh Jint engine per evaluation (no state leaks between instances),
/// no CLR access, and limits on time, statements, recursion and memory so a bad model cannot hang a node.
/// </summary>
public static class ExpressionEvaluator
{
    private static readonly JsonElement Undefined = default;

    public static JsonElement Evaluate(Expression expression, IReadOnlyDictionary<string, JsonElement> variables)
    {
        if (expression.IsLiteral) return JsonSerializer.SerializeToElement(expression.Text);
        if (expression.IsSingleScript) return Run(expression.Parts[0], expression, variables);

        var text = new StringBuilder();
        foreach (var part in expression.Parts)
            text.Append(part.Script is null ? part.Literal : AsText(Run(part, expression, variables)));
        return JsonSerializer.SerializeToElement(text.ToString());
    }

    public static bool EvaluateBoolean(Expression expression, IReadOnlyDictionary<string, JsonElement> variables)
    {
        var value = Evaluate(expression, variables);
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False or JsonValueKind.Null or JsonValueKind.Undefined => false,
            JsonValueKind.String => value.GetString() is { Length: > 0 } s && !s.Equals("false", StringComparison.OrdinalIgnoreCase),
            JsonValueKind.Number => value.GetDouble() != 0,
            _ => true,
        };
    }

    /// <summary>The value as text, or null when it is null or undefined.</summary>
    public static string? EvaluateText(Expression expression, IReadOnlyDictionary<string, JsonElement> variables)
    {
        var value = Evaluate(expression, variables);
        return value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : AsText(value);
    }

    public static string AsText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        JsonValueKind.Number => value.GetDouble().ToString(CultureInfo.InvariantCulture),
        _ => value.GetRawText(),
    };

    private static JsonElement Run(ExpressionPart part, Expression expression, IReadOnlyDictionary<string, JsonElement> variables)
    {
        if (part.Identifier is { } identifier)
        {
            if (!variables.TryGetValue(identifier, out var known))
                throw new WorkflowFaultException(FaultCodes.ExpressionFailed, $"Expression '{expression.Text}' failed: {identifier} is not defined");
            if (part.Path is null) return known;
            if (TryWalk(known, part.Path, out var value)) return value;
            // Anything but an own property of a JSON object on the way (a string's length, a null): JavaScript answers.
        }
        var engine = new JsEngine(options => options
            .TimeoutInterval(TimeSpan.FromSeconds(2))
            .MaxStatements(10_000)
            .LimitRecursion(64)
            .LimitMemory(16_000_000)
            .Strict(false));
        try
        {
            // Only the variables the script names: converting every visible one (a calendar object, lists of
            // thousands of ids) for each evaluation was a large part of a campaign's instance starts. Expressions
            // read variables by name; one reached only through a computed name (eval, globalThis[...]) is undefined.
            var script = part.JavaScript!;
            foreach (var (name, value) in variables)
                if (script.Contains(name, StringComparison.Ordinal)) engine.SetValue(name, ToJs(engine, value));
            if (script.Contains("__empty", StringComparison.Ordinal)) engine.Execute(EmptyHelper);
            return FromJs(engine, engine.Evaluate(part.Script!.Value));
        }
        catch (Exception ex) when (ex is JavaScriptException or TimeoutException or StatementsCountOverflowException
                                       or RecursionDepthOverflowException or MemoryLimitExceededException or JintException)
        {
            throw new WorkflowFaultException(FaultCodes.ExpressionFailed,
                $"Expression '{expression.Text}' failed: {ex.Message}");
        }
    }

    private static bool TryWalk(JsonElement value, IReadOnlyList<string> path, out JsonElement result)
    {
        result = value;
        foreach (var name in path)
            if (result.ValueKind != JsonValueKind.Object || !result.TryGetProperty(name, out result)) return false;
        return true;
    }

    // JUEL's `empty x` is true for null, undefined, "" and [] (see JuelTranslator).
    private const string EmptyHelper =
        "function __empty(v) { return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0); }";

    private static JsValue ToJs(JsEngine engine, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => new JsString(value.GetString()!),
        JsonValueKind.Number => new JsNumber(value.GetDouble()),
        JsonValueKind.True => JsBoolean.True,
        JsonValueKind.False => JsBoolean.False,
        JsonValueKind.Null => JsValue.Null,
        JsonValueKind.Undefined => JsValue.Undefined,
        _ => new Jint.Native.Json.JsonParser(engine).Parse(value.GetRawText()),
    };

    private static JsonElement FromJs(JsEngine engine, JsValue value)
    {
        if (value.IsUndefined()) return Undefined;
        if (value.IsNull()) return JsonSerializer.SerializeToElement<object?>(null);
        if (value.IsBoolean()) return JsonSerializer.SerializeToElement(value.AsBoolean());
        if (value.IsString()) return JsonSerializer.SerializeToElement(value.AsString());
        if (value.IsNumber()) return JsonSerializer.SerializeToElement(value.AsNumber());
        if (value.IsDate()) return JsonSerializer.SerializeToElement(value.AsDate().ToDateTime().ToUniversalTime());
        var json = new Jint.Native.Json.JsonSerializer(engine).Serialize(value);
        return json.IsUndefined() ? Undefined : JsonDocument.Parse(json.AsString()).RootElement.Clone();
    }
}
