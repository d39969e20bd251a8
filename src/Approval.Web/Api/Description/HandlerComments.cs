using System.Reflection;
using System.Xml.Linq;
using Microsoft.AspNetCore.OpenApi;

namespace Approval.Web.Api.Description;

/// <summary>
/// Gives each operation its handler's <c>///</c> comment: the summary's first sentence as the operation's summary,
/// the whole as its description. The handlers are private methods of the feature's <c>*Api</c> class, which the
/// OpenAPI package's own comment generator leaves out, so the comments are read from the documentation file the
/// build writes beside the binaries (<c>GenerateDocumentationFile</c>), matched by class, method name and arity.
/// </summary>
public sealed class HandlerComments : IOpenApiOperationTransformer
{
    private readonly Lazy<IReadOnlyDictionary<string, string>> _summaries = new(Load);

    public Task TransformAsync(Microsoft.OpenApi.OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var handler = context.Description.ActionDescriptor.EndpointMetadata.OfType<MethodInfo>().FirstOrDefault();
        if (handler?.DeclaringType is { } type && _summaries.Value.TryGetValue(Key(type.FullName!, handler.Name, handler.GetParameters().Length), out var text))
        {
            var end = text.IndexOfAny(['.', '。', ':', '：']);
            operation.Summary ??= end > 0 && end < 120 ? text[..end] : text.Length <= 120 ? text : text[..117] + "…";
            operation.Description ??= text;
        }
        return Task.CompletedTask;
    }

    private static string Key(string type, string method, int arity) => $"{type}.{method}/{arity}";

    /// <summary>Method summaries by class, name and parameter count; an overloaded name with equal arity is left out.</summary>
    private static IReadOnlyDictionary<string, string> Load()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "Approval.Web.xml");
        if (!File.Exists(file)) return new Dictionary<string, string>();
        var found = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var member in XDocument.Load(file).Descendants("member"))
        {
            var name = (string?)member.Attribute("name");
            if (name is null || !name.StartsWith("M:Approval.Web.Api.", StringComparison.Ordinal)) continue;
            var open = name.IndexOf('(');
            var qualified = open < 0 ? name[2..] : name[2..open];
            var arity = open < 0 ? 0 : Arity(name[(open + 1)..^1]);
            var dot = qualified.LastIndexOf('.');
            var key = Key(qualified[..dot], qualified[(dot + 1)..], arity);
            var text = string.Join(" ", (member.Element("summary")?.Value ?? "").Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim())).Trim();
            found[key] = found.ContainsKey(key) || text.Length == 0 ? null : text;
        }
        return found.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal);
    }

    /// <summary>Top-level commas of a documentation id's parameter list (generic arguments are in braces).</summary>
    private static int Arity(string parameters)
    {
        if (parameters.Length == 0) return 0;
        var (depth, count) = (0, 1);
        foreach (var c in parameters)
        {
            if (c == '{') depth++;
            else if (c == '}') depth--;
            else if (c == ',' && depth == 0) count++;
        }
        return count;
    }
}
