using System.Text.Json;

namespace Approval.Web.Localization;

/// <summary>
/// Reads an embedded texts file: an object keyed by code, each <c>{"zh": …, "en": …}</c>; keys starting with
/// <c>//</c> are comments. Shared by the problem texts and the explanation templates.
/// </summary>
public static class BilingualTexts
{
    public sealed record Text(string Zh, string En);

    public static IReadOnlyDictionary<string, Text> Load(string resource)
    {
        using var stream = typeof(BilingualTexts).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded {resource} is missing.");
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.EnumerateObject().Where(p => !p.Name.StartsWith("//", StringComparison.Ordinal))
            .ToDictionary(p => p.Name, p => new Text(p.Value.GetProperty("zh").GetString()!, p.Value.GetProperty("en").GetString()!), StringComparer.Ordinal);
    }
}
