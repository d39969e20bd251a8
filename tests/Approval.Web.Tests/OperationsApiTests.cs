using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Approval.Web.Tests;

/// <summary>
/// Administrators' operations over HTTP (issue 17): an incident with its stack, fixed by setting a variable and
/// retried; suspend and resume with a task refused meanwhile; a batch over a filter, its progress and its audit.
/// </summary>
public sealed class OperationsApiTests : IAsyncLifetime
{
    private readonly ApprovalFactory _factory = new(DatabaseProvider.Sqlite);

    // An hour's wait, then a gateway that needs 'fixed' (no default flow: the timer's firing faults until it is set).
    internal static readonly string Gate = Bpmn.Process("ops-gate", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
        <bpmn:exclusiveGateway id="check"/>
        <bpmn:userTask id="review" name="复核"/>
        <bpmn:endEvent id="end"/>
        {Bpmn.Flow("f1", "start", "wait")}{Bpmn.Flow("f2", "wait", "check")}{Bpmn.Flow("f3", "check", "review", "${fixed == true}")}{Bpmn.Flow("f4", "review", "end")}
        """);

    internal static readonly string Review = Bpmn.Process("ops-review", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:userTask id="review" name="复核"/>
        <bpmn:endEvent id="end"/>
        {Bpmn.Chain("r", "start", "review", "end")}
        """);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        try { await _factory.AssertAnswersMatchTheDocumentAsync(); }
        finally { await _factory.DisposeAsync(); }
    }

    private async Task<string> StartAsync(string xml, string key, string businessKey)
    {
        var admin = _factory.Admin();
        var deployed = await admin.PostAsync("/api/definitions", new StringContent(xml, Encoding.UTF8, "application/xml"));
        Assert.True(deployed.IsSuccessStatusCode, await deployed.Content.ReadAsStringAsync());
        var started = await admin.PostAsJsonAsync("/api/instances", new { definitionKey = key, businessKey, variables = new { @fixed = false } });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        return (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>A 409's code, or a 400's first field problem's code.</summary>
    private static async Task<string?> CodeOf(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.TryGetProperty("errors", out var errors) ? errors[0].GetProperty("code").GetString() : body.GetProperty("code").GetString();
    }

    [Fact]
    public async Task AGivenUpTimer_IsListedWithItsStack_AndMovesOnOnceFixedAndRetried()
    {
        var id = await StartAsync(Gate, "ops-gate", "gate-1");
        var admin = _factory.Admin();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("/api/clock/advance", new { by = "P1D" })).StatusCode);

        var page = await admin.GetFromJsonAsync<JsonElement>("/api/incidents?definitionKey=ops-gate");
        var incident = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal((id, "check", "no-outgoing-flow", 5), (incident.GetProperty("instanceId").GetString(), incident.GetProperty("elementId").GetString(),
            incident.GetProperty("code").GetString(), incident.GetProperty("attempts").GetInt32()));
        var detail = await admin.GetFromJsonAsync<JsonElement>($"/api/incidents/{incident.GetProperty("id").GetInt64()}");
        Assert.Contains("WorkflowFaultException", detail.GetProperty("detail").GetString());
        Assert.Contains(" at Approval.Engine", detail.GetProperty("detail").GetString());

        var tooBig = await admin.PutAsJsonAsync($"/api/instances/{id}/variables/fixed", new { value = new string('x', 70_000), reason = "big" });
        Assert.Equal((HttpStatusCode.BadRequest, "too-long"), (tooBig.StatusCode, await CodeOf(tooBig)));
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/instances/{id}/variables/fixed", new { value = true, reason = "资料已补齐" })).StatusCode);
        var retried = await admin.PostAsJsonAsync("/api/incidents/retry", new { instanceIds = new[] { id }, reason = "变量已修正" });
        Assert.Equal(1, (await retried.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0].GetProperty("retried").GetInt32());

        var instance = await admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}");
        Assert.Equal(["review"], instance.GetProperty("activeElementIds").EnumerateArray().Select(e => e.GetString()));
        var history = instance.GetProperty("history").EnumerateArray().ToList();
        var set = Assert.Single(history, h => h.GetProperty("kind").GetString() == "variable-set");
        Assert.Equal(("admin", "fixed", "false → true: 资料已补齐"), (set.GetProperty("actor").GetString(), set.GetProperty("outcome").GetString(), set.GetProperty("comment").GetString()));
        Assert.Single(history, h => h.GetProperty("kind").GetString() == "incident-retried" && h.GetProperty("comment").GetString() == "变量已修正");
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>("/api/incidents?definitionKey=ops-gate")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task ASuspendedInstancesTask_IsRefusedWithACode_UntilItIsResumed()
    {
        var id = await StartAsync(Review, "ops-review", "review-1");
        var admin = _factory.Admin();
        var task = (await admin.GetFromJsonAsync<JsonElement>("/api/tasks?status=open")).EnumerateArray().Single(t => t.GetProperty("instanceId").GetString() == id);
        var taskId = task.GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/instances/{id}/suspend", new { reason = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/instances/{id}/suspend", new { reason = "核查中" })).StatusCode);
        Assert.True((await admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}")).GetProperty("suspended").GetBoolean());
        var refused = await admin.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { });
        Assert.Equal((HttpStatusCode.Conflict, "instance-suspended"), (refused.StatusCode, await CodeOf(refused)));
        var twice = await admin.PostAsJsonAsync($"/api/instances/{id}/suspend", new { reason = "again" });
        Assert.Equal((HttpStatusCode.Conflict, "already-suspended"), (twice.StatusCode, await CodeOf(twice)));

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/instances/{id}/resume", new { reason = "核查完毕" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { })).StatusCode);
    }

    [Fact]
    public async Task ABatch_SuspendsEveryInstanceTheFilterTakes_AndNamesItInEachHistory()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add(await StartAsync(Review, "ops-review", $"batch-{i}"));
        var other = await StartAsync(Review, "ops-review", "other-1");
        var admin = _factory.Admin();
        var missing = await admin.PostAsJsonAsync("/api/batches", new { operation = "suspend", reason = "x" });
        Assert.Equal((HttpStatusCode.BadRequest, "required"), (missing.StatusCode, await CodeOf(missing)));

        var created = await admin.PostAsJsonAsync("/api/batches", new
        {
            operation = "suspend", reason = "年度核查", filter = new { definitionKey = "ops-review", businessKeyPrefix = "batch-" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var batchId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        // The job runs in the host's Hangfire; the jobs object runs it here as well, and the item marks keep each item once.
        await _factory.Services.GetRequiredService<Core.Operations.BatchJobs>().RunAsync(batchId!);

        var batch = await admin.GetFromJsonAsync<JsonElement>($"/api/batches/{batchId}");
        Assert.Equal(("done", 3, 3, 0), (batch.GetProperty("status").GetString(), batch.GetProperty("total").GetInt32(),
            batch.GetProperty("done").GetInt32(), batch.GetProperty("failed").GetInt32()));
        foreach (var id in ids)
        {
            var history = (await admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}")).GetProperty("history").EnumerateArray();
            var entry = Assert.Single(history, h => h.GetProperty("kind").GetString() == "instance-suspended");
            Assert.Equal(("admin", $"年度核查 [batch:{batchId}]"), (entry.GetProperty("actor").GetString(), entry.GetProperty("comment").GetString()));
        }
        Assert.False((await admin.GetFromJsonAsync<JsonElement>($"/api/instances/{other}")).GetProperty("suspended").GetBoolean());
        Assert.Equal(1, (await admin.GetFromJsonAsync<JsonElement>("/api/batches")).GetProperty("total").GetInt32());
    }
}
