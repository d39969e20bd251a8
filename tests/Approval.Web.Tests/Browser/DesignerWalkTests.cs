using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Approval.Web.Tests.Browser;

/// <summary>
/// The administrators' designer in a real browser against a real host (issue 6): the shipped org-cycle is opened,
/// the pledge step gets a second reminder and the self-evaluation step one more, v2 is deployed, the ten running
/// instances waiting at the monthly reports (督促践行) are migrated, and at the year end their next reminders follow
/// v2 while the year-end timer fires once; a gateway with no way out shows its problem on the element and cannot be
/// deployed. The campaign up to the monthly reports is set up by the API (ten organizations' pledges and reviews);
/// everything about the designer goes through the UI. Screenshots: designer, problem, heat map, instance viewer.
/// </summary>
public sealed class DesignerWalkTests
{
    private const string Password = "designer-password-1";
    private const string AdminToken = "designer-admin-token";

    [Fact]
    public async Task AnAdministrator_ChangesOrgCycle_DeploysV2_AndMigratesTheRunningInstances()
    {
        await BrowserHost.RunAsync(AdminToken, "2027-01-04T09:00:00+08:00", async host =>
        {
            using var api = new HttpClient { BaseAddress = host.BaseAddress };
            api.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
            await RunCampaignToPracticeAsync(api);
            await using var session = await BrowserSession.StartAsync(host.BaseAddress);
            await WalkAsync(session, api);
        });
    }

    /// <summary>County → town → nine branches: ten org cycles; every pledge made and approved, so all wait at 督促践行.</summary>
    private static async Task RunCampaignToPracticeAsync(HttpClient api)
    {
        async Task<JsonElement> Post(string url, object body)
        {
            var response = await api.PostAsJsonAsync(url, body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{url}: {response.StatusCode} {text}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        var county = (await Post("/api/orgs", new { name = "青山县委", kind = "committee" })).GetProperty("id").GetString();
        var town = (await Post("/api/orgs", new { name = "城关镇党委", kind = "committee", parentId = county })).GetProperty("id").GetString();
        for (var i = 1; i <= 9; i++)
            await Post("/api/orgs", new { name = $"第{i}村党支部", kind = "branch", parentId = town, sector = "rural" });
        await Post("/api/users", new { login = "designer-admin", name = "流程管理员", roles = new[] { new { role = "administrator", orgId = (string?)null } }, password = Password });
        await Post("/api/campaigns", new { schemeKey = "double-ten", year = 2027, rootOrgId = county });

        for (var round = 0; round < 10; round++)
        {
            var open = JsonDocument.Parse(await api.GetStringAsync("/api/tasks?pageSize=500")).RootElement.EnumerateArray()
                .Where(t => t.GetProperty("elementId").GetString() is "confirm-stars" or "pledge" or "pledge-review").ToList();
            if (open.Count == 0) break;
            foreach (var task in open)
            {
                object body = task.GetProperty("elementId").GetString() switch
                {
                    "pledge" => new { outcome = "submit", variables = new { stars = new[] { "study" }, measures = "建强班子", deeds = new[] { "修村道" } } },
                    "pledge-review" => new { outcome = "approve" },
                    _ => new { outcome = "confirm" },
                };
                await Post($"/api/tasks/{task.GetProperty("id").GetString()}/complete", body);
            }
        }
    }

    private static async Task WalkAsync(BrowserSession session, HttpClient api)
    {
        var admin = await session.SignInAsync("designer-admin", Password);

        // 1. The shipped org-cycle in the designer; the ten organizations' cycles wait at 督促践行.
        await admin.GotoAsync("/designer");
        await admin.ClickAsync("#processes tr[data-key='org-cycle'] a");
        await admin.WaitForURLAsync("**/designer/org-cycle");
        Assert.Equal("10", (await admin.InnerTextAsync("#versions tr[data-version='1'] td:nth-child(4)")).Trim());
        await admin.ClickAsync("#edit-latest");
        await WaitReadyAsync(admin);
        await BrowserSession.ScreenshotAsync(admin, "designer-01-org-cycle");

        // 2. A second reminder on the pledge (14 days before, besides the calendar's), one more on the self-evaluation.
        await SetReminderAsync(admin, "pledge", "P14D,${calendar.remind.pledge.before}");
        await SetReminderAsync(admin, "self-evaluation", "P4D,${calendar.remind.yearEnd.before}");
        await BrowserSession.ScreenshotAsync(admin, "designer-02-reminder-edited");
        await DeployAsync(admin);
        Assert.Contains("v2", await admin.InnerTextAsync("#versions tr[data-version='2']"));

        // 3. A gateway with no way out: its problem is shown on it, and deploying is refused.
        await admin.ClickAsync("#edit-latest");
        await WaitReadyAsync(admin);
        await DropFromPaletteAsync(admin, "create.exclusive-gateway");
        await BrowserSession.ScreenshotAsync(admin, "designer-03-gateway-dropped");
        var item = admin.Locator("#designer-problems li.ap-problem-item").First;
        await item.WaitForAsync();
        var gatewayId = await item.GetAttributeAsync("data-element-id");
        Assert.StartsWith("Gateway_", gatewayId);
        // The page is Chinese: the item reads the code's text, and the engine's English detail is its tooltip.
        Assert.Contains("没有出口连线", await item.InnerTextAsync());
        Assert.Contains("no outgoing sequence flow", await item.GetAttributeAsync("title"));
        await admin.Locator($".djs-element.ap-has-problem[data-element-id='{gatewayId}']").WaitForAsync();
        Assert.True(await admin.Locator(".ap-problem-badge").CountAsync() >= 1);
        Assert.True(await admin.IsDisabledAsync("#designer-deploy"));
        await BrowserSession.ScreenshotAsync(admin, "designer-03-gateway-problem");
        await admin.GotoAsync("/designer/org-cycle");
        Assert.Equal(0, await admin.Locator("#versions tr[data-version='3']").CountAsync());

        // 4. The diff names the two changed steps; migrate the ten waiting at 督促践行 after a dry run.
        await admin.GotoAsync("/designer/org-cycle/diff?from=1&to=2");
        Assert.Contains("ap:remindBefore", await admin.InnerTextAsync("#diff tr[data-element='pledge']"));
        Assert.Contains("ap:remindBefore", await admin.InnerTextAsync("#diff tr[data-element='self-evaluation']"));
        await admin.GotoAsync("/designer/org-cycle");
        await admin.ClickAsync("#versions tr[data-version='1'] a.migrate-link");
        await admin.SelectOptionAsync("#At", "practice");
        await admin.ClickAsync("#dry-run");
        await admin.Locator("#dry-run-summary").WaitForAsync();
        Assert.Equal(("10", "10"), (await admin.GetAttributeAsync("#dry-run-summary", "data-movable"), await admin.GetAttributeAsync("#dry-run-summary", "data-total")));
        await BrowserSession.ScreenshotAsync(admin, "designer-04-migration-dry-run");
        await admin.ClickAsync("#migrate-selected");
        await admin.WaitForURLAsync("**/designer/org-cycle");
        Assert.Contains("已将 10 个实例迁移到 v2", await admin.InnerTextAsync("#flash"));
        Assert.Contains("designer-admin", await admin.InnerTextAsync("#migrations"));

        // 5. The heat map of v2 and one instance's viewer.
        await admin.GotoAsync("/designer/org-cycle/2");
        await admin.Locator("#viewer[data-state='ready']").WaitForAsync();
        Assert.Contains("10", await admin.InnerTextAsync("#heat tr[data-element='practice']"));
        Assert.True(await admin.Locator(".ap-heat-badge").CountAsync() >= 2);
        await BrowserSession.ScreenshotAsync(admin, "designer-05-heat-map");
        await admin.ClickAsync("#heat tr[data-element='practice'] a");
        await admin.ClickAsync("#instances li a");
        await admin.Locator("#viewer[data-state='ready']").WaitForAsync();
        var instanceUrl = admin.Url;
        Assert.Contains("org-cycle v2", await admin.InnerTextAsync("#instance-summary"));
        Assert.True(await admin.Locator(".djs-element.ap-active[data-element-id='practice']").CountAsync() == 1);
        Assert.True(await admin.Locator(".djs-element.ap-completed[data-element-id='pledge']").CountAsync() == 1);
        Assert.Equal(1, await admin.Locator("#history li[data-kind='instance-migrated']").CountAsync());
        await BrowserSession.ScreenshotAsync(admin, "designer-06-instance-viewer");

        // 6. The year end: the timer re-armed by v2 fires once, and the self-evaluation follows v2's reminders.
        var advanced = await api.PostAsJsonAsync("/api/clock/advance", new { by = "P331D" }); // to 2027-12-01
        Assert.True(advanced.IsSuccessStatusCode, await advanced.Content.ReadAsStringAsync());
        await admin.GotoAsync(instanceUrl);
        Assert.Equal(1, await admin.Locator("#history li[data-kind='timer-fired']", new() { HasTextString = "年终评星开始" }).CountAsync());
        await admin.ClickAsync("#open-tasks a:has-text('党组织自评')");
        await admin.WaitForURLAsync("**/tasks/**");
        Assert.Equal("4天、3天、1天", System.Text.RegularExpressions.Regex.Match(await admin.InnerTextAsync("#reminder-policy"), "截止前(\\S+?)；").Groups[1].Value);
    }

    private static Task WaitReadyAsync(IPage page) => page.Locator("#designer[data-state='ready'][data-validation='done']").WaitForAsync();

    /// <summary>Pans the canvas (mouse wheel, as a user scrolls) until the element is in view, then clicks it.</summary>
    private static async Task SelectAsync(IPage page, string elementId)
    {
        var canvas = (await page.Locator("#designer-canvas").BoundingBoxAsync())!;
        var element = page.Locator($"#designer-canvas .djs-element.djs-shape[data-element-id='{elementId}']");
        for (var i = 0; i < 40; i++)
        {
            var box = (await element.BoundingBoxAsync())!;
            var centre = box.X + box.Width / 2;
            if (centre > canvas.X + 80 && centre < canvas.X + canvas.Width - 40) break;
            await page.Mouse.MoveAsync(canvas.X + canvas.Width / 2, canvas.Y + canvas.Height / 2);
            await page.Mouse.WheelAsync(centre > canvas.X + canvas.Width / 2 ? 300 : -300, 0);
        }
        var target = (await element.BoundingBoxAsync())!;
        await page.Mouse.ClickAsync(target.X + target.Width / 2, target.Y + target.Height / 2);
        await page.Locator("[data-entry-id='ap-ap-remindBefore']").WaitForAsync();
    }

    private static async Task SetReminderAsync(IPage page, string elementId, string remindBefore)
    {
        await SelectAsync(page, elementId);
        var input = page.Locator("[data-entry-id='ap-ap-remindBefore'] input");
        var before = await RevisionAsync(page);
        await input.FillAsync(remindBefore);
        await input.PressAsync("Tab");
        // The panel commits the typed value a moment later: wait for that change and for a validation of it (the
        // attribute data-validation='done' alone may still be the previous edit's, and a click on the deploy button
        // then races the change that disables it).
        await page.WaitForFunctionAsync(
            "before => { const d = document.getElementById('designer').dataset; const r = Number(d.revision || 0);"
            + " return r > before && d.validation === 'done' && Number(d.validatedRevision) === r; }", before);
        Assert.Equal("0", await page.GetAttributeAsync("#designer", "data-problems"));
        Assert.False(await page.IsDisabledAsync("#designer-deploy"));
    }

    /// <summary>Deploys and lands on the process page; when it does not, the failure says what the designer said.</summary>
    private static async Task DeployAsync(IPage page)
    {
        await page.ClickAsync("#designer-deploy");
        try
        {
            await page.WaitForURLAsync("**/designer/org-cycle");
        }
        catch (TimeoutException e)
        {
            var status = await page.Locator("#designer-status").InnerTextAsync();
            throw new TimeoutException($"the deployment did not land on the process page; the designer said: {status}", e);
        }
    }

    private static async Task<int> RevisionAsync(IPage page) =>
        int.TryParse(await page.GetAttributeAsync("#designer", "data-revision"), out var revision) ? revision : 0;

    /// <summary>Drags a palette entry onto an empty spot of the canvas.</summary>
    private static async Task DropFromPaletteAsync(IPage page, string action)
    {
        var entry = (await page.Locator($".djs-palette [data-action='{action}']").BoundingBoxAsync())!;
        var canvas = (await page.Locator("#designer-canvas").BoundingBoxAsync())!;
        // diagram-js starts creating on a click of the entry; the shape follows the pointer until the next click.
        await page.Mouse.ClickAsync(entry.X + entry.Width / 2, entry.Y + entry.Height / 2);
        await page.Mouse.MoveAsync(canvas.X + canvas.Width * 0.5f, canvas.Y + canvas.Height - 60, new() { Steps = 8 });
        await page.Mouse.ClickAsync(canvas.X + canvas.Width * 0.5f, canvas.Y + canvas.Height - 60);
    }
}
