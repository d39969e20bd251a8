using System.Net.Http.Json;
using System.Text;
using Microsoft.Playwright;
using static Approval.Web.Tests.Browser.WalkSteps;

namespace Approval.Web.Tests.Browser;

/// <summary>
/// An administrator's operations in a real browser (issue 17, Cockpit parity): a timer whose firing keeps failing is
/// listed as an incident with its stack; the administrator sets the missing variable with a reason, retries the
/// incident, and the instance moves on to its review; cancels another instance after a confirmation; starts a batch
/// that suspends every instance of a process and watches its progress reach done. Set up by the API.
/// </summary>
public sealed class OperationsWalkTests
{
    private const string Password = "operations-walk-1";
    private const string AdminToken = "operations-walk-admin-token";

    [Fact]
    public async Task AnAdministratorRetriesAnIncident_CancelsAnInstance_AndSuspendsABatch()
    {
        await BrowserHost.RunAsync(AdminToken, "2027-03-01T09:00:00+08:00", async host =>
        {
            var (broken, doomed) = await SetUpAsync(host);
            await using var session = await BrowserSession.StartAsync(host.BaseAddress);
            var admin = await session.SignInAsync("ops-admin", Password);

            // 1. The incident, with its stack.
            await admin.GotoAsync("/operations/incidents");
            var row = admin.Locator($"#incidents tr[data-instance='{broken}']");
            Assert.Contains("no-outgoing-flow", await row.InnerTextAsync());
            await row.Locator("details.stack summary").ClickAsync();
            Assert.Contains("WorkflowFaultException", await row.Locator("details.stack pre").InnerTextAsync());
            await BrowserSession.ScreenshotAsync(admin, "ops-01-incident-stack");
            await BrowserSession.PhoneScreenshotAsync(admin, "ops-01-incident-stack");

            // 2. The missing variable is set with a reason, then the incident retried: the instance moves on.
            await admin.GotoAsync($"/instances/{broken}");
            await admin.ClickAsync("#instance-operations summary");
            await admin.FillAsync("#operate-form textarea[name=Reason]", "补录核查结论");
            await admin.FillAsync("input[name=VariableName]", "fixed");
            await admin.FillAsync("textarea[name=VariableValue]", "true");
            await admin.ClickAsync("#operate-form button[formaction*=Variable]");
            await admin.Locator("#history li[data-kind=variable-set]").WaitForAsync();
            await admin.GotoAsync("/operations/incidents");
            await admin.Locator($"#incidents tr[data-instance='{broken}'] input[type=checkbox]").CheckAsync();
            await admin.FillAsync("#retry-form textarea[name=Reason]", "变量已补录，重新执行");
            await BrowserSession.ScreenshotAsync(admin, "ops-02-retry");
            await admin.ClickAsync("#retry-selected");
            Assert.Contains("已重试 1 个实例", await admin.InnerTextAsync("#retry-outcome"));
            Assert.Equal(0, await admin.Locator($"#incidents tr[data-instance='{broken}']").CountAsync());
            await admin.GotoAsync($"/instances/{broken}");
            Assert.Contains("复核", await admin.InnerTextAsync("#open-tasks"));
            var history = await admin.InnerTextAsync("#history");
            Assert.Contains("重试故障 · 运维管理员", history);
            Assert.Contains("变量已补录，重新执行", history);
            await BrowserSession.ScreenshotAsync(admin, "ops-03-moved-on");
            await BrowserSession.PhoneScreenshotAsync(admin, "ops-03-moved-on");

            // 3. Another instance cancelled, after the confirmation.
            await admin.GotoAsync($"/instances/{doomed}");
            await admin.ClickAsync("#cancel-instance summary");
            await admin.FillAsync("#cancel-instance textarea[name=Reason]", "重复发起");
            await admin.ClickAsync("#cancel-instance button[type=submit]");
            await admin.Locator("#history li[data-kind=instance-terminated]").WaitForAsync();
            Assert.Contains("重复发起", await admin.InnerTextAsync("#history"));

            // 4. A batch suspends every running instance of the review process; its progress reaches done.
            await admin.GotoAsync("/operations/batches");
            await admin.SelectOptionAsync("#Operation", "suspend");
            await admin.SelectOptionAsync("#Process", "ops-review");
            await admin.FillAsync("#batch-form textarea[name=Reason]", "年度核查期间暂停");
            await BrowserSession.ScreenshotAsync(admin, "ops-04-batch-form");
            await admin.ClickAsync("#start-batch");
            var done = admin.Locator("#batch-list tr[data-status=done]");
            await done.WaitForAsync(new() { Timeout = 60_000 });
            Assert.Contains("完成 6 · 失败 0 · 共 6", await done.InnerTextAsync());
            Assert.Contains("运维管理员", await done.InnerTextAsync());
            await BrowserSession.ScreenshotAsync(admin, "ops-05-batch-done");
            await BrowserSession.PhoneScreenshotAsync(admin, "ops-05-batch-done");
        });
    }

    /// <summary>An administrator with a password; one gate instance whose timer has failed for good; six reviews, one more to cancel.</summary>
    private static async Task<(string Broken, string Doomed)> SetUpAsync(HostProcess host)
    {
        using var api = new HttpClient { BaseAddress = host.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
        await PostAsync(api, "/api/users", new { login = "ops-admin", name = "运维管理员", roles = new[] { new { role = "administrator", orgId = (string?)null } }, password = Password });
        foreach (var xml in new[] { OperationsApiTests.Gate, OperationsApiTests.Review })
        {
            var deployed = await api.PostAsync("/api/definitions", new StringContent(xml, Encoding.UTF8, "application/xml"));
            Assert.True(deployed.IsSuccessStatusCode, await deployed.Content.ReadAsStringAsync());
        }
        var broken = await PostAsync(api, "/api/instances", new { definitionKey = "ops-gate", businessKey = "核查-故障", variables = new { @fixed = false } });
        for (var i = 1; i <= 6; i++) await PostAsync(api, "/api/instances", new { definitionKey = "ops-review", businessKey = $"核查-{i}" });
        var doomed = await PostAsync(api, "/api/instances", new { definitionKey = "ops-gate", businessKey = "核查-重复", variables = new { @fixed = true } });
        var advanced = await api.PostAsync("/api/clock/advance", JsonContent.Create(new { by = "PT30M" }));
        Assert.True(advanced.IsSuccessStatusCode, await advanced.Content.ReadAsStringAsync());
        advanced = await api.PostAsync("/api/clock/advance", JsonContent.Create(new { by = "P1D" }));
        Assert.True(advanced.IsSuccessStatusCode, await advanced.Content.ReadAsStringAsync());
        return (broken, doomed);
    }
}
