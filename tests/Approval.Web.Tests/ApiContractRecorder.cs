using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Approval.Web.Tests;

/// <summary>One /api request the tests made and what the app answered.</summary>
public sealed record ApiExchange(string Method, string Path, int Status, string? MediaType, string Body);

/// <summary>Keeps every /api exchange of a test's clients, so the test can hold the answers against the OpenAPI document.</summary>
public sealed class ApiRecorder : DelegatingHandler
{
    private readonly List<ApiExchange> _exchanges;

    public ApiRecorder(List<ApiExchange> exchanges) => _exchanges = exchanges;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var path = request.RequestUri!.AbsolutePath;
        if (!path.StartsWith("/api/", StringComparison.Ordinal)) return response;
        await response.Content.LoadIntoBufferAsync(cancellationToken); // the test reads it again
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        lock (_exchanges)
            _exchanges.Add(new ApiExchange(request.Method.Method, path, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body));
        return response;
    }
}

/// <summary>
/// The contract the app publishes at /openapi/v1.json (issue 16 §3), used as a test oracle: each recorded answer must
/// be one the document lists for its operation (by status, or the 4XX range), with a body its JSON schema accepts.
/// The document is OpenAPI 3.1, whose schemas are JSON Schema 2020-12: its components become the schema's
/// <c>$defs</c>.
/// </summary>
public sealed class ApiContract
{
    private readonly JsonObject _document;
    private readonly List<(Regex Path, string Template)> _paths;
    private readonly Dictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);

    public ApiContract(string documentJson)
    {
        _document = JsonNode.Parse(documentJson)!.AsObject();
        _paths = _document["paths"]!.AsObject().Select(p => p.Key)
            // Literal segments before parameters: /api/users/{id} must not take /api/users/export-like literals.
            .OrderBy(t => t.Count(c => c == '{'))
            .Select(t => (new Regex("^" + Regex.Replace(Regex.Escape(t), @"\\\{[^}]+}", "[^/]+") + "/?$"), t)).ToList();
    }

    /// <summary>What is wrong with one exchange against the document; none when it conforms.</summary>
    public IEnumerable<string> Problems(ApiExchange exchange)
    {
        var where = $"{exchange.Method} {exchange.Path} → {exchange.Status}";
        var template = _paths.FirstOrDefault(p => p.Path.IsMatch(exchange.Path)).Template;
        if (template is null) { yield return $"{where}: no path of the document matches"; yield break; }
        if (_document["paths"]![template]![exchange.Method.ToLowerInvariant()] is not JsonObject operation)
        {
            yield return $"{where}: the document has no {exchange.Method} on {template}";
            yield break;
        }
        var responses = operation["responses"]!.AsObject();
        var code = exchange.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var key = responses.ContainsKey(code) ? code : responses.ContainsKey(code[0] + "XX") ? code[0] + "XX" : responses.ContainsKey("default") ? "default" : null;
        if (key is null) { yield return $"{where}: the document lists no {code} (it lists {string.Join(", ", responses.Select(r => r.Key))})"; yield break; }
        if (exchange.Body.Length == 0) yield break;
        if (responses[key]!["content"] is not JsonObject content)
        {
            yield return $"{where}: a body answered where the document says none";
            yield break;
        }
        if (exchange.MediaType is null || !content.ContainsKey(exchange.MediaType))
        {
            yield return $"{where}: answered {exchange.MediaType}, the document lists {string.Join(", ", content.Select(c => c.Key))}";
            yield break;
        }
        if (!exchange.MediaType.Contains("json", StringComparison.Ordinal)) yield break;
        var schema = Schema($"{template} {exchange.Method} {key} {exchange.MediaType}", content[exchange.MediaType]!["schema"]!);
        var result = schema.Evaluate(JsonDocument.Parse(exchange.Body).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) yield break;
        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Distinct().Take(5);
        yield return $"{where}: the body does not match its schema ({string.Join("; ", errors)}); body: {Shorten(exchange.Body)}";
    }

    private JsonSchema Schema(string key, JsonNode responseSchema)
    {
        if (_schemas.TryGetValue(key, out var known)) return known;
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = _document["components"]?["schemas"]?.DeepClone() ?? new JsonObject(),
            ["allOf"] = new JsonArray(responseSchema.DeepClone()),
        };
        var text = root.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        var schema = JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() }, new Uri($"https://approval.test/contract/{_schemas.Count}"));
        _schemas[key] = schema;
        return schema;
    }

    private static string Shorten(string body) => body.Length <= 300 ? body : body[..300] + "…";
}
