using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Users;

namespace Approval.Web.Tests;

/// <summary>Issue 14 §5: counts, pages and durations out of range answer 400 (API) or the nearest page (pages), never 500.</summary>
public sealed class IntegerBoundsTests : IAsyncLifetime
{
    private readonly ApprovalFactory _factory = new(DatabaseProvider.Sqlite);

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Every /api answer these tests got is one the published OpenAPI document describes (issue 16 §3).</summary>
    public async Task DisposeAsync()
    {
        try { await _factory.AssertAnswersMatchTheDocumentAsync(); }
        finally { await _factory.DisposeAsync(); }
    }

    [Theory]
    [InlineData("/api/tasks?page=2147483647", "page")]
    [InlineData("/api/tasks?page=0", "page")]
    [InlineData("/api/tasks?pageSize=501", "pageSize")]
    [InlineData("/api/tasks?pageSize=-1", "pageSize")]
    [InlineData("/api/mail?page=2147483647&pageSize=500", "page")]
    [InlineData("/api/notices?pageSize=101", "pageSize")]
    public async Task ListEndpoints_RefuseOutOfRangePaging_WithTheFieldNamed(string url, string field)
    {
        var response = await _factory.Admin().GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(field, problem.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task ListEndpoints_AcceptTheLargestPage()
    {
        var response = await _factory.Admin().GetAsync("/api/tasks?page=1000000&pageSize=500");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty((await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
    }

    [Theory]
    [InlineData("/inbox?p=2147483647")]
    [InlineData("/notices?p=2147483647")]
    [InlineData("/mail?page=2147483647")]
    public async Task Pages_ShowAnEmptyPage_ForAPageFarPastTheEnd(string url)
    {
        var browser = await _factory.BrowserAsync("bounds-admin", new RoleGrant(Roles.Administrator, null));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task ClockAdvance_RefusesADurationBeyondInt_InsteadOfOverflowing()
    {
        var response = await _factory.Admin().PostAsJsonAsync("/api/clock/advance", new { by = "P99999999999D" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
