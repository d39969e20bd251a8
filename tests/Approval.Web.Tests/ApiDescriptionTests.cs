using System.Net;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Users;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Approval.Web.Tests;

/// <summary>The API described (issue 16 §3): the OpenAPI document covers every endpoint, and administrators browse it.</summary>
public sealed class ApiDescriptionTests : IDisposable
{
    private readonly ApprovalFactory _factory = new(DatabaseProvider.Sqlite);

    public void Dispose() => _factory.Dispose();

    private async Task<JsonElement> DocumentAsync()
    {
        var response = await _factory.Admin().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>Every /api route the app maps, as the document names it: the method and the path without route constraints.</summary>
    private HashSet<string> MappedOperations()
    {
        _ = _factory.Server;
        return _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m =>
                $"{m} /{System.Text.RegularExpressions.Regex.Replace(e.RoutePattern.RawText!.TrimStart('/'), @"\{(\w+):[^}]+\}", "{$1}").TrimEnd('/')}"))
            .ToHashSet(StringComparer.Ordinal);
    }

    [Fact(DisplayName = "The OpenAPI document names every /api endpoint, each under a feature's tag with a summary")]
    public async Task TheDocument_CoversEveryEndpoint()
    {
        var document = await DocumentAsync();
        Assert.StartsWith("3.1", document.GetProperty("openapi").GetString());
        var described = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var path in document.GetProperty("paths").EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("responses", out _)))
                described[$"{operation.Name.ToUpperInvariant()} {path.Name.TrimEnd('/')}"] = operation.Value;

        var mapped = MappedOperations();
        Assert.True(mapped.Count > 50, $"only {mapped.Count} endpoints found");
        Assert.Empty(mapped.Except(described.Keys).Order(StringComparer.Ordinal));
        Assert.Empty(described.Keys.Except(mapped).Order(StringComparer.Ordinal));
        var undocumented = described.Where(d => !d.Value.TryGetProperty("summary", out var s) || string.IsNullOrWhiteSpace(s.GetString())).Select(d => d.Key).ToList();
        Assert.True(undocumented.Count == 0, "Without a summary: " + string.Join(", ", undocumented));
        Assert.All(described.Values, o => Assert.Equal(1, o.GetProperty("tags").GetArrayLength()));
        Assert.Equal("发起测评 from an open 民主测评 task", described["POST /api/tasks/{id}/vote"].GetProperty("summary").GetString());
    }

    [Fact(DisplayName = "The document is for signed-in callers; its reference page for administrators only")]
    public async Task TheReference_IsForAdministrators()
    {
        var anonymous = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);

        var secretary = await _factory.BrowserAsync("secretary-1", new RoleGrant(Roles.Secretary, null));
        Assert.Equal(HttpStatusCode.Forbidden, (await secretary.GetAsync("/admin/api")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await secretary.GetAsync("/openapi/v1.json")).StatusCode);

        var admin = await _factory.BrowserAsync("admin-1", new RoleGrant(Roles.Administrator, null));
        var page = await admin.TextAsync("/admin/api");
        Assert.Contains("民主测评 Votes", page);
        Assert.Contains("/api/tasks/{id}/vote", page);
        Assert.Contains("发起测评 from an open 民主测评 task", page);
        Assert.Contains("shape-CallVoteRequest", page); // the request body's shape, with its fields
    }

    [Fact(DisplayName = "The contract oracle refuses an answer the document does not describe: an unlisted status, a wrong field type, a missing field, an unknown path")]
    public async Task TheContractOracle_RefusesWhatTheDocumentDoesNotDescribe()
    {
        var reader = _factory.Admin();
        var contract = new ApiContract(await reader.GetStringAsync("/openapi/v1.json"));
        const string json = "application/json";
        var definitions = "[{\"key\":\"k\",\"version\":1,\"name\":\"n\",\"deployedAt\":\"2026-01-01T00:00:00+00:00\",\"id\":\"k:1\",\"deployedBy\":null}]";
        Assert.Empty(contract.Problems(new ApiExchange("GET", "/api/definitions", 200, json, definitions)));

        Assert.NotEmpty(contract.Problems(new ApiExchange("GET", "/api/definitions", 302, null, "")));
        Assert.NotEmpty(contract.Problems(new ApiExchange("GET", "/api/definitions", 200, json, definitions.Replace("\"version\":1", "\"version\":\"one\"", StringComparison.Ordinal))));
        Assert.NotEmpty(contract.Problems(new ApiExchange("GET", "/api/definitions", 200, json, definitions.Replace("\"version\":1,", "", StringComparison.Ordinal))));
        Assert.NotEmpty(contract.Problems(new ApiExchange("GET", "/api/no-such-thing", 200, json, "{}")));
        Assert.NotEmpty(contract.Problems(new ApiExchange("DELETE", "/api/definitions", 200, json, "{}")));
    }
}
