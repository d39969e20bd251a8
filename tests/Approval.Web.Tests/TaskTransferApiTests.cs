using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Users;
using Bpmn = Approval.Testing.Bpmn;

namespace Approval.Web.Tests;

/// <summary>转交 over HTTP (issue 17): only to someone the task is offered to, in scope, with a reason; the new holder has it alone.</summary>
public sealed class TaskTransferApiTests : IAsyncLifetime
{
    private readonly ApprovalFactory _factory = new(DatabaseProvider.Sqlite);

    private static readonly string Review = Bpmn.Process("transferReview", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:userTask id="review" name="审核" camunda:candidateGroups="{Roles.OrgDepartment}" ap:org="${"{orgId}"}"/>
        <bpmn:endEvent id="end"/>
        {Bpmn.Chain("f", "start", "review", "end")}
        """);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        try { await _factory.AssertAnswersMatchTheDocumentAsync(); }
        finally { await _factory.DisposeAsync(); }
    }

    private async Task<string> OrgAsync(string name, string? parentId)
    {
        var created = await _factory.Admin().PostAsJsonAsync("/api/orgs", new { name, kind = "committee", parentId });
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement[]> OpenAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/tasks?status=open")).EnumerateArray().ToArray();

    [Fact]
    public async Task AReviewerHandsATaskToAColleague_NotToSomeoneOutsideItsScope()
    {
        var county = await OrgAsync("青山县委", null);
        var town = await OrgAsync("城关镇党委", county);
        var otherTown = await OrgAsync("河西镇党委", county);
        var admin = _factory.Admin();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/definitions", new StringContent(Review, Encoding.UTF8, "application/xml"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/instances", new { definitionKey = "transferReview", variables = new { orgId = town } })).StatusCode);
        var first = await _factory.UserAsync("tr-first", new RoleGrant(Roles.OrgDepartment, town));
        var colleague = await _factory.UserAsync("tr-colleague", new RoleGrant(Roles.OrgDepartment, county));
        var outsider = await _factory.UserAsync("tr-outsider", new RoleGrant(Roles.OrgDepartment, otherTown));
        var task = (await OpenAsync(first)).Single().GetProperty("id").GetString();

        // The choices: whoever the task is offered to (the town's and the county's departments), the caller aside.
        var choices = await first.GetFromJsonAsync<JsonElement>($"/api/tasks/{task}/transfer-candidates");
        Assert.Equal(["tr-colleague"], choices.EnumerateArray().Select(p => p.GetProperty("login").GetString()));

        var refused = await first.PostAsJsonAsync($"/api/tasks/{task}/transfer", new { to = "tr-outsider", reason = "" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var fields = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString());
        Assert.Equal(["to", "reason"], fields);
        Assert.Single(await OpenAsync(first));
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.PostAsJsonAsync($"/api/tasks/{task}/transfer", new { to = "tr-outsider", reason = "x" })).StatusCode);

        var moved = await first.PostAsJsonAsync($"/api/tasks/{task}/transfer", new { to = "tr-colleague", reason = "本人回避" });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal("tr-colleague", (await moved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assignee").GetString());
        Assert.Empty(await OpenAsync(first)); // the new holder has it alone
        Assert.Equal(task, (await OpenAsync(colleague)).Single().GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await first.PostAsJsonAsync($"/api/tasks/{task}/complete", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await colleague.PostAsJsonAsync($"/api/tasks/{task}/complete", new { })).StatusCode);
    }
}
