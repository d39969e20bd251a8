using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Users;
using Bpmn = Approval.Testing.Bpmn;

namespace Approval.Web.Tests;

/// <summary>加签 and 批量审批 over HTTP (issue 17): signers only in the task's organization scope; a batch of one step, each task on its own.</summary>
public sealed class AddSignAndBatchApiTests : IAsyncLifetime
{
    private readonly ApprovalFactory _factory = new(DatabaseProvider.Sqlite);

    private static readonly string Review = Bpmn.Process("signReview", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:userTask id="review" name="审核" camunda:formKey="approval" camunda:candidateGroups="{Roles.OrgDepartment}" ap:org="${"{orgId}"}"/>
        <bpmn:userTask id="after" name="归档" camunda:formKey="approval" camunda:candidateGroups="{Roles.OrgDepartment}" ap:org="${"{orgId}"}"/>
        <bpmn:endEvent id="end"/>
        {Bpmn.Chain("f", "start", "review", "after", "end")}
        """);

    private bool _deployed;

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

    private async Task StartAsync(string orgId, int count = 1)
    {
        var admin = _factory.Admin();
        if (!_deployed)
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/definitions", new StringContent(Review, Encoding.UTF8, "application/xml"))).StatusCode);
        _deployed = true;
        for (var i = 0; i < count; i++)
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/instances", new { definitionKey = "signReview", variables = new { orgId } })).StatusCode);
    }

    private static async Task<JsonElement[]> OpenAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/tasks?status=open&pageSize=100")).EnumerateArray().ToArray();

    private static async Task<string[]> FieldsAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()!).ToArray();

    [Fact(DisplayName = "前加签: a colleague in scope gives an opinion first and the task comes back; someone outside the scope cannot be asked")]
    public async Task ASignerBefore_GivesAnOpinion_ThenTheTaskComesBack()
    {
        var county = await OrgAsync("青山县委", null);
        var town = await OrgAsync("城关镇党委", county);
        var otherTown = await OrgAsync("河西镇党委", county);
        await StartAsync(town);
        var reviewer = await _factory.UserAsync("as-reviewer", new RoleGrant(Roles.OrgDepartment, town));
        var expert = await _factory.UserAsync("as-expert", new RoleGrant(Roles.Committee, county));
        await _factory.UserAsync("as-outsider", new RoleGrant(Roles.OrgDepartment, otherTown));
        var task = (await OpenAsync(reviewer)).Single().GetProperty("id").GetString();

        var choices = await reviewer.GetFromJsonAsync<JsonElement>($"/api/tasks/{task}/sign-candidates");
        Assert.Equal(["as-expert"], choices.EnumerateArray().Select(p => p.GetProperty("login").GetString()));
        var refused = await reviewer.PostAsJsonAsync($"/api/tasks/{task}/add-sign", new { to = "as-outsider", position = "sideways", reason = "" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["to", "position", "reason"], await FieldsAsync(refused));
        Assert.Equal(task, (await OpenAsync(reviewer)).Single().GetProperty("id").GetString()); // nothing changed

        var asked = await reviewer.PostAsJsonAsync($"/api/tasks/{task}/add-sign", new { to = "as-expert", position = "before", reason = "请评审委员把关" });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var added = await asked.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("as-expert", "before"), (added.GetProperty("assignee").GetString(), added.GetProperty("addedSign").GetString()));
        Assert.Empty(await OpenAsync(reviewer));

        // The opinion asked first is the countersign form's: agree, or disagree with a reason.
        var id = added.GetProperty("id").GetString();
        var noReason = await expert.PostAsJsonAsync($"/api/tasks/{id}/complete", new { outcome = "disagree" });
        Assert.Equal(["comment"], await FieldsAsync(noReason));
        Assert.Equal(HttpStatusCode.OK, (await expert.PostAsJsonAsync($"/api/tasks/{id}/complete", new { outcome = "disagree", comment = "标准偏低" })).StatusCode);

        var back = (await OpenAsync(reviewer)).Single();
        Assert.Equal(("review", "as-reviewer"), (back.GetProperty("elementId").GetString(), back.GetProperty("assignee").GetString()));
        Assert.Equal(JsonValueKind.Null, back.GetProperty("addedSign").ValueKind);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostAsJsonAsync($"/api/tasks/{back.GetProperty("id").GetString()}/complete", new { outcome = "approve" })).StatusCode);
        Assert.Equal("after", (await OpenAsync(reviewer)).Single().GetProperty("elementId").GetString());
    }

    [Fact(DisplayName = "后加签: the signer completes the step after its holder; a second signer after is refused with 409")]
    public async Task ASignerAfter_CompletesTheStep()
    {
        var county = await OrgAsync("青山县委", null);
        var town = await OrgAsync("城关镇党委", county);
        await StartAsync(town);
        var reviewer = await _factory.UserAsync("aa-reviewer", new RoleGrant(Roles.OrgDepartment, town));
        var leader = await _factory.UserAsync("aa-leader", new RoleGrant(Roles.OrgDepartment, county));
        await _factory.UserAsync("aa-other", new RoleGrant(Roles.OrgDepartment, county));
        var task = (await OpenAsync(reviewer)).Single().GetProperty("id").GetString();

        var marked = await reviewer.PostAsJsonAsync($"/api/tasks/{task}/add-sign", new { to = "aa-leader", position = "after", reason = "须分管领导签批" });
        Assert.Equal("aa-leader", (await marked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("signerAfter").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await reviewer.PostAsJsonAsync($"/api/tasks/{task}/add-sign", new { to = "aa-other", position = "after", reason = "x" })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostAsJsonAsync($"/api/tasks/{task}/complete", new { outcome = "approve" })).StatusCode);
        var signer = (await OpenAsync(leader)).Single(t => t.GetProperty("assignee").GetString() == "aa-leader");
        Assert.Equal(("review", "after"), (signer.GetProperty("elementId").GetString(), signer.GetProperty("addedSign").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await leader.PostAsJsonAsync($"/api/tasks/{signer.GetProperty("id").GetString()}/complete", new { outcome = "approve" })).StatusCode);
        Assert.Equal("after", (await OpenAsync(reviewer)).Single().GetProperty("elementId").GetString());
    }

    [Fact(DisplayName = "批量审批: one step's tasks, each completed on its own; one outside the caller's scope or already closed is refused and named, the rest done")]
    public async Task ABatch_CompletesEach_AndSaysWhichWereRefused()
    {
        var county = await OrgAsync("青山县委", null);
        var town = await OrgAsync("城关镇党委", county);
        var otherTown = await OrgAsync("河西镇党委", county);
        await StartAsync(town, 3);
        await StartAsync(otherTown);
        var reviewer = await _factory.UserAsync("ba-reviewer", new RoleGrant(Roles.OrgDepartment, town));
        var mine = (await OpenAsync(reviewer)).Select(t => t.GetProperty("id").GetString()!).ToList();
        Assert.Equal(3, mine.Count);
        var theirs = (await OpenAsync(_factory.Admin())).Select(t => t.GetProperty("id").GetString()!).Except(mine).Single();

        // Tasks of two steps are refused as a whole: nothing is done.
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostAsJsonAsync($"/api/tasks/{mine[0]}/complete", new { outcome = "approve" })).StatusCode);
        var next = (await OpenAsync(reviewer)).Single(t => t.GetProperty("elementId").GetString() == "after").GetProperty("id").GetString()!;
        var mixed = await reviewer.PostAsJsonAsync("/api/tasks/complete-batch", new { taskIds = new[] { mine[1], next }, outcome = "approve" });
        Assert.Equal(HttpStatusCode.BadRequest, mixed.StatusCode);
        Assert.Equal(4, (await OpenAsync(_factory.Admin())).Length);
        Assert.Equal(HttpStatusCode.BadRequest, (await reviewer.PostAsJsonAsync("/api/tasks/complete-batch", new { taskIds = Array.Empty<string>() })).StatusCode);

        var answer = await reviewer.PostAsJsonAsync("/api/tasks/complete-batch", new { taskIds = new[] { mine[0], mine[1], mine[2], theirs }, outcome = "approve", comment = "同意" });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var result = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, 2), (result.GetProperty("completed").GetInt32(), result.GetProperty("refused").GetInt32()));
        var items = result.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("taskId").GetString()!, i => i);
        Assert.Equal("wrong-state", items[mine[0]].GetProperty("problems")[0].GetProperty("code").GetString()); // closed before the batch
        Assert.Equal("not-permitted", items[theirs].GetProperty("problems")[0].GetProperty("code").GetString());
        Assert.Equal(["completed", "completed"], new[] { mine[1], mine[2] }.Select(id => items[id].GetProperty("status").GetString()));
        Assert.Equal(3, (await OpenAsync(reviewer)).Count(t => t.GetProperty("elementId").GetString() == "after"));
        Assert.Single(await OpenAsync(_factory.Admin()), t => t.GetProperty("id").GetString() == theirs);
    }
}
