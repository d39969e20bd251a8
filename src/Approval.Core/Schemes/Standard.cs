using System.Text.Json;
using System.Text.Json.Serialization;

namespace Approval.Core.Schemes;

/// <summary>A standard of a <see cref="Dimension"/> (具体标准) and the points it scores when met.</summary>
[JsonConverter(typeof(StandardJsonConverter))]
public sealed record Standard(string Text, decimal Points)
{
    /// <summary>Read from a plain string (a version stored before standards had points): its points come from the dimension.</summary>
    [JsonIgnore] internal bool FromText { get; init; }
}

/// <summary>
/// Reads a standard as <c>{"text": …, "points": …}</c> or, from versions stored before points, as its text alone;
/// writes the object. Missing fields read as empty so that the validator names them instead of the parser.
/// </summary>
internal sealed class StandardJsonConverter : JsonConverter<Standard>
{
    // A null standard is refused here, with its path, rather than reaching the validator as a null element.
    public override bool HandleNull => true;

    public override Standard Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) throw new JsonException("A standard cannot be null.");
        if (reader.TokenType == JsonTokenType.String) return new Standard(reader.GetString() ?? "", 0) { FromText = true };
        var document = JsonSerializer.Deserialize<Document>(ref reader, options)!;
        return new Standard(document.Text ?? "", document.Points);
    }

    public override void Write(Utf8JsonWriter writer, Standard value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, new Document(value.Text, value.Points), options);

    private sealed record Document(string? Text, decimal Points);
}
