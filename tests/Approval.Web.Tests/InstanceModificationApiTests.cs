using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Users;
using Bpmn = Approval.Testing.Bpmn;

namespace Approval.Web.Tests;

/// <summary>退回, 撤回 and an administrator's token move over HTTP (issue 17): who may, what the history keeps, how a refusal reads.</summary>
public sealed class InstanceModificationApiTests : IAsyncLifetime
{
    private readonly ApprovalFactory _factory = new(DatabaseProvider.Sqlite);

    // A secretary submits, an organization department reviews.
    private static readonly string SubmitAndReview = Bpmn.Process("submitReview", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:userTask id="submit" name="提交材料" camunda:candidateGroups="{Roles.Secretary}" ap:org="${"{orgId}"}"/>
        <bpmn:userTask id="review" name="审核" camunda:candidateGroups="{Roles.OrgDepartment}" ap:org="${"{orgId}"}"/>
        <bpmn:endEvent id="end"/>
        {Bpmn.Chain("f", "start", "submit", "review", "end")}
        """);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        try { await _factory.AssertAnswersMatchTheDocumentAsync(); }
        finally { await _factory.DisposeAsync(); }
    }

    private async Task<string> StartAsync()
    {
        var admin = _factory.Admin();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/definitions", new StringContent(SubmitAndReview, Encoding.UTF8, "application/xml"))).StatusCode);
        var started = await admin.PostAsJsonAsync("/api/instances", new { definitionKey = "submitReview", variables = new { orgId = "x" } });
        return (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<string> OpenTaskAsync(HttpClient client, string elementId) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/tasks?status=open")).EnumerateArray()
            .Single(t => t.GetProperty("elementId").GetString() == elementId).GetProperty("id").GetString()!;

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();

    [Fact]
    public async Task ASecretaryWithdraws_AReviewerReturns_AndTheHistoryKeepsWhoAndWhy()
    {
        var id = await StartAsync();
        var secretary = await _factory.UserAsync("mod-secretary", new RoleGrant(Roles.Secretary, null));
        var department = await _factory.UserAsync("mod-department", new RoleGrant(Roles.OrgDepartment, null));
        Assert.Equal(HttpStatusCode.OK, (await secretary.PostAsJsonAsync($"/api/tasks/{await OpenTaskAsync(secretary, "submit")}/complete", new { })).StatusCode);

        // 撤回: only whoever did the last step, while the next has not acted.
        var notTheirs = await department.PostAsJsonAsync($"/api/instances/{id}/withdraw", new { });
        Assert.Equal((HttpStatusCode.Conflict, "already-acted"), (notTheirs.StatusCode, await CodeAsync(notTheirs)));
        Assert.Equal(HttpStatusCode.OK, (await secretary.PostAsJsonAsync($"/api/instances/{id}/withdraw", new { reason = "附件传错了" })).StatusCode);
        Assert.Empty((await department.GetFromJsonAsync<JsonElement>("/api/tasks?status=open")).EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, (await secretary.PostAsJsonAsync($"/api/tasks/{await OpenTaskAsync(secretary, "submit")}/complete", new { })).StatusCode);

        // 退回: the reviewer's choices, then a refusal that names its problem, then the return.
        var review = await OpenTaskAsync(department, "review");
        var targets = await department.GetFromJsonAsync<JsonElement>($"/api/tasks/{review}/return-targets");
        Assert.Equal([("submit", "提交材料")], targets.EnumerateArray().Select(t => (t.GetProperty("elementId").GetString(), t.GetProperty("name").GetString())));
        Assert.Equal(HttpStatusCode.BadRequest, (await department.PostAsJsonAsync($"/api/tasks/{review}/return", new { target = "submit" })).StatusCode);
        var toItself = await department.PostAsJsonAsync($"/api/tasks/{review}/return", new { target = "review", reason = "x" });
        Assert.Equal(HttpStatusCode.Conflict, toItself.StatusCode);
        var problem = (await toItself.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems")[0];
        Assert.Equal(("not-an-earlier-step", "review"), (problem.GetProperty("code").GetString(), problem.GetProperty("elementId").GetString()));

        var returned = await department.PostAsJsonAsync($"/api/tasks/{review}/return", new { target = "submit", reason = "材料不全" });
        Assert.Equal(HttpStatusCode.OK, returned.StatusCode);
        var task = await returned.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("completed", "returned", "mod-department"),
            (task.GetProperty("status").GetString(), task.GetProperty("outcome").GetString(), task.GetProperty("completedBy").GetString()));
        await OpenTaskAsync(secretary, "submit");

        var history = (await _factory.Admin().GetFromJsonAsync<JsonElement>($"/api/instances/{id}")).GetProperty("history").EnumerateArray().ToList();
        var withdrawn = history.Single(h => h.GetProperty("kind").GetString() == "task-withdrawn");
        Assert.Equal(("submit", "mod-secretary", "附件传错了"),
            (withdrawn.GetProperty("elementId").GetString(), withdrawn.GetProperty("actor").GetString(), withdrawn.GetProperty("comment").GetString()));
        var entry = history.Single(h => h.GetProperty("kind").GetString() == "task-returned");
        Assert.Equal(("review", "submit", "mod-department", "材料不全"),
            (entry.GetProperty("elementId").GetString(), entry.GetProperty("outcome").GetString(), entry.GetProperty("actor").GetString(), entry.GetProperty("comment").GetString()));

        // After a return there is no submission left to withdraw.
        Assert.Equal(HttpStatusCode.Conflict, (await secretary.PostAsJsonAsync($"/api/instances/{id}/withdraw", new { })).StatusCode);
    }

    [Fact]
    public async Task AnAdministratorMovesAToken_WithAReason_AndARefusalListsEveryProblem()
    {
        var id = await StartAsync();
        var admin = _factory.Admin();
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/instances/{id}/move", new { from = new[] { "submit" }, to = "review" })).StatusCode);

        var refused = await admin.PostAsJsonAsync($"/api/instances/{id}/move", new { from = new[] { "review" }, to = "start", reason = "x" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problems = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray()
            .Select(p => (p.GetProperty("code").GetString(), p.GetProperty("elementId").GetString())).ToList();
        Assert.Equal([("cannot-start-at", "start"), ("no-token-at", "review")], problems);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/instances/{id}/move", new { from = new[] { "submit" }, to = "review", reason = "材料已线下提交" })).StatusCode);
        var instance = await admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}");
        Assert.Equal(["review"], instance.GetProperty("activeElementIds").EnumerateArray().Select(e => e.GetString()));
        var moved = instance.GetProperty("history").EnumerateArray().Single(h => h.GetProperty("kind").GetString() == "tokens-moved");
        Assert.Equal(("review", "submit", "admin", "材料已线下提交"),
            (moved.GetProperty("elementId").GetString(), moved.GetProperty("outcome").GetString(), moved.GetProperty("actor").GetString(), moved.GetProperty("comment").GetString()));
    }
}
