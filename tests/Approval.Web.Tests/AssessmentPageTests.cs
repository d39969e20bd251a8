using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Users;
using Approval.Testing;

namespace Approval.Web.Tests;

/// <summary>
/// The assessment page under Scheme D (六好): a box per standard under each dimension, and the live preview scoring
/// the boxes ticked ("达成目标得分,不达成不得分"), on a one-task process that carries the scheme's variables.
/// </summary>
public sealed class AssessmentPageTests : IDisposable
{
    private readonly ApprovalFactory _factory = new(DatabaseProvider.Sqlite);

    public void Dispose() => _factory.Dispose();

    private async Task<string> SixGoodAssessmentAsync(string assessor)
    {
        var admin = _factory.Admin();
        var process = Bpmn.Process("sixGoodAssessment", $"""
            <bpmn:startEvent id="start"/>
            <bpmn:userTask id="assessment" name="上级党组织考评" camunda:formKey="assessment" camunda:assignee="{assessor}"/>
            <bpmn:endEvent id="end"/>
            {Bpmn.Chain("f", "start", "assessment", "end")}
            """);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/definitions", new StringContent(process, Encoding.UTF8, "application/xml"))).StatusCode);
        var started = await admin.PostAsJsonAsync("/api/instances", new
        {
            definitionKey = "sixGoodAssessment",
            variables = new { schemeKey = "six-good", subjectKind = "organization", subjectSector = "non-public" },
        });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var tasks = JsonDocument.Parse(await (await admin.GetAsync("/api/tasks")).Content.ReadAsStringAsync()).RootElement;
        return tasks.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "上级党组织考评").GetProperty("id").GetString()!;
    }

    [Fact(DisplayName = "Scheme D's assessment shows a box per standard, and the preview scores the points of those ticked")]
    public async Task TheAssessment_TicksStandards_AndThePreviewScoresThem()
    {
        var browser = await _factory.BrowserAsync("assessor", new RoleGrant(Roles.Administrator, null));
        var page = $"/tasks/{await SixGoodAssessmentAsync("assessor")}";

        var html = await browser.TextAsync(page);
        Assert.Contains("name=\"standards.leadership.0\"", html);
        Assert.Contains("name=\"standards.systems.5\"", html); // 制度落实好 has six standards
        Assert.Contains("党支部工作有计划、有目标、有记载、有检查、有考核（2.5", html);
        Assert.DoesNotContain("name=\"itemScores.", html);

        var preview = await browser.PostFormAsync(page, page + "?handler=Preview",
            new() { ["standards.leadership.0"] = "true", ["standards.leadership.1"] = "true", ["standards.impact.0"] = "true" });
        var scored = WebUtility.HtmlDecode(await preview.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("班子建设好 2/4 项达成 10/20 分", scored);
        Assert.Contains("作用发挥好 1/3 项达成 7/20 分", scored);
        Assert.Contains("总分 17", scored);
    }
}
