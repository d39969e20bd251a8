using System.Net.Http.Json;
using Approval.Core.Users;
using Microsoft.Playwright;

namespace Approval.Web.Tests.Browser;

/// <summary>
/// Accounts through the UI (issue 14 §2), in Chromium on a wide and a phone screen: an administrator creates a user
/// with a role named by its organization and gives a one-time password; the user replaces it, adds a second factor
/// and signs in with it; the administrator issues a token, disables the account and reads the security log.
/// </summary>
public sealed class AccountsWalkTests
{
    private const string Password = "walk-password-1";
    private const string AdminToken = "accounts-walk-admin";

    [Fact(DisplayName = "Accounts: created, one-time password replaced, second factor added and used, disabled, logged — through the UI")]
    public async Task Accounts_ThroughTheUi()
    {
        await BrowserHost.RunAsync(AdminToken, "2027-01-04T09:00:00+08:00", async host =>
        {
            using (var api = new HttpClient { BaseAddress = host.BaseAddress })
            {
                api.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
                var county = await WalkSteps.PostAsync(api, "/api/orgs", new { name = "青山县委", kind = "committee" });
                await WalkSteps.PostAsync(api, "/api/orgs", new { name = "城关镇党委", kind = "committee", parentId = county });
                await WalkSteps.PostAsync(api, "/api/users", new { login = "walk-admin", name = "李管理", roles = new[] { new { role = "administrator" } }, password = Password });
            }
            await using var session = await BrowserSession.StartAsync(host.BaseAddress);
            var admin = await session.SignInAsync("walk-admin", Password);

            // 用户管理: a new user, their role held at an organization named as people say it.
            await admin.GotoAsync("/admin/users");
            await admin.ClickAsync("text=新建用户");
            await admin.FillAsync("#login", "wangfang");
            await admin.FillAsync("#name", "王芳");
            await admin.FillAsync("#email", "wangfang@example.org");
            await admin.SelectOptionAsync("select[name='Roles[0].Role']", "org-department");
            await admin.FillAsync("input[name='Roles[0].Org']", "城关镇党委");
            await admin.ClickAsync("#user-form button[type=submit]");
            await Assertions.Expect(admin.Locator("p.ok")).ToContainTextAsync("已创建用户“王芳”");
            await admin.ClickAsync("form[action*='ResetPassword'] button");
            var oneTime = (await admin.InnerTextAsync("#secret .secret")).Trim();
            Assert.Equal(16, oneTime.Length);
            await BrowserSession.ScreenshotAsync(admin, "e01-one-time-password");
            await admin.FillAsync("#token-name", "报表脚本");
            await admin.FillAsync("#token-days", "30");
            await admin.ClickAsync("form[action*='IssueToken'] button");
            var token = (await admin.InnerTextAsync("#secret .secret")).Trim();
            using (var script = new HttpClient { BaseAddress = host.BaseAddress })
            {
                script.DefaultRequestHeaders.Authorization = new("Bearer", token);
                Assert.True((await script.GetAsync("/api/tasks")).IsSuccessStatusCode);
            }
            await BrowserSession.ScreenshotAsync(admin, "e02-token-shown-once");
            await admin.GotoAsync("/admin/users");
            Assert.Contains("组织部门 · 城关镇党委", await admin.InnerTextAsync("#users"));
            await BrowserSession.ScreenshotAsync(admin, "e03-users");
            await BrowserSession.PhoneScreenshotAsync(admin, "e03-users");

            // The one-time password leads to 修改密码 and nowhere else.
            var wang = await session.PersonAsync();
            await wang.GotoAsync("/login");
            await wang.FillAsync("#login", "wangfang");
            await wang.FillAsync("#password", oneTime);
            await wang.ClickAsync("form button[type=submit]");
            await wang.WaitForURLAsync("**/account/password");
            await wang.FillAsync("#Current", oneTime);
            await wang.FillAsync("#Next", "wang-own-password-2027");
            await wang.FillAsync("#Repeat", "wang-own-password-2027");
            await wang.ClickAsync("#password-form button[type=submit]");
            await wang.WaitForURLAsync("**/inbox");

            // 双重验证: the key typed into an authenticator, a code to confirm.
            await wang.ClickAsync("a[href='/account/two-factor']");
            var secret = (await wang.InnerTextAsync("#totp-secret")).Replace(" ", "", StringComparison.Ordinal);
            await BrowserSession.ScreenshotAsync(wang, "e04-two-factor");
            await BrowserSession.PhoneScreenshotAsync(wang, "e04-two-factor");
            await wang.FillAsync("#code", Totp.Code(Totp.FromBase32(secret), Totp.StepAt(DateTimeOffset.UtcNow)));
            await wang.ClickAsync("#enable-second-factor button");
            await Assertions.Expect(wang.Locator("#second-factor-on")).ToBeVisibleAsync();
            await wang.ClickAsync("header .userbar form button[type=submit]"); // 退出
            await wang.WaitForURLAsync("**/login");

            await wang.FillAsync("#login", "wangfang");
            await wang.FillAsync("#password", "wang-own-password-2027");
            await wang.ClickAsync("form button[type=submit]");
            await Assertions.Expect(wang.Locator("#second-factor")).ToBeVisibleAsync();
            await BrowserSession.PhoneScreenshotAsync(wang, "e05-code-asked");
            await wang.FillAsync("#code", Totp.Code(Totp.FromBase32(secret), Totp.StepAt(DateTimeOffset.UtcNow) + 1));
            await wang.ClickAsync("#second-factor button[type=submit]");
            await wang.WaitForURLAsync("**/inbox");

            // Disabled: the open session ends at the next request.
            await admin.GotoAsync("/admin/users?q=wangfang");
            await admin.GetByRole(AriaRole.Link, new() { Name = "王芳", Exact = true }).ClickAsync();
            await admin.ClickAsync("form[action*='Disable'] button");
            await Assertions.Expect(admin.Locator("p.ok")).ToContainTextAsync("账户已停用");
            await wang.GotoAsync("/inbox");
            Assert.Contains("/login", wang.Url);

            await admin.GotoAsync("/admin/security-log?login=wangfang");
            var log = await admin.InnerTextAsync("#security-log");
            foreach (var kind in new[] { "新建用户", "重置密码", "签发令牌", "修改密码", "开启双重验证", "登录", "停用账户" }) Assert.Contains(kind, log);
            await BrowserSession.ScreenshotAsync(admin, "e06-security-log");
            await BrowserSession.PhoneScreenshotAsync(admin, "e06-security-log");

            // The API reference, reached from the users page: every feature's endpoints, readable on a phone too.
            await admin.GotoAsync("/admin/users");
            await admin.ClickAsync("a[href='/admin/api']");
            await Assertions.Expect(admin.Locator("#api-contents")).ToContainTextAsync("待办 Tasks");
            Assert.True(await admin.Locator(".api-operation").CountAsync() > 50);
            // The page is long (every endpoint): its first screen, wide and on a phone, is what the screenshots keep.
            await admin.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.ScreenshotDir, "e07-api-reference.png") });
            await admin.SetViewportSizeAsync(390, 844);
            await admin.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.ScreenshotDir, "e07-api-reference-phone.png") });
            var widths = await admin.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
            Assert.True(widths[0] <= widths[1] + 1, $"/admin/api is {widths[0]}px wide on a {widths[1]}px phone screen");
            await admin.SetViewportSizeAsync(1280, 900);
        });
    }
}
