using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Approval.Web.Api.Description;

/// <summary>
/// Every operation may be refused (not signed in, out of scope, bad input, a state that no longer allows it), and
/// every refusal answers the same problem body; so each operation lists the range <c>4XX</c> as
/// <c>application/problem+json</c> with the problem's schema, beside the successes its typed results declare.
/// Which refusals a handler gives, and why, its description says.
/// </summary>
public sealed class ProblemResponses : IOpenApiOperationTransformer
{
    public const string ProblemJson = "application/problem+json";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Responses ??= new OpenApiResponses();
        // Handlers no longer declare refusals one by one (ProblemHttpResult carries no status), so drop any bare ones.
        foreach (var code in operation.Responses.Keys.Where(k => k.StartsWith('4') || k.StartsWith('5')).ToList())
            operation.Responses.Remove(code);
        var schema = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken);
        operation.Responses["4XX"] = new OpenApiResponse
        {
            Description = "Refused: a problem body (title, detail; for a 400, errors per field or element).",
            Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = schema } },
        };
    }
}
