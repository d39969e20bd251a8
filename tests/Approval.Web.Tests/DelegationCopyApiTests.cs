using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Users;
using Bpmn = Approval.Testing.Bpmn;

namespace Approval.Web.Tests;

/// <summary>委托 and 抄送 over HTTP (issue 17): a delegate or a copy outside the task's scope is refused; within it the delegate acts "代" and the copied person reads the copied instance only.</summary>
public sealed class DelegationCopyApiTests : IAsyncLifetime
{
    private readonly ApprovalFactory _factory = new(DatabaseProvider.Sqlite);

    private static readonly string Review = Bpmn.Process("awayReview", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:userTask id="review" name="审核" camunda:candidateGroups="{Roles.OrgDepartment}" ap:org="${"{orgId}"}"/>
        <bpmn:endEvent id="end"/>
        {Bpmn.Chain("f", "start", "review", "end")}
        """);

    private string _county = "", _town = "", _otherTown = "";

    public async Task InitializeAsync()
    {
        _county = await OrgAsync("青山县委", null);
        _town = await OrgAsync("城关镇党委", _county);
        _otherTown = await OrgAsync("河西镇党委", _county);
        Assert.Equal(HttpStatusCode.Created, (await _factory.Admin().PostAsync("/api/definitions", new StringContent(Review, Encoding.UTF8, "application/xml"))).StatusCode);
    }

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

    private async Task<string> StartAsync(string orgId)
    {
        var started = await _factory.Admin().PostAsJsonAsync("/api/instances", new { definitionKey = "awayReview", variables = new { orgId } });
        return (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<string[]> OpenAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/tasks?status=open")).EnumerateArray().Select(t => t.GetProperty("id").GetString()!).ToArray();

    private static IEnumerable<string?> Fields(JsonElement problem) => problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString());

    [Fact]
    public async Task ADelegateOutsideTheScopeIsRefused_OneWithinActsForTheDelegator()
    {
        var away = await _factory.UserAsync("dl-away", new RoleGrant(Roles.OrgDepartment, _town));
        var outsider = await _factory.UserAsync("dl-outsider", new RoleGrant(Roles.OrgDepartment, _otherTown));
        var deputy = await _factory.UserAsync("dl-deputy", new RoleGrant(Roles.OrgDepartment, _town));
        var instance = await StartAsync(_town);
        var now = (await _factory.Admin().GetFromJsonAsync<JsonElement>("/api/clock")).GetProperty("now").GetDateTimeOffset();

        var refused = await away.PostAsJsonAsync("/api/delegations", new { to = "dl-outsider", until = now.AddDays(3), reason = "外出培训" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["to"], Fields(await refused.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Empty(await OpenAsync(outsider));

        var created = await away.PostAsJsonAsync("/api/delegations", new { to = "dl-deputy", until = now.AddDays(3), reason = "外出培训" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var delegation = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(delegation.GetProperty("active").GetBoolean());
        var overlapping = await away.PostAsJsonAsync("/api/delegations", new { to = "dl-deputy", until = now.AddDays(2), reason = "又外出" });
        Assert.Equal(HttpStatusCode.BadRequest, overlapping.StatusCode);
        Assert.Single((await deputy.GetFromJsonAsync<JsonElement>("/api/delegations")).EnumerateArray());

        var task = Assert.Single(await OpenAsync(deputy));
        Assert.Equal(HttpStatusCode.OK, (await deputy.PostAsJsonAsync($"/api/tasks/{task}/complete", new { outcome = "approve" })).StatusCode);
        var history = (await away.GetFromJsonAsync<JsonElement>($"/api/instances/{instance}")).GetProperty("history").EnumerateArray()
            .Single(h => h.GetProperty("kind").GetString() == "task-completed");
        Assert.Equal(("dl-deputy", "dl-away"), (history.GetProperty("actor").GetString(), history.GetProperty("onBehalfOf").GetString()));

        Assert.Equal(HttpStatusCode.Forbidden, (await deputy.PostAsync($"/api/delegations/{delegation.GetProperty("id").GetString()}/revoke", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await away.PostAsync($"/api/delegations/{delegation.GetProperty("id").GetString()}/revoke", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await away.PostAsync($"/api/delegations/{delegation.GetProperty("id").GetString()}/revoke", null)).StatusCode);
    }

    [Fact]
    public async Task ACopyOutsideTheScopeIsRefused_TheCopiedPersonReadsThatInstanceOnly()
    {
        var reviewer = await _factory.UserAsync("cc-reviewer", new RoleGrant(Roles.OrgDepartment, _town));
        var colleague = await _factory.UserAsync("cc-colleague", new RoleGrant(Roles.Committee, _town)); // takes part, reads nothing of the town by itself
        var outsider = await _factory.UserAsync("cc-outsider", new RoleGrant(Roles.Secretary, _otherTown));
        var copied = await StartAsync(_town);
        var other = await StartAsync(_town);
        var task = (await reviewer.GetFromJsonAsync<JsonElement>($"/api/instances/{copied}")).GetProperty("history").EnumerateArray()
            .First(h => h.GetProperty("kind").GetString() == "task-created").GetProperty("taskId").GetString();

        var refused = await reviewer.PostAsJsonAsync($"/api/tasks/{task}/cc", new { people = new[] { "cc-outsider" } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["people"], Fields(await refused.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.PostAsJsonAsync($"/api/tasks/{task}/cc", new { people = new[] { "cc-colleague" } })).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await colleague.GetAsync($"/api/instances/{copied}")).StatusCode);
        var sent = await reviewer.PostAsJsonAsync($"/api/tasks/{task}/cc", new { people = new[] { "cc-colleague" }, note = "请知悉" });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var list = await colleague.GetAsync("/api/copies");
        Assert.Equal("1", list.Headers.GetValues("X-Unread").Single());
        Assert.Equal(HttpStatusCode.OK, (await colleague.GetAsync($"/api/instances/{copied}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await colleague.GetAsync($"/api/instances/{other}")).StatusCode);
        var after = await colleague.GetAsync("/api/copies");
        Assert.Equal("0", after.Headers.GetValues("X-Unread").Single());
        Assert.NotEqual(JsonValueKind.Null, (await after.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("readAt").ValueKind);
        Assert.Contains(task, await OpenAsync(reviewer)); // the copy holds nothing up: the task is still the reviewer's
    }
}
