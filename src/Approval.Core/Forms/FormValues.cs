using System.Globalization;
using System.Text.Json;
using Approval.Engine;

namespace Approval.Core.Forms;

/// <summary>
/// Reads a form's submitted fields, collecting a problem per bad field instead of throwing. Fields come as JSON
/// (API) or as flat names (an HTML form posts <c>itemScores.purpose</c>); both read the same.
/// </summary>
public sealed class FormValues(IReadOnlyDictionary<string, JsonElement>? values, List<Problem>? sink = null, string prefix = "")
{
    private readonly List<Problem> _problems = sink ?? [];
    public IReadOnlyList<Problem> Problems => _problems;

    /// <summary>A problem with a field (<paramref name="code"/>: a <see cref="FieldCodes"/> constant).</summary>
    public void Problem(string code, string field, string message) => _problems.Add(new(code, prefix + field, message));

    public JsonElement? Raw(string name) =>
        values is not null && values.TryGetValue(name, out var v) && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) ? v : null;

    public string? Text(string name, int max, bool required, string label)
    {
        var raw = Raw(name);
        var text = raw is { ValueKind: JsonValueKind.String } s ? s.GetString()?.Trim() : raw?.GetRawText();
        if (string.IsNullOrEmpty(text))
        {
            if (required) Problem(FieldCodes.Required, name, $"请填写{label} / {name} is required.");
            return null;
        }
        if (text.Length > max) Problem(FieldCodes.TooLong, name, $"{label}不超过{max}字 / {name} is limited to {max} characters.");
        return text;
    }

    public decimal? Number(string name, decimal min, decimal max, bool required, string label)
    {
        var raw = Raw(name);
        decimal? value = raw switch
        {
            { ValueKind: JsonValueKind.Number } n => n.GetDecimal(),
            { ValueKind: JsonValueKind.String } s when decimal.TryParse(s.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) => d,
            { ValueKind: JsonValueKind.String } s when string.IsNullOrWhiteSpace(s.GetString()) => null,
            null => null,
            _ => decimal.MinValue,
        };
        if (value is null)
        {
            if (required) Problem(FieldCodes.Required, name, $"请填写{label} / {name} is required.");
            return null;
        }
        if (value < min || value > max)
        {
            // Text that is no number reads as decimal.MinValue: the same message, the code says which.
            Problem(value == decimal.MinValue ? FieldCodes.InvalidFormat : FieldCodes.OutOfRange, name, $"{label}须在{min.ToString("0.##", CultureInfo.InvariantCulture)}至{max.ToString("0.##", CultureInfo.InvariantCulture)}之间 / {name} must be between {min:0.##} and {max:0.##}.");
            return null;
        }
        return value;
    }

    public int? Int(string name, int min, int max, bool required, string label) =>
        Number(name, min, max, required, label) is { } d ? d == Math.Floor(d) ? (int)d : Fail<int?>(FieldCodes.InvalidFormat, name, $"{label}须为整数 / {name} must be a whole number.") : null;

    public bool Bool(string name) => Raw(name) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.String } s => s.GetString() is "true" or "on" or "1" or "yes",
        _ => false,
    };

    /// <summary>A list of strings, from a JSON array or a newline-separated text (textarea).</summary>
    public List<string> Lines(string name)
    {
        var raw = Raw(name);
        IEnumerable<string?> items = raw switch
        {
            { ValueKind: JsonValueKind.Array } a => a.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText()),
            { ValueKind: JsonValueKind.String } s => (s.GetString() ?? "").Split('\n'),
            _ => [],
        };
        return items.Select(i => i?.Trim()).Where(i => !string.IsNullOrEmpty(i)).Select(i => i!).ToList();
    }

    /// <summary>A nested object's fields (e.g. <c>itemScores</c>), read with the same rules under a prefixed name.</summary>
    public FormValues Section(string name)
    {
        var raw = Raw(name);
        var inner = raw is { ValueKind: JsonValueKind.Object } o
            ? o.EnumerateObject().ToDictionary(p => p.Name, p => p.Value)
            : values?.Where(kv => kv.Key.StartsWith(name + ".", StringComparison.Ordinal)).ToDictionary(kv => kv.Key[(name.Length + 1)..], kv => kv.Value)
              ?? [];
        return new FormValues(inner, _problems, prefix + name + ".");
    }

    /// <summary>
    /// The rows of a list field, in order: a JSON array of objects (API), or flat names <c>name.0.field</c>,
    /// <c>name.1.field</c>… (an HTML form); at most <paramref name="max"/> are read.
    /// </summary>
    public IReadOnlyList<FormValues> Rows(string name, int max)
    {
        if (Raw(name) is { ValueKind: JsonValueKind.Array } array)
            return array.EnumerateArray().Take(max).Select((row, i) => new FormValues(
                row.ValueKind == JsonValueKind.Object ? row.EnumerateObject().ToDictionary(p => p.Name, p => p.Value) : [], _problems, $"{prefix}{name}.{i}.")).ToList();
        var rows = new List<FormValues>();
        for (var i = 0; i < max; i++)
        {
            var row = Section($"{name}.{i}");
            if (values is null || !values.Keys.Any(k => k.StartsWith($"{name}.{i}.", StringComparison.Ordinal))) break;
            rows.Add(row);
        }
        return rows;
    }

    private T Fail<T>(string code, string name, string message)
    {
        Problem(code, name, message);
        return default!;
    }
}
