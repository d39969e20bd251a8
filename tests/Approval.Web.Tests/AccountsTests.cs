using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Approval.Core.Infrastructure;
using Approval.Core.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Approval.Web.Tests;

/// <summary>
/// Issue 14 §2 through HTTP: administrators manage users and tokens on the API and the pages, nobody else does; a
/// disabled account's open session ends; a second factor is asked after the password; everything is logged.
/// </summary>
public sealed partial class AccountsTests : IAsyncLifetime
{
    private readonly ApprovalFactory _factory = new(DatabaseProvider.Sqlite);

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Every /api answer these tests got is one the published OpenAPI document describes (issue 16 §3).</summary>
    public async Task DisposeAsync()
    {
        try { await _factory.AssertAnswersMatchTheDocumentAsync(); }
        finally { await _factory.DisposeAsync(); }
    }

    private async Task<string> OrgAsync()
    {
        var created = await _factory.Admin().PostAsJsonAsync("/api/orgs", new { name = "城关镇党委", kind = "committee" });
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    [Fact(DisplayName = "Only administrators reach the users API and the security log")]
    public async Task TheUsersApi_IsForAdministrators()
    {
        var org = await OrgAsync();
        var department = await _factory.UserAsync("dept", new RoleGrant(Roles.OrgDepartment, org));
        foreach (var path in new[] { "/api/users", "/api/users/x", "/api/users/x/tokens", "/api/security-log" })
            Assert.Equal(HttpStatusCode.Forbidden, (await department.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await department.PostAsJsonAsync("/api/users", new { login = "mine", name = "我的", roles = new[] { new { role = "administrator" } } })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _factory.CreateClient().GetAsync("/api/users")).StatusCode);
        Assert.Null(await _factory.Services.GetRequiredService<UserStore>().FindByLoginAsync("mine"));
    }

    [Fact(DisplayName = "An administrator creates a user, changes their roles, disables and enables them, resets their password and manages their tokens")]
    public async Task AUsersLife_ThroughTheApi()
    {
        var org = await OrgAsync();
        var admin = _factory.Admin();
        var created = await admin.PostAsJsonAsync("/api/users", new { login = "wang", name = "王组织", email = "wang@example.org", roles = new[] { new { role = "secretary", orgId = org } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetString()!;
        var wang = _factory.Client(body.GetProperty("token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await wang.GetAsync("/api/tasks")).StatusCode);

        var listed = await admin.GetAsync("/api/users?search=王");
        Assert.Equal("1", listed.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal("wang", (await listed.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("login").GetString());

        var bad = await admin.PutAsJsonAsync($"/api/users/{id}", new { name = "王组织", roles = new[] { new { role = "org-department", orgId = "nowhere" } } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var updated = await admin.PutAsJsonAsync($"/api/users/{id}", new { name = "王组织", roles = new[] { new { role = "org-department", orgId = org } } });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("org-department", (await updated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roles")[0].GetProperty("role").GetString());

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/users/{id}/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wang.GetAsync("/api/tasks")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/users/{id}/enable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await wang.GetAsync("/api/tasks")).StatusCode);

        var reset = await (await admin.PostAsync($"/api/users/{id}/password-reset", null)).Content.ReadFromJsonAsync<JsonElement>();
        var oneTime = reset.GetProperty("oneTimePassword").GetString()!;
        var browser = _factory.AnonymousBrowser();
        var signIn = await browser.PostFormAsync("/login", "/login", new() { ["Login"] = "wang", ["Password"] = oneTime });
        Assert.Equal("/account/password", signIn.Headers.Location?.OriginalString);

        var issued = await admin.PostAsJsonAsync($"/api/users/{id}/tokens", new { name = "报表脚本", days = 7 });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var token = await issued.Content.ReadFromJsonAsync<JsonElement>();
        var script = _factory.Client(token.GetProperty("token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/tasks")).StatusCode);
        var tokens = await (await admin.GetAsync($"/api/users/{id}/tokens")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, tokens.GetArrayLength());
        Assert.All(tokens.EnumerateArray(), t => Assert.False(t.TryGetProperty("token", out _))); // listed without the secret
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/users/{id}/tokens/{token.GetProperty("id").GetString()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/tasks")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/users/{id}/tokens", new { name = "永久", days = 10_000 })).StatusCode);

        var log = await (await admin.GetAsync("/api/security-log?login=wang")).Content.ReadFromJsonAsync<JsonElement>();
        var kinds = log.EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        foreach (var kind in new[] { "user-created", "user-changed", "user-disabled", "user-enabled", "password-reset", "sign-in", "token-issued", "token-revoked" })
            Assert.Contains(kind, kinds);
        var actions = await (await admin.GetAsync("/api/security-log?kind=administrator-action")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(actions.EnumerateArray(), e => e.GetProperty("detail").GetString() == $"POST /api/users/{id}/disable → 200" && e.GetProperty("actor").GetString() == "admin");
    }

    [Fact(DisplayName = "Disabling an account ends its open browser session at the next request")]
    public async Task Disabling_EndsOpenSessions()
    {
        var clerk = await _factory.BrowserAsync("clerk");
        Assert.Equal(HttpStatusCode.OK, (await clerk.GetAsync("/inbox")).StatusCode);
        var id = (await _factory.Services.GetRequiredService<UserStore>().FindByLoginAsync("clerk"))!.Id;
        Assert.Equal(HttpStatusCode.OK, (await _factory.Admin().PostAsync($"/api/users/{id}/disable", null)).StatusCode);
        var after = await clerk.GetAsync("/inbox");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/login", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact(DisplayName = "On the users page an administrator creates a user with a role named by its organization, then issues a token shown once")]
    public async Task TheUsersPage_CreatesAndIssues()
    {
        await OrgAsync();
        var admin = await _factory.BrowserAsync("page-admin", new RoleGrant(Roles.Administrator, null));
        var department = await _factory.BrowserAsync("dept");
        Assert.Equal(HttpStatusCode.Forbidden, (await department.GetAsync("/admin/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await department.GetAsync("/admin/security-log")).StatusCode);

        var unknownOrg = await admin.PostFormAsync("/admin/users/new", "/admin/users/new?handler=Save",
            new() { ["Login"] = "li", ["DisplayName"] = "李书记", ["Roles[0].Role"] = "secretary", ["Roles[0].Org"] = "不存在的组织" });
        Assert.Equal(HttpStatusCode.BadRequest, unknownOrg.StatusCode);
        Assert.Contains("没有名为“不存在的组织”的组织", await unknownOrg.Content.ReadAsStringAsync());
        Assert.Null(await _factory.Services.GetRequiredService<UserStore>().FindByLoginAsync("li"));

        var created = await admin.PostFormAsync("/admin/users/new", "/admin/users/new?handler=Save",
            new() { ["Login"] = "li", ["DisplayName"] = "李书记", ["Roles[0].Role"] = "secretary", ["Roles[0].Org"] = "城关镇党委" });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var page = created.Headers.Location!.OriginalString;
        var li = await _factory.Services.GetRequiredService<UserStore>().FindByLoginAsync("li");
        Assert.Equal(Roles.Secretary, li!.Roles.Single().Role);
        Assert.Contains("城关镇党委", await admin.TextAsync("/admin/users?q=li"));

        var issued = await admin.PostFormAsync(page, page + "?handler=IssueToken", new() { ["TokenName"] = "同步脚本", ["TokenDays"] = "30" });
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var html = await issued.Content.ReadAsStringAsync();
        var token = SecretValue().Match(html).Groups[1].Value;
        Assert.Equal(HttpStatusCode.OK, (await _factory.Client(token).GetAsync("/api/tasks")).StatusCode);
        Assert.DoesNotContain(token, await admin.TextAsync(page)); // shown once
        Assert.Contains("签发令牌", await admin.TextAsync("/admin/security-log?login=li"));
    }

    [Fact(DisplayName = "With a second factor, the password alone does not sign in: a current code does, once; a wrong one is refused")]
    public async Task ASecondFactor_IsAskedAfterThePassword()
    {
        var org = await OrgAsync();
        var dept = await _factory.BrowserAsync("dept", new RoleGrant(Roles.OrgDepartment, org));
        var enrolment = await dept.TextAsync("/account/two-factor");
        var secret = TotpSecret().Match(enrolment).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        var fields = PageBrowser.FormFields(enrolment, "enable-second-factor");
        fields["Code"] = Totp.Code(Totp.FromBase32(secret), Totp.StepAt(DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.Redirect, (await dept.PostFormAsync("/account/two-factor", "/account/two-factor?handler=Enable", fields)).StatusCode);
        Assert.True((await _factory.Services.GetRequiredService<UserStore>().FindByLoginAsync("dept"))!.SecondFactor);

        var browser = _factory.AnonymousBrowser();
        var password = await browser.PostFormAsync("/login", "/login", new() { ["Login"] = "dept", ["Password"] = ApprovalFactory.Password });
        Assert.Equal(HttpStatusCode.OK, password.StatusCode); // the code step, not a redirect
        var step = PageBrowser.FormFields(await password.Content.ReadAsStringAsync(), "second-factor");
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/inbox")).StatusCode); // not signed in yet

        step["Code"] = "000000" == Totp.Code(Totp.FromBase32(secret), Totp.StepAt(DateTimeOffset.UtcNow) + 1) ? "111111" : "000000";
        var wrong = await browser.PostFormAsync("/login", "/login", step);
        Assert.Contains("动态验证码不正确", await wrong.Content.ReadAsStringAsync());
        step["Code"] = Totp.Code(Totp.FromBase32(secret), Totp.StepAt(DateTimeOffset.UtcNow) + 1);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync("/login", "/login", step)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/inbox")).StatusCode);

        // The same code with the same ticket, from another browser: used.
        var replay = await _factory.AnonymousBrowser().PostFormAsync("/login", "/login", step);
        Assert.Contains("已使用", await replay.Content.ReadAsStringAsync());

        // A forged ticket is "timed out", not a way in.
        step["Ticket"] = "forged";
        Assert.Contains("验证已超时", await (await _factory.AnonymousBrowser().PostFormAsync("/login", "/login", step)).Content.ReadAsStringAsync());
    }

    [Fact(DisplayName = "Secretaries are not offered a second factor")]
    public async Task SecondFactor_IsForAdministratorsAndDepartments()
    {
        var org = await OrgAsync();
        var secretary = await _factory.BrowserAsync("sec", new RoleGrant(Roles.Secretary, org));
        Assert.Equal(HttpStatusCode.Forbidden, (await secretary.GetAsync("/account/two-factor")).StatusCode);
    }

    [GeneratedRegex("<p class=\"secret\"><code>([^<]+)</code>")]
    private static partial Regex SecretValue();

    [GeneratedRegex("id=\"totp-secret\">([A-Z2-7 ]+)<")]
    private static partial Regex TotpSecret();
}
