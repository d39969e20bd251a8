using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Users;
using Approval.Testing;

namespace Approval.Web.Tests;

/// <summary>Administrators cancel an instance (API and instance page) and find the instances in trouble.</summary>
public sealed class InstanceCancelTests : IAsyncLifetime
{
    private readonly ApprovalFactory _factory = new(DatabaseProvider.Sqlite);

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Every /api answer these tests got is one the published OpenAPI document describes (issue 16 §3).</summary>
    public async Task DisposeAsync()
    {
        try { await _factory.AssertAnswersMatchTheDocumentAsync(); }
        finally { await _factory.DisposeAsync(); }
    }

    private Task<string> StartAsync(string xml, string key) => StartAsync(_factory, xml, key);

    private static async Task<string> StartAsync(ApprovalFactory factory, string xml, string key)
    {
        var admin = factory.Admin();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/definitions", new StringContent(xml, Encoding.UTF8, "application/xml"))).StatusCode);
        var started = await admin.PostAsJsonAsync("/api/instances", new { definitionKey = key, variables = new { orgId = "x" } });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        return (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Cancel_EndsTheInstance_AndKeepsWhoAndWhyInItsHistory()
    {
        var id = await StartAsync(TestProcesses.Pledge, "pledgeCycle");
        var admin = _factory.Admin();

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/instances/{id}/cancel", new { reason = " " })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/instances/{id}/cancel", new { reason = "开错了" })).StatusCode);

        var instance = await admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}");
        Assert.Equal("terminated", instance.GetProperty("status").GetString());
        var last = instance.GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("instance-terminated", "admin", "cancelled", "开错了"),
            (last.GetProperty("kind").GetString(), last.GetProperty("actor").GetString(), last.GetProperty("outcome").GetString(), last.GetProperty("comment").GetString()));
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>($"/api/tasks?status=open")).EnumerateArray());

        var again = await admin.PostAsJsonAsync($"/api/instances/{id}/cancel", new { reason = "again" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("instance-not-running", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Cancel_IsForAdministratorsOnly()
    {
        var id = await StartAsync(TestProcesses.Pledge, "pledgeCycle");
        var secretary = await _factory.UserAsync("cancel-secretary", new RoleGrant(Roles.Secretary, null));
        Assert.Equal(HttpStatusCode.Forbidden, (await secretary.PostAsJsonAsync($"/api/instances/{id}/cancel", new { reason = "mine" })).StatusCode);
    }

    [Fact]
    public async Task InstancePage_CancelsWithAReason_AfterConfirmation()
    {
        var id = await StartAsync(TestProcesses.Pledge, "pledgeCycle");
        var browser = await _factory.BrowserAsync("cancel-admin", new RoleGrant(Roles.Administrator, null));
        var page = await browser.TextAsync($"/instances/{id}");
        Assert.Contains("data-confirm=", page, StringComparison.Ordinal);

        var refused = await browser.PostFormAsync($"/instances/{id}", $"/instances/{id}?handler=Cancel", new() { ["Reason"] = "" });
        Assert.Contains("err-reason", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var done = await browser.PostFormAsync($"/instances/{id}", $"/instances/{id}?handler=Cancel", new() { ["Reason"] = "重复发起" });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var after = await browser.TextAsync($"/instances/{id}");
        Assert.Contains("重复发起", after, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"cancel-instance\"", after, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task InstancesInTrouble_ListsASelfCallingChainAtItsCap_FilteredAndPaged(DatabaseProvider provider)
    {
        using var factory = new ApprovalFactory(provider);
        var chain = Bpmn.Process("ouroboros", $"""
            <bpmn:startEvent id="start"/><bpmn:callActivity id="again" calledElement="ouroboros"/><bpmn:endEvent id="end"/>
            {Bpmn.Chain("f", "start", "again", "end")}
            """);
        await StartAsync(factory, chain, "ouroboros");
        var browser = await factory.BrowserAsync("trouble-admin", new RoleGrant(Roles.Administrator, null));

        var listed = await browser.TextAsync("/instances?code=call-depth-exceeded");
        Assert.Contains("troubled-instances", listed, StringComparison.Ordinal);
        Assert.Contains("ouroboros v1", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("troubled-instances", await browser.TextAsync("/instances?code=no-such-code"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/instances?page=-3")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/instances?page=2147483647")).StatusCode);
        var secretary = await factory.BrowserAsync("trouble-secretary", new RoleGrant(Roles.Secretary, null));
        Assert.Equal(HttpStatusCode.Forbidden, (await secretary.GetAsync("/instances")).StatusCode);
    }
}
