using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Approval.Web.Api.Description;

/// <summary>
/// The HTTP API described (issue 16 §3): an OpenAPI 3.1 document of every <c>/api</c> endpoint at
/// <c>/openapi/v1.json</c> for anyone signed in (an API client holds a token), and the browsable reference at
/// <c>/admin/api</c> for administrators. Summaries come from the handlers' <c>///</c> comments; the document names
/// the two ways in (the session cookie and a bearer token) and the problem body every refusal answers with.
/// </summary>
public static class ApiDescription
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";

    public static IServiceCollection AddApiDescription(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            // Only the API: pages, the health check and the language switch are not part of the contract.
            options.ShouldInclude = endpoint => endpoint.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddOperationTransformer<HandlerComments>();
            options.AddOperationTransformer<ProblemResponses>();
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "星级创建审批系统 API / Approval API",
                    Version = DocumentName,
                    Description = "Every endpoint needs a signed-in caller: a bearer token (`Authorization: Bearer …`, issued on the user's "
                                  + "page) or the session cookie with its antiforgery token. Refusals answer with a problem body "
                                  + "(`application/problem+json`): `title`, `detail` and, for a 400, `errors` per field.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "An API token issued to a user by an administrator.",
                };
                return Task.CompletedTask;
            });
        });

    /// <summary>The document, for any signed-in caller (administrators browse it at /admin/api).</summary>
    public static void MapApiDescription(this WebApplication app) =>
        app.MapOpenApi("/openapi/{documentName}.json").RequireAuthorization(Auth.Policies.SignedIn);
}
