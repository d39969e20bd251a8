using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Testing;

namespace Approval.Web.Tests;

/// <summary>Issue 14 §5's reproductions, each named after what it prevents.</summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    private readonly ApprovalFactory _factory = new(DatabaseProvider.Sqlite);

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Every /api answer these tests got is one the published OpenAPI document describes (issue 16 §3).</summary>
    public async Task DisposeAsync()
    {
        try { await _factory.AssertAnswersMatchTheDocumentAsync(); }
        finally { await _factory.DisposeAsync(); }
    }

    [Fact(DisplayName = "A member named like a formula is exported as text, not as a formula a spreadsheet would run")]
    public async Task CsvExport_NeutralisesFormulas()
    {
        var admin = _factory.Admin();
        var org = (await (await admin.PostAsJsonAsync("/api/orgs", new { name = "东街村党支部", kind = "branch", sector = "rural" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        foreach (var name in new[] { "=HYPERLINK(\"http://evil.example\",\"点我\")", "@SUM(A1)", "+1+1", "张建国" })
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/members", new { orgId = org, name, category = "employed" })).StatusCode);
        var csv = await admin.GetStringAsync($"/api/members/export?orgId={org}&format=csv");
        var names = csv.Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[1]).ToList();
        Assert.DoesNotContain(names, n => n.TrimStart('"').StartsWith('=') || n.TrimStart('"').StartsWith('@') || n.TrimStart('"').StartsWith('+'));
        Assert.Contains(names, n => n.TrimStart('"').StartsWith("'=HYPERLINK", StringComparison.Ordinal));
        Assert.Contains("张建国", names);
    }

    [Theory(DisplayName = "A language switch with a return address off the site goes home instead of answering 500")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("//evil.example", "/")]
    [InlineData("https://evil.example", "/")]
    [InlineData("/notices", "/notices")]
    public async Task LanguageSwitch_RedirectsOnlyWithinTheSite(string returnUrl, string expected)
    {
        var response = await _factory.AnonymousBrowser().GetAsync($"/language?culture=en&returnUrl={Uri.EscapeDataString(returnUrl)}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location?.OriginalString);
    }

    [Fact(DisplayName = "A level far beyond any scheme's is shown as a number, not as two billion stars")]
    public void AnAbsurdLevel_IsShownAsANumber()
    {
        Assert.Equal("★★★★★", Pages.Shared.Ui.Stars(5));
        Assert.True(Pages.Shared.Ui.Stars(int.MaxValue).Length < 30);
    }

    [Fact(DisplayName = "30,000 nested sub-processes are refused with a problem, not a stack overflow that takes the server down")]
    public async Task Deeply_nested_subprocesses_are_refused_not_a_stack_overflow()
    {
        var nested = new System.Text.StringBuilder();
        for (var i = 0; i < 30_000; i++) nested.Append($"<bpmn:subProcess id=\"sp{i}\">");
        for (var i = 0; i < 30_000; i++) nested.Append("</bpmn:subProcess>");
        var response = await _factory.Admin().PostAsync("/api/definitions", new StringContent(Bpmn.Process("deep", nested.ToString()), System.Text.Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0];
        Assert.Equal("too-deep", problem.GetProperty("code").GetString());
    }

    [Fact(DisplayName = "A chunked BPMN body past the limit is refused with 413 even where the server does not cap bodies itself")]
    public async Task A_chunked_body_past_the_BPMN_limit_is_refused()
    {
        var content = new StreamContent(new NonSeekableStream(new byte[6 * 1024 * 1024]));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/xml");
        var response = await _factory.Admin().PostAsync("/api/definitions", content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("body-too-large", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact(DisplayName = "A BPMN file declaring ISO-8859-1 keeps its non-ASCII names, decoded by its declaration")]
    public async Task An_ISO_8859_1_BPMN_round_trips()
    {
        var xml = Bpmn.Document($"""
            <bpmn:process id="latin" name="Café crème" isExecutable="true">
              <bpmn:startEvent id="start"/><bpmn:endEvent id="end"/>{Bpmn.Flow("f1", "start", "end")}
            </bpmn:process>
            """).Replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"", StringComparison.Ordinal);
        var content = new ByteArrayContent(System.Text.Encoding.Latin1.GetBytes(xml));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/xml");
        var admin = _factory.Admin();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/definitions", content)).StatusCode);
        var listed = await admin.GetFromJsonAsync<JsonElement>("/api/definitions");
        Assert.Contains(listed.EnumerateArray(), d => d.GetProperty("name").GetString() == "Café crème");
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
