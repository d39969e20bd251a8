using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Users;
using Approval.Testing;

namespace Approval.Web.Tests;

/// <summary>The HTTP contract of DESIGN.md §7, black-box, on each database.</summary>
public abstract class ApiContractTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly ApprovalFactory _factory = new(provider);

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Every answer these tests got is one the published OpenAPI document describes (issue 16 §3).</summary>
    public async Task DisposeAsync()
    {
        try { await _factory.AssertAnswersMatchTheDocumentAsync(); }
        finally { await _factory.DisposeAsync(); }
    }

    private static StringContent Xml(string xml) => new(xml, Encoding.UTF8, "application/xml");

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private async Task<string> StartAsync(HttpClient client, string key, object variables)
    {
        var response = await client.PostAsJsonAsync("/api/instances", new { definitionKey = key, variables });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Json(response)).GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement[]> TasksAsync(HttpClient client, string query = "") =>
        (await Json(await client.GetAsync("/api/tasks" + query))).EnumerateArray().ToArray();

    [Fact]
    public async Task Health_Answers200_WhenReady()
    {
        var response = await _factory.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Api_Answers401ProblemJson_WithoutAValidToken()
    {
        var anonymous = await _factory.CreateClient().GetAsync("/api/tasks");
        var wrong = await _factory.Client("not-a-token").GetAsync("/api/tasks");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Deploy_Answers400NamingEveryProblem_AndDeploysNothing()
    {
        var admin = _factory.Admin();
        var broken = Bpmn.Process("broken", """
            <bpmn:startEvent id="start"/>
            <bpmn:exclusiveGateway id="stuck"/>
            <bpmn:scriptTask id="script"/>
            <bpmn:serviceTask id="call" camunda:topic="no-such-topic"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="stuck"/>
            <bpmn:sequenceFlow id="f2" sourceRef="call" targetRef="ghost"/>
            <bpmn:sequenceFlow id="f3" sourceRef="start" targetRef="call"><bpmn:conditionExpression>${a ==== }</bpmn:conditionExpression></bpmn:sequenceFlow>
            """);
        var response = await admin.PostAsync("/api/definitions", Xml(broken));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await Json(response)).GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("code").GetString(), e.GetProperty("elementId").GetString())).ToList();
        Assert.Contains(("no-outgoing-flow", "stuck"), errors);
        Assert.Contains(("unsupported-element", "script"), errors);
        Assert.Contains(("unknown-topic", "call"), errors);
        Assert.Contains(("dangling-reference", "f2"), errors);
        Assert.Contains(("bad-expression", "f3"), errors);
        Assert.Equal(Shipped.Order(), (await Json(await admin.GetAsync("/api/definitions"))).EnumerateArray().Select(d => d.GetProperty("key").GetString()!).Order());
    }

    /// <summary>The cycle workflows every server deploys at start-up.</summary>
    private static readonly string[] Shipped = Core.Campaigns.ShippedWorkflows.Files.Select(f => f.Replace(".bpmn", "")).ToArray();

    [Fact]
    public async Task Deploy_VersionsEachProcessOfAFileUnderItsOwnId()
    {
        var admin = _factory.Admin();
        var first = await Json(await admin.PostAsync("/api/definitions", Xml(TestProcesses.CallActivity)));
        Assert.Equal(["childCycle:1", "parentCycle:1"], first.GetProperty("processes").EnumerateArray()
            .Select(p => $"{p.GetProperty("key").GetString()}:{p.GetProperty("version").GetInt32()}").Order());
        var changed = TestProcesses.CallActivity.Replace("afterChild", "afterChildV2");
        await admin.PostAsync("/api/definitions", Xml(changed));
        var list = (await Json(await admin.GetAsync("/api/definitions"))).EnumerateArray()
            .Where(d => !Shipped.Contains(d.GetProperty("key").GetString()))
            .Select(d => $"{d.GetProperty("key").GetString()}:{d.GetProperty("version").GetInt32()}").ToList();
        Assert.Equal(["childCycle:1", "childCycle:2", "parentCycle:1", "parentCycle:2"], list.Order());
        var id = await StartAsync(admin, "parentCycle", new { orgName = "x", year = 2026 });
        var instance = await Json(await admin.GetAsync($"/api/instances/{id}"));
        Assert.Equal(2, instance.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task CompleteTask_Answers200ThenConflict_AndTheInstanceShowsItsHistory()
    {
        var admin = _factory.Admin();
        await admin.PostAsync("/api/definitions", Xml(TestProcesses.Pledge));
        var id = await StartAsync(admin, "pledgeCycle", new { orgId = "branch-1" });
        var task = Assert.Single(await TasksAsync(admin));
        Assert.Equal(("公开承诺", "branch-1"), (task.GetProperty("name").GetString(), task.GetProperty("orgId").GetString()));
        var taskId = task.GetProperty("id").GetString();

        var done = await admin.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { outcome = "approve", comment = "同意" });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var again = await admin.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { outcome = "approve" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("task-not-open", (await Json(again)).GetProperty("code").GetString());

        var instance = await Json(await admin.GetAsync($"/api/instances/{id}"));
        Assert.Equal("completed", instance.GetProperty("status").GetString());
        var completed = instance.GetProperty("history").EnumerateArray().Single(h => h.GetProperty("kind").GetString() == "task-completed");
        Assert.Equal(("admin", "approve", "同意"), (completed.GetProperty("actor").GetString(), completed.GetProperty("outcome").GetString(), completed.GetProperty("comment").GetString()));
    }

    [Fact]
    public async Task ConcurrentCompletions_OneGets200_TheOther409()
    {
        var admin = _factory.Admin();
        await admin.PostAsync("/api/definitions", Xml(TestProcesses.Pledge));
        await StartAsync(admin, "pledgeCycle", new { orgId = "branch-1" });
        var taskId = Assert.Single(await TasksAsync(admin)).GetProperty("id").GetString();
        var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => _factory.Admin().PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { })));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
    }

    [Fact]
    public async Task Tasks_AreVisibleAndCompletable_OnlyWithinTheCallersScope()
    {
        var admin = _factory.Admin();
        await admin.PostAsync("/api/definitions", Xml(TestProcesses.Pledge));
        await StartAsync(admin, "pledgeCycle", new { orgId = "branch-1" });
        await StartAsync(admin, "pledgeCycle", new { orgId = "branch-2" });
        var secretary1 = await _factory.UserAsync("sec1", new RoleGrant(Roles.Secretary, "branch-1"));
        var committee = await _factory.UserAsync("com1", new RoleGrant(Roles.Committee, "branch-2"));

        var visible = await TasksAsync(secretary1);
        Assert.Equal("branch-1", Assert.Single(visible).GetProperty("orgId").GetString());
        Assert.Empty(await TasksAsync(committee)); // right organization, wrong role

        var other = (await TasksAsync(admin)).Single(t => t.GetProperty("orgId").GetString() == "branch-2").GetProperty("id").GetString();
        var forbidden = await secretary1.PostAsJsonAsync($"/api/tasks/{other}/complete", new { });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(2, (await TasksAsync(admin)).Length); // nothing changed
        var own = visible[0].GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await secretary1.PostAsJsonAsync($"/api/tasks/{own}/complete", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await secretary1.PostAsync("/api/definitions", Xml(TestProcesses.Pledge))).StatusCode);
    }

    [Fact]
    public async Task AssignedTasks_BelongToTheAssigneeAlone()
    {
        var admin = _factory.Admin();
        var xml = Bpmn.Process("assigned", $"""
            <bpmn:startEvent id="start"/>
            <bpmn:userTask id="pledge" name="pledge" camunda:assignee="${"{owner}"}" camunda:candidateGroups="secretary" ap:org="branch-1"/>
            <bpmn:endEvent id="end"/>
            {Bpmn.Chain("f", "start", "pledge", "end")}
            """);
        await admin.PostAsync("/api/definitions", Xml(xml));
        await StartAsync(admin, "assigned", new { owner = "alice" });
        var alice = await _factory.UserAsync("alice");
        var colleague = await _factory.UserAsync("bob", new RoleGrant(Roles.Secretary, "branch-1"));
        Assert.Empty(await TasksAsync(colleague));
        var taskId = Assert.Single(await TasksAsync(alice)).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Forbidden, (await colleague.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { })).StatusCode);
    }

    [Fact]
    public async Task Instances_AreReadableWithinTheReadersOrganizationScopeOnly()
    {
        var admin = _factory.Admin();
        await admin.PostAsync("/api/definitions", Xml(TestProcesses.Pledge));
        var own = await StartAsync(admin, "pledgeCycle", new { orgId = "branch-1" });
        var other = await StartAsync(admin, "pledgeCycle", new { orgId = "branch-2" });
        var department = await _factory.UserAsync("dept", new RoleGrant(Roles.OrgDepartment, "branch-1"));
        var scopedAdmin = await _factory.UserAsync("local-admin", new RoleGrant(Roles.Administrator, "branch-2"));
        Assert.Equal(HttpStatusCode.OK, (await department.GetAsync($"/api/instances/{own}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await department.GetAsync($"/api/instances/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await department.PostAsJsonAsync("/api/messages", new { name = "x", correlationKey = "y" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await scopedAdmin.PostAsync("/api/definitions", Xml(TestProcesses.Pledge))).StatusCode);
    }

    [Fact]
    public async Task Messages_Answer202WhenSomeoneWaits_And404Otherwise()
    {
        var admin = _factory.Admin();
        await admin.PostAsync("/api/definitions", Xml(TestProcesses.MessageCatch));
        var early = await admin.PostAsJsonAsync("/api/messages", new { name = "pledge-approved", correlationKey = "org-a" });
        Assert.Equal(HttpStatusCode.NotFound, early.StatusCode);
        var id = await StartAsync(admin, "message", new { orgId = "org-a" });
        var onTime = await admin.PostAsJsonAsync("/api/messages", new { name = "pledge-approved", correlationKey = "org-a", variables = new { by = "county" } });
        Assert.Equal(HttpStatusCode.Accepted, onTime.StatusCode);
        var instance = await Json(await admin.GetAsync($"/api/instances/{id}"));
        Assert.Equal(["published"], instance.GetProperty("activeElementIds").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task ClockAdvance_FiresDueTimersBeforeAnswering_ForAdministratorsOnly()
    {
        var admin = _factory.Admin();
        // The web app has no "count" handler: the reminder sends a mail instead.
        var xml = TestProcesses.InterruptingTimer.Replace("""<bpmn:serviceTask id="remind" camunda:topic="count"/>""", """<bpmn:sendTask id="remind"/>""");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/definitions", Xml(xml))).StatusCode);
        var id = await StartAsync(admin, "interrupting", new { });
        var secretary = await _factory.UserAsync("sec", new RoleGrant(Roles.Secretary, null));
        Assert.Equal(HttpStatusCode.Forbidden, (await secretary.PostAsJsonAsync("/api/clock/advance", new { by = "P3D" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/clock/advance", new { by = "three days" })).StatusCode);

        var before = (await Json(await admin.GetAsync("/api/clock"))).GetProperty("now").GetDateTimeOffset();
        var advanced = await Json(await admin.PostAsJsonAsync("/api/clock/advance", new { by = "P3D" }));
        Assert.Equal(before.AddDays(3), advanced.GetProperty("now").GetDateTimeOffset());
        Assert.Equal(3, advanced.GetProperty("timersFired").GetInt32()); // two reminders and the deadline
        var instance = await Json(await admin.GetAsync($"/api/instances/{id}"));
        Assert.Equal(["escalated"], instance.GetProperty("activeElementIds").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task StartWithUnknownDefinition_Answers404ProblemJson()
    {
        var response = await _factory.Admin().PostAsJsonAsync("/api/instances", new { definitionKey = "nope" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}

public sealed class SqliteApiContractTests() : ApiContractTests(DatabaseProvider.Sqlite);

public sealed class PostgresApiContractTests() : ApiContractTests(DatabaseProvider.Postgres);

public sealed class SystemClockTests : IDisposable
{
    private readonly ApprovalFactory _factory = new(DatabaseProvider.Sqlite, clock: "System");

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Clock_Answers404_UnlessTheManualClockIsConfigured()
    {
        var admin = _factory.Admin();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/clock")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/api/clock/advance", new { by = "P1D" })).StatusCode);
    }
}
