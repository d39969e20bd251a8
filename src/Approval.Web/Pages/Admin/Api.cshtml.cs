using System.Text.Json;
using Approval.Web.Api.Description;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.OpenApi;

namespace Approval.Web.Pages.Admin;

/// <summary>
/// 接口文档: the OpenAPI document (/openapi/v1.json) as a page for administrators: each feature's endpoints with
/// their summary, parameters, request body and the shapes they name. Rendered on the server from the same document
/// API clients read, so the two cannot disagree and no script or outside asset is needed.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class ApiModel : PageModel
{
    public sealed record Operation(string Method, string Path, string? Summary, string? Description, IReadOnlyList<Parameter> Parameters, string? Body, string Anchor);
    public sealed record Parameter(string Name, string In, bool Required, string Type);
    public sealed record Shape(string Name, IReadOnlyList<(string Name, string Type, bool Required)> Properties);

    public IReadOnlyList<(string Tag, IReadOnlyList<Operation> Operations)> Groups { get; private set; } = [];
    public IReadOnlyList<Shape> Shapes { get; private set; } = [];
    public string Title { get; private set; } = "";
    public string? Intro { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var provider = HttpContext.RequestServices.GetRequiredKeyedService<IOpenApiDocumentProvider>(ApiDescription.DocumentName);
        var document = await provider.GetOpenApiDocumentAsync(cancellationToken);
        using var json = JsonDocument.Parse(await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, cancellationToken));
        var root = json.RootElement;
        Title = root.GetProperty("info").GetProperty("title").GetString() ?? "";
        Intro = root.GetProperty("info").TryGetProperty("description", out var intro) ? intro.GetString() : null;
        var operations = new List<(string Tag, Operation Operation)>();
        foreach (var path in root.GetProperty("paths").EnumerateObject())
            foreach (var method in path.Value.EnumerateObject().Where(m => m.Value.ValueKind == JsonValueKind.Object && m.Value.TryGetProperty("responses", out _)))
                operations.Add((Tag(method.Value), Read(path.Name, method.Name, method.Value)));
        Groups = operations.GroupBy(o => o.Tag).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<Operation>)g.Select(o => o.Operation).OrderBy(o => o.Path, StringComparer.Ordinal).ThenBy(o => o.Method).ToList())).ToList();
        Shapes = root.TryGetProperty("components", out var components) && components.TryGetProperty("schemas", out var schemas)
            ? schemas.EnumerateObject().Select(ReadShape).OrderBy(s => s.Name, StringComparer.Ordinal).ToList()
            : [];
    }

    private static string Tag(JsonElement operation) =>
        operation.TryGetProperty("tags", out var tags) && tags.GetArrayLength() > 0 ? tags[0].GetString() ?? "" : "";

    private static Operation Read(string path, string method, JsonElement operation)
    {
        var parameters = operation.TryGetProperty("parameters", out var list)
            ? list.EnumerateArray().Select(p => new Parameter(p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!,
                p.TryGetProperty("required", out var required) && required.GetBoolean(), p.TryGetProperty("schema", out var schema) ? TypeOf(schema) : "")).ToList()
            : [];
        string? body = null;
        if (operation.TryGetProperty("requestBody", out var request) && request.TryGetProperty("content", out var content))
            body = string.Join(" · ", content.EnumerateObject().Select(c => $"{c.Name}: {(c.Value.TryGetProperty("schema", out var s) ? TypeOf(s) : "")}"));
        return new Operation(method.ToUpperInvariant(), path, Text(operation, "summary"), Text(operation, "description"), parameters, body,
            $"{method}-{path}".Replace('/', '-').Replace('{', '_').Replace('}', '_'));
    }

    private static Shape ReadShape(JsonProperty schema)
    {
        var required = schema.Value.TryGetProperty("required", out var names) ? names.EnumerateArray().Select(n => n.GetString()).ToHashSet() : [];
        var properties = schema.Value.TryGetProperty("properties", out var props)
            ? props.EnumerateObject().Select(p => (p.Name, TypeOf(p.Value), required.Contains(p.Name))).ToList()
            : [];
        return new Shape(schema.Name, properties);
    }

    /// <summary>A schema in a few words: a named shape, a type (nullable as "?"), an array of one, or one of several.</summary>
    public static string TypeOf(JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var reference)) return reference.GetString()!.Split('/')[^1];
        if (schema.TryGetProperty("oneOf", out var options) || schema.TryGetProperty("anyOf", out options))
        {
            var kinds = options.EnumerateArray().Select(TypeOf).ToList();
            return kinds.Remove("null") ? string.Join(" | ", kinds) + "?" : string.Join(" | ", kinds);
        }
        if (!schema.TryGetProperty("type", out var type)) return schema.TryGetProperty("properties", out _) ? "object" : "any";
        var names = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
        var nullable = names.Remove("null");
        var name = names.FirstOrDefault() ?? "null";
        if (name == "array" && schema.TryGetProperty("items", out var items)) name = TypeOf(items) + "[]";
        else if (schema.TryGetProperty("format", out var format)) name = $"{name} ({format.GetString()})";
        return nullable ? name + "?" : name;
    }

    private static string? Text(JsonElement element, string name) => element.TryGetProperty(name, out var value) ? value.GetString() : null;
}
