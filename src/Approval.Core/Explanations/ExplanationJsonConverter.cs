using System.Text.Json;
using System.Text.Json.Serialization;

namespace Approval.Core.Explanations;

/// <summary>
/// <c>{"code": "…", "args": {…}, "detail": {…}}</c>; a JSON string (a line written before codes) reads as a literal,
/// so results, notices and gradings stored by earlier versions still display.
/// </summary>
public sealed class ExplanationJsonConverter : JsonConverter<Explanation>
{
    public override Explanation? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null: return null;
            case JsonTokenType.String: return Explanation.Literal(reader.GetString()!);
            case JsonTokenType.StartObject: break;
            default: throw new JsonException($"An explanation is an object or a string, not {reader.TokenType}.");
        }
        string? code = null;
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        Explanation? detail = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "code": code = reader.GetString(); break;
                case "args":
                    foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, string?>>(ref reader, options) ?? [])
                        args[key] = value ?? "";
                    break;
                case "detail": detail = Read(ref reader, typeToConvert, options); break;
                default: reader.Skip(); break;
            }
        }
        return new Explanation(code ?? throw new JsonException("An explanation needs its code."), args) { Detail = detail };
    }

    public override void Write(Utf8JsonWriter writer, Explanation value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("code", value.Code);
        writer.WriteStartObject("args");
        foreach (var (key, argument) in value.Args) writer.WriteString(key, argument);
        writer.WriteEndObject();
        if (value.Detail is { } detail)
        {
            writer.WritePropertyName("detail");
            Write(writer, detail, options);
        }
        writer.WriteEndObject();
    }
}
