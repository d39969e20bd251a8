using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Users;
using Approval.Testing;

namespace Approval.Web.Tests;

/// <summary>
/// Who may start a process through <c>POST /api/instances</c> (issue 14 §1): the application's own processes only
/// from their pages, a process's declared starters within their scope, administrators otherwise. Regression for a
/// township department that started a re-check of a county-direct branch and put a notice of its choosing on the board.
/// </summary>
public abstract class StartPolicyTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly ApprovalFactory _factory = new(provider);

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Every /api answer these tests got is one the published OpenAPI document describes (issue 16 §3).</summary>
    public async Task DisposeAsync()
    {
        try { await _factory.AssertAnswersMatchTheDocumentAsync(); }
        finally { await _factory.DisposeAsync(); }
    }

    private async Task<string> OrgAsync(string name, string kind, string? parentId = null)
    {
        var response = await _factory.Admin().PostAsJsonAsync("/api/orgs", new { name, kind, parentId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }

    private async Task DeployAsync(string key, string starters)
    {
        var xml = Bpmn.Document($"""
            <bpmn:process id="{key}" isExecutable="true" {starters}>
              <bpmn:startEvent id="start"/>
              <bpmn:userTask id="work" name="办理"/>
              <bpmn:endEvent id="end"/>
              {Bpmn.Chain("f", "start", "work", "end")}
            </bpmn:process>
            """);
        Assert.Equal(HttpStatusCode.Created, (await _factory.Admin().PostAsync("/api/definitions", new StringContent(xml, Encoding.UTF8, "application/xml"))).StatusCode);
    }

    private static async Task<(HttpStatusCode Status, string? Code)> StartAsync(HttpClient client, string key, object? variables = null)
    {
        var response = await client.PostAsJsonAsync("/api/instances", new { definitionKey = key, variables });
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (response.StatusCode, body.TryGetProperty("code", out var code) ? code.GetString() : null);
    }

    [Theory(DisplayName = "The application's own processes are never started through the generic API, not even by an administrator")]
    [InlineData("recheck")]
    [InlineData("public-notice")]
    [InlineData("org-cycle")]
    [InlineData("annual-campaign")]
    public async Task DomainProcesses_AreRefused(string key)
    {
        var county = await OrgAsync("某县委", "committee");
        var town = await _factory.UserAsync("town-dept", new RoleGrant(Roles.OrgDepartment, await OrgAsync("城关镇党委", "committee", county)));
        Assert.Equal((HttpStatusCode.Forbidden, "domain-process"), await StartAsync(town, key, new { orgId = county }));
        Assert.Equal((HttpStatusCode.Forbidden, "domain-process"), await StartAsync(_factory.Admin(), key, new { orgId = county }));
        var instances = JsonDocument.Parse(await (await _factory.Admin().GetAsync("/api/tasks?pageSize=100")).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(0, instances.GetArrayLength());
    }

    [Fact(DisplayName = "A process that declares no starters is started by administrators only")]
    public async Task Undeclared_AdministratorsOnly()
    {
        await DeployAsync("plain", "");
        var department = await _factory.UserAsync("dept", new RoleGrant(Roles.OrgDepartment, await OrgAsync("某县委", "committee")));
        Assert.Equal((HttpStatusCode.Forbidden, "no-starters"), await StartAsync(department, "plain"));
        Assert.Equal(HttpStatusCode.Created, (await StartAsync(_factory.Admin(), "plain")).Status);
    }

    [Fact(DisplayName = "A declared starter group starts the process for organizations in its scope only")]
    public async Task StarterGroups_AreCheckedAgainstTheOrganizationTheStartBindsTo()
    {
        await DeployAsync("survey", """camunda:candidateStarterGroups="org-department" camunda:candidateStarterUsers="clerk" """);
        var county = await OrgAsync("某县委", "committee");
        var town = await OrgAsync("城关镇党委", "committee", county);
        var branch = await OrgAsync("东街村党支部", "branch", town);
        var other = await OrgAsync("河口镇党委", "committee", county);
        var department = await _factory.UserAsync("town-dept", new RoleGrant(Roles.OrgDepartment, town));
        var secretary = await _factory.UserAsync("secretary", new RoleGrant(Roles.Secretary, branch));

        Assert.Equal(HttpStatusCode.Created, (await StartAsync(department, "survey", new { orgId = branch })).Status);
        Assert.Equal((HttpStatusCode.Forbidden, "out-of-scope"), await StartAsync(department, "survey", new { orgId = other }));
        Assert.Equal((HttpStatusCode.Forbidden, "not-a-starter"), await StartAsync(secretary, "survey", new { orgId = branch }));
        Assert.Equal(HttpStatusCode.Created, (await StartAsync(await _factory.UserAsync("clerk"), "survey")).Status);
    }
}

public sealed class SqliteStartPolicyTests() : StartPolicyTests(DatabaseProvider.Sqlite);

public sealed class PostgresStartPolicyTests() : StartPolicyTests(DatabaseProvider.Postgres);
