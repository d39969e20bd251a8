using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Approval.Web.Tests;

/// <summary>Campaigns, task forms, the public notice board and re-checks over HTTP, with role and scope.</summary>
public abstract class CampaignsApiTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly ApprovalFactory _factory = new(provider);

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Every /api answer these tests got is one the published OpenAPI document describes (issue 16 §3).</summary>
    public async Task DisposeAsync()
    {
        try { await _factory.AssertAnswersMatchTheDocumentAsync(); }
        finally { await _factory.DisposeAsync(); }
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private async Task<(string County, string Town, string Branch)> TreeAsync()
    {
        var admin = _factory.Admin();
        async Task<string> Org(string name, string kind, string? parentId, string? sector = null) =>
            (await Json(await admin.PostAsJsonAsync("/api/orgs", new { name, kind, parentId, sector }))).GetProperty("id").GetString()!;
        var county = await Org("某县委", "committee", null);
        var town = await Org("城关镇党委", "committee", county);
        return (county, town, await Org("东街村党支部", "branch", town, "rural"));
    }

    [Fact]
    public async Task OnlyAdministrators_StartCampaigns_AndBadInputNamesEveryField()
    {
        var (county, _, _) = await TreeAsync();
        var department = await _factory.UserAsync("county-dept", new RoleGrant(Roles.OrgDepartment, county));
        Assert.Equal(HttpStatusCode.Forbidden, (await department.PostAsJsonAsync("/api/campaigns", new { schemeKey = "double-ten", year = 2027, rootOrgId = county })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _factory.CreateClient().PostAsJsonAsync("/api/campaigns", new { })).StatusCode);

        var bad = await _factory.Admin().PostAsJsonAsync("/api/campaigns", new { schemeKey = "nope", year = 1900, rootOrgId = "missing" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["rootOrgId", "schemeKey", "year"], (await Json(bad)).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).Order());

        var created = await _factory.Admin().PostAsJsonAsync("/api/campaigns", new { schemeKey = "double-ten", year = 2027, rootOrgId = county });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var again = await _factory.Admin().PostAsJsonAsync("/api/campaigns", new { schemeKey = "double-ten", year = 2027, rootOrgId = county });
        Assert.Equal("year", (await Json(again)).GetProperty("errors")[0].GetProperty("field").GetString());
        var list = await Json(await department.GetAsync("/api/campaigns"));
        Assert.Equal("running", Assert.Single(list.EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task AFormTask_RefusesBadFields_AndSetsOnlyItsOwnVariables()
    {
        var (county, town, branch) = await TreeAsync();
        await _factory.Admin().PostAsJsonAsync("/api/campaigns", new { schemeKey = "double-ten", year = 2027, rootOrgId = county });
        var department = await _factory.UserAsync("county-dept", new RoleGrant(Roles.OrgDepartment, county));
        var confirm = (await Json(await department.GetAsync("/api/tasks"))).EnumerateArray().Single();
        Assert.Equal(HttpStatusCode.OK, (await department.PostAsJsonAsync($"/api/tasks/{confirm.GetProperty("id").GetString()}/complete", new { })).StatusCode);

        var secretary = await _factory.UserAsync("secretary", new RoleGrant(Roles.Secretary, branch));
        var pledge = (await Json(await secretary.GetAsync("/api/tasks"))).EnumerateArray().Single();
        var url = $"/api/tasks/{pledge.GetProperty("id").GetString()}/complete";
        var refused = await secretary.PostAsJsonAsync(url, new { variables = new { stars = new[] { "purpose" }, measures = "" } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["deeds", "measures", "stars"], (await Json(refused)).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).Order());

        var sibling = (await Json(await _factory.Admin().PostAsJsonAsync("/api/orgs", new { name = "西关社区党支部", kind = "branch", parentId = town, sector = "community" }))).GetProperty("id").GetString();
        var other = await _factory.UserAsync("other-secretary", new RoleGrant(Roles.Secretary, sibling));
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsJsonAsync(url, new { })).StatusCode);
        var done = await secretary.PostAsJsonAsync(url, new { variables = new { stars = new[] { "study", "org-life" }, measures = "建强班子", deeds = new[] { "修村道" }, orgId = "hijack", upperOrgId = "hijack" } });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var instance = await Json(await _factory.Admin().GetAsync($"/api/instances/{pledge.GetProperty("instanceId").GetString()}"));
        Assert.Equal(branch, instance.GetProperty("variables").GetProperty("orgId").GetString()); // the form ignored what it does not own
        Assert.Equal(HttpStatusCode.Conflict, (await secretary.PostAsJsonAsync(url, new { variables = new { stars = new[] { "study" }, measures = "x", deeds = new[] { "y" } } })).StatusCode);
    }

    [Fact]
    public async Task Remind_IsForTheUpperOrganizationsDepartment_OnceAnHour()
    {
        var (county, town, branch) = await TreeAsync();
        await _factory.Admin().PostAsJsonAsync("/api/campaigns", new { schemeKey = "double-ten", year = 2027, rootOrgId = county });
        var countyDept = await _factory.UserAsync("county-dept", new RoleGrant(Roles.OrgDepartment, county));
        var confirm = (await Json(await countyDept.GetAsync("/api/tasks"))).EnumerateArray().Single();
        await countyDept.PostAsJsonAsync($"/api/tasks/{confirm.GetProperty("id").GetString()}/complete", new { });
        var secretary = await _factory.UserAsync("secretary", new RoleGrant(Roles.Secretary, branch));
        var pledge = (await Json(await secretary.GetAsync("/api/tasks"))).EnumerateArray().Single().GetProperty("id").GetString();
        var url = $"/api/tasks/{pledge}/remind";

        Assert.Equal(HttpStatusCode.Unauthorized, (await _factory.CreateClient().PostAsync(url, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await secretary.PostAsync(url, null)).StatusCode);
        var sibling = (await Json(await _factory.Admin().PostAsJsonAsync("/api/orgs", new { name = "另一镇党委", kind = "committee", parentId = county }))).GetProperty("id").GetString();
        var otherTown = await _factory.UserAsync("other-town", new RoleGrant(Roles.OrgDepartment, sibling));
        Assert.Equal(HttpStatusCode.Forbidden, (await otherTown.PostAsync(url, null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await countyDept.PostAsync("/api/tasks/nope/remind", null)).StatusCode);

        var townDept = await _factory.UserAsync("town-dept", new RoleGrant(Roles.OrgDepartment, town));
        Assert.Equal(HttpStatusCode.Accepted, (await townDept.PostAsync(url, null)).StatusCode);
        var again = await countyDept.PostAsync(url, null);
        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.InRange(again.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 3590, 3600);
        var instance = await Json(await _factory.Admin().GetAsync($"/api/instances/{(await Json(await secretary.GetAsync($"/api/tasks/{pledge}"))).GetProperty("instanceId").GetString()}"));
        Assert.Contains(instance.GetProperty("history").EnumerateArray(), h => h.GetProperty("kind").GetString() == "task-urged" && h.GetProperty("actor").GetString() == "town-dept");

        // Nobody in the test has an address, so no mail was composed; the outbox is the administrators' alone.
        Assert.Equal(HttpStatusCode.Forbidden, (await countyDept.GetAsync("/api/mail")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _factory.Admin().GetAsync("/api/mail?status=dead")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _factory.Admin().GetAsync("/api/mail?status=lost")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _factory.Admin().PostAsync("/api/mail/1/resend", null)).StatusCode);
    }

    [Fact]
    public async Task AnObligationRecord_IsFilledOnItsTaskPage_WithProblemsNextToTheFields()
    {
        var (_, _, branch) = await TreeAsync();
        var services = _factory.Services;
        var catalog = services.GetRequiredService<Core.Obligations.ObligationCatalog>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var period = catalog.PeriodOf(Core.Obligations.Cadence.Monthly, now);
        var instance = await services.GetRequiredService<Engine.Runtime.WorkflowRuntime>().StartAsync("obligation", variables: new Dictionary<string, JsonElement>
        {
            ["orgId"] = JsonSerializer.SerializeToElement(branch), ["obligationKey"] = JsonSerializer.SerializeToElement("committee-meeting"),
            ["title"] = JsonSerializer.SerializeToElement($"支部委员会会议记录（{period.Label}）"), ["period"] = JsonSerializer.SerializeToElement(period.Period),
            ["year"] = JsonSerializer.SerializeToElement(period.Year), ["opensAt"] = JsonSerializer.SerializeToElement(period.Opens),
            ["dueAt"] = JsonSerializer.SerializeToElement(period.Due), ["closesAt"] = JsonSerializer.SerializeToElement(period.Closes),
            ["remind"] = JsonSerializer.SerializeToElement(catalog.Remind, Engine.Runtime.StoreJson.Options),
        });
        var secretary = await _factory.BrowserAsync("secretary", new RoleGrant(Roles.Secretary, branch));
        var taskId = (await services.GetRequiredService<Engine.Runtime.WorkflowRuntime>().Store.ReadAsync(s => s.ListTasksAsync(instance.Id))).Single().Id;
        var page = $"/tasks/{taskId}";
        var form = await secretary.TextAsync(page);
        Assert.Contains("支部委员会会议记录", form);
        Assert.Contains("name=\"heldOn\"", form);

        var refused = await secretary.PostFormAsync(page, page, new() { ["outcome"] = "submit", ["heldOn"] = "1999-01-01", ["attendance"] = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var body = await refused.Content.ReadAsStringAsync();
        foreach (var field in new[] { "heldOn", "attendance", "topic", "minutes" }) Assert.Contains($"id=\"err-{field}\"", body);

        var heldOn = period.Opens.ToOffset(TimeSpan.FromHours(8)).AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var accepted = await secretary.PostFormAsync(page, page, new() { ["outcome"] = "submit", ["heldOn"] = heldOn, ["attendance"] = "9", ["topic"] = "研究主题党日安排", ["minutes"] = "会议研究了本月主题党日活动。" });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
    }

    [Fact]
    public async Task TheNoticeBoard_IsPublic_ButObjectionsNeedValidFields_AndTheirContactsStayPrivate()
    {
        var anonymous = _factory.CreateClient();
        var board = await anonymous.GetAsync("/api/notices");
        Assert.Equal(HttpStatusCode.OK, board.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.PostAsJsonAsync("/api/notices/missing/objections", new { name = "甲", contact = "13800000000", content = "这是一条测试异议内容。" })).StatusCode);
        var invalid = await anonymous.PostAsJsonAsync("/api/notices/missing/objections", new { name = "", contact = "", content = "短" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/notices/missing/objections")).StatusCode);
    }

    [Fact]
    public async Task Rechecks_AreOpenedFromAbove_AndDisciplineCasesByDisciplineInspection()
    {
        var (county, town, branch) = await TreeAsync();
        var secretary = await _factory.UserAsync("secretary", new RoleGrant(Roles.Secretary, branch));
        var townDept = await _factory.UserAsync("town-dept", new RoleGrant(Roles.OrgDepartment, town));
        var discipline = await _factory.UserAsync("county-discipline", new RoleGrant(Roles.Discipline, county));
        Assert.Equal(HttpStatusCode.Forbidden, (await secretary.PostAsJsonAsync("/api/rechecks", new { orgId = branch })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await townDept.PostAsJsonAsync("/api/rechecks", new { orgId = town })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await townDept.PostAsJsonAsync("/api/rechecks", new { orgId = branch, reason = "群众反映" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await townDept.PostAsJsonAsync("/api/discipline-cases", new { orgId = branch, summary = "支部书记违纪立案" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await discipline.PostAsJsonAsync("/api/discipline-cases", new { orgId = branch, summary = "支部书记违纪立案" })).StatusCode);
        var inspections = (await Json(await townDept.GetAsync("/api/tasks"))).EnumerateArray().Where(t => t.GetProperty("elementId").GetString() == "inspection");
        Assert.Equal(2, inspections.Count());
        Assert.Equal(HttpStatusCode.BadRequest, (await townDept.PostAsJsonAsync("/api/rechecks/sample", new { ownerOrgId = town, count = 0 })).StatusCode);
    }
}

public sealed class SqliteCampaignsApiTests() : CampaignsApiTests(DatabaseProvider.Sqlite);

public sealed class PostgresCampaignsApiTests() : CampaignsApiTests(DatabaseProvider.Postgres);
