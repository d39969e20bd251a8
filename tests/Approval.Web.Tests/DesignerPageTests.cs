using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Users;

namespace Approval.Web.Tests;

/// <summary>
/// The designer's pages over HTTP: administrators only; validation names each problem's element and deploy refuses
/// a model with problems; versions, diff, heat map, and a migration by form with its dry run and audit.
/// </summary>
public sealed class DesignerPageTests : IAsyncLifetime, IDisposable
{
    private readonly ApprovalFactory _factory = new(DatabaseProvider.Sqlite);
    private PageBrowser _admin = null!, _secretary = null!;

    private static string Model(string taskId, string remindBefore = "P1D", string extra = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                          xmlns:ap="urn:approval:bpmn:1" id="d" targetNamespace="urn:test">
          <bpmn:process id="designer-test" name="设计器测试" isExecutable="true">
            <bpmn:startEvent id="start"/>
            <bpmn:userTask id="{taskId}" name="月度报告" camunda:candidateGroups="secretary" camunda:dueDate="P5D" ap:remindBefore="{remindBefore}"/>
            {extra}
            <bpmn:endEvent id="end"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="{taskId}"/>
            <bpmn:sequenceFlow id="f2" sourceRef="{taskId}" targetRef="end"/>
          </bpmn:process>
        </bpmn:definitions>
        """;

    private const string Broken = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="urn:test">
          <bpmn:process id="broken" isExecutable="true">
            <bpmn:startEvent id="start"/>
            <bpmn:exclusiveGateway id="dead-end"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="dead-end"/>
          </bpmn:process>
        </bpmn:definitions>
        """;

    public void Dispose() => _factory.Dispose();
    public Task DisposeAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _admin = await _factory.BrowserAsync("designer-admin", new RoleGrant(Roles.Administrator, null));
        _secretary = await _factory.BrowserAsync("designer-secretary", new RoleGrant(Roles.Secretary, null));
    }

    private Task<HttpResponseMessage> PostXmlAsync(PageBrowser browser, string handler, string xml) =>
        browser.PostBodyAsync("/designer/edit", $"/designer/edit?handler={handler}", new StringContent(xml, Encoding.UTF8, "application/xml"));

    private async Task<string> StartAsync(int? version = null)
    {
        var response = await _factory.Admin().PostAsJsonAsync("/api/instances", new { definitionKey = "designer-test", version });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }

    [Theory]
    [InlineData("/designer")]
    [InlineData("/designer/edit")]
    [InlineData("/designer/org-cycle")]
    [InlineData("/designer/org-cycle/1")]
    [InlineData("/designer/org-cycle/diff")]
    [InlineData("/designer/org-cycle/migrate")]
    [InlineData("/instances/some-instance")]
    public async Task DesignerPages_AreForAdministratorsOnly(string page)
    {
        Assert.Equal("/login", (await _factory.AnonymousBrowser().GetAsync(page)).Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Forbidden, (await _secretary.GetAsync(page)).StatusCode);
        Assert.Equal(page.StartsWith("/instances") ? HttpStatusCode.NotFound : HttpStatusCode.OK, (await _admin.GetAsync(page)).StatusCode);
    }

    [Fact]
    public async Task Validation_NamesTheElement_AndDeployRefusesAModelWithProblems()
    {
        // A secretary cannot validate or deploy even with a valid token of their own (taken from /calendar).
        var refused = await _secretary.PostBodyAsync("/calendar", "/designer/edit?handler=Deploy", new StringContent(Model("report"), Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        var validation = JsonDocument.Parse(await (await PostXmlAsync(_admin, "Validate", Broken)).Content.ReadAsStringAsync()).RootElement;
        var problem = Assert.Single(validation.GetProperty("problems").EnumerateArray());
        Assert.Equal(("dead-end", "no-outgoing-flow"), (problem.GetProperty("elementId").GetString(), problem.GetProperty("code").GetString()));

        var deploy = await PostXmlAsync(_admin, "Deploy", Broken);
        Assert.Equal(HttpStatusCode.BadRequest, deploy.StatusCode);
        Assert.Equal("application/problem+json", deploy.Content.Headers.ContentType?.MediaType);
        Assert.Contains("dead-end", await deploy.Content.ReadAsStringAsync());
        Assert.DoesNotContain("broken", await _admin.TextAsync("/designer"));

        var deployed = await PostXmlAsync(_admin, "Deploy", Model("report"));
        Assert.Equal(HttpStatusCode.Created, deployed.StatusCode);
        var body = JsonDocument.Parse(await deployed.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((1, "/designer/designer-test"), (body.GetProperty("version").GetInt32(), body.GetProperty("url").GetString()));
        var again = await PostXmlAsync(_admin, "Deploy", Model("report"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode); // the same document: no new version
        Assert.False(JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("created").GetBoolean());

        var posted = await _admin.Client.PostAsync("/designer/edit?handler=Deploy", new StringContent(Model("report", "P2D"), Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode); // no antiforgery token: refused, nothing deployed
        Assert.Contains("data-version=\"1\"", await _admin.TextAsync("/designer/designer-test"));
    }

    [Fact]
    public async Task TheModeler_GetsTheShippedXmlAndTheServersOptions()
    {
        var page = await _admin.TextAsync("/designer/edit?key=org-cycle");
        Assert.Contains("data-xml-url=\"/designer/edit?handler=Xml&amp;key=org-cycle&amp;version=1\"", page);
        Assert.Contains("id=\"designer-canvas\"", page);
        Assert.Contains("<bpmn:process id=\"org-cycle\"", await _admin.TextAsync("/designer/edit?handler=Xml&key=org-cycle"));
        var options = JsonDocument.Parse(await _admin.TextAsync("/designer/edit?handler=Options")).RootElement;
        Assert.Contains("org.prepare", options.GetProperty("topics").EnumerateArray().Select(t => t.GetString()));
        Assert.Contains("pledge", options.GetProperty("formKeys").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        Assert.Contains("secretary", options.GetProperty("groups").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        Assert.Contains("org-cycle", options.GetProperty("processes").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/designer/edit?key=no-such-process")).StatusCode);
    }

    [Fact]
    public async Task Versions_Diff_HeatMap_AndAMigrationByForm_WithItsAudit()
    {
        Assert.Equal(HttpStatusCode.Created, (await PostXmlAsync(_admin, "Deploy", Model("report"))).StatusCode);
        var ids = new[] { await StartAsync(), await StartAsync(), await StartAsync() };
        Assert.Equal(HttpStatusCode.Created, (await PostXmlAsync(_admin, "Deploy", Model("monthly", "P2D,P1D"))).StatusCode);

        var diff = await _admin.TextAsync("/designer/designer-test/diff?from=1&to=2");
        Assert.Contains("class=\"diff-added\" data-element=\"monthly\"", diff);
        Assert.Contains("class=\"diff-removed\" data-element=\"report\"", diff);
        Assert.Contains("class=\"diff-changed\" data-element=\"f1\"", diff);

        var heat = await _admin.TextAsync("/designer/designer-test/1");
        Assert.Contains("<tr data-element=\"report\" class=\"\">", heat);
        var state = JsonDocument.Parse(await _admin.TextAsync("/designer/designer-test/1?handler=State")).RootElement;
        Assert.Equal(3, state.GetProperty("heat").GetProperty("report").GetInt32());

        // Dry run without a mapping: the task has no counterpart; nothing moves.
        var dry = await _admin.PostFormAsync("/designer/designer-test/migrate?from=1&to=2", "/designer/designer-test/migrate?handler=DryRun",
            new() { ["From"] = "1", ["To"] = "2", ["Map[report]"] = "" });
        var dryPage = await dry.Content.ReadAsStringAsync();
        Assert.Contains("data-movable=\"0\" data-total=\"3\"", dryPage);
        Assert.Contains("没有对应环节", dryPage);

        var mapped = await _admin.PostFormAsync("/designer/designer-test/migrate?from=1&to=2", "/designer/designer-test/migrate?handler=DryRun",
            new() { ["From"] = "1", ["To"] = "2", ["Map[report]"] = "monthly" });
        Assert.Contains("data-movable=\"3\" data-total=\"3\"", await mapped.Content.ReadAsStringAsync());
        Assert.Equal(3, JsonDocument.Parse(await _admin.TextAsync("/designer/designer-test/1?handler=State")).RootElement.GetProperty("heat").GetProperty("report").GetInt32());

        var migrated = await _admin.PostFormAsync("/designer/designer-test/migrate", "/designer/designer-test/migrate?handler=Migrate",
            new() { ["From"] = "1", ["To"] = "2", ["Map[report]"] = "monthly", ["Selected"] = ids[0] });
        Assert.Equal(HttpStatusCode.Redirect, migrated.StatusCode);
        var process = await _admin.TextAsync("/designer/designer-test");
        Assert.Contains("已将 1 个实例迁移到 v2", process);
        Assert.Contains("designer-admin", process);
        Assert.Contains("report → monthly", process);

        var instance = await _admin.TextAsync($"/instances/{ids[0]}");
        Assert.Contains("designer-test v2", instance);
        Assert.Contains("data-kind=\"instance-migrated\"", instance);
        var path = JsonDocument.Parse(await _admin.TextAsync($"/instances/{ids[0]}?handler=State")).RootElement;
        Assert.Equal(["monthly"], path.GetProperty("active").EnumerateArray().Select(a => a.GetString()));
        Assert.Contains("start", path.GetProperty("completed").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(2, JsonDocument.Parse(await _admin.TextAsync("/designer/designer-test/1?handler=State")).RootElement.GetProperty("heat").GetProperty("report").GetInt32());
    }
}
