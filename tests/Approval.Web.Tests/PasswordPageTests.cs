using System.Net;
using Approval.Core.Infrastructure;
using Approval.Core.Users;
using Approval.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Approval.Web.Tests;

/// <summary>
/// A one-time password opens nothing but the page that replaces it (issue 14 §2: "the first sign-in with the printed
/// one-time password must set a new one"); any user changes their own password there.
/// </summary>
public sealed class PasswordPageTests : IDisposable
{
    private readonly ApprovalFactory _factory = new(DatabaseProvider.Sqlite);

    public void Dispose() => _factory.Dispose();

    [Fact(DisplayName = "The first administrator is created with a one-time password that must be changed")]
    public async Task TheBootstrapAdministrator_HasAOneTimePassword()
    {
        var admin = await _factory.Services.GetRequiredService<UserStore>().FindByLoginAsync("admin");
        Assert.True(admin!.MustChangePassword);
    }

    [Fact(DisplayName = "Signed in with a one-time password, every page leads to the password page until a new one is set")]
    public async Task AOneTimePassword_MustBeReplacedFirst()
    {
        var users = _factory.Services.GetRequiredService<UserStore>();
        var created = await users.CreateAsync("newadmin", "新管理员", UserStore.NewToken(), [new RoleGrant(Roles.Administrator, null)]);
        const string OneTime = "OneTime-Pass-123";
        await users.SetPasswordAsync(created.Id, OneTime, oneTime: true);
        var browser = _factory.AnonymousBrowser();

        var signIn = await browser.PostFormAsync("/login", "/login", new() { ["Login"] = "newadmin", ["Password"] = OneTime });
        Assert.Equal("/account/password", signIn.Headers.Location?.OriginalString);
        foreach (var page in new[] { "/inbox", "/orgs", "/schemes", "/campaigns/new" })
        {
            var response = await browser.GetAsync(page);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString == "/account/password", $"{page}: {response.StatusCode}");
        }

        var wrong = await browser.PostFormAsync("/account/password", "/account/password", new() { ["Current"] = "nope", ["Next"] = "short", ["Repeat"] = "other" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var html = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("id=\"err-current\"", html);
        Assert.Contains("id=\"err-next\"", html);
        Assert.Contains("id=\"err-repeat\"", html);
        Assert.NotNull(await users.FindByPasswordAsync("newadmin", OneTime)); // nothing changed

        var changed = await browser.PostFormAsync("/account/password", "/account/password",
            new() { ["Current"] = OneTime, ["Next"] = "my-own-pass-2027", ["Repeat"] = "my-own-pass-2027" });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/inbox")).StatusCode);
        Assert.Null(await users.FindByPasswordAsync("newadmin", OneTime));
        Assert.False((await users.FindByPasswordAsync("newadmin", "my-own-pass-2027"))!.MustChangePassword);
    }
    private async Task<PageBrowser> SignInAsync(string login, string password)
    {
        var browser = _factory.AnonymousBrowser();
        var signIn = await browser.PostFormAsync("/login", "/login", new() { ["Login"] = login, ["Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/inbox")).StatusCode);
        return browser;
    }

    private static bool SentToSignIn(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/login", StringComparison.Ordinal) == true;

    [Fact(DisplayName = "A password change ends the user's other sessions and keeps the one that changed it")]
    public async Task APasswordChange_EndsOtherSessions()
    {
        await _factory.Services.GetRequiredService<UserStore>().CreateAsync("clerk", "办事员", UserStore.NewToken(), [], password: "first-password-1");
        var here = await SignInAsync("clerk", "first-password-1");
        var elsewhere = await SignInAsync("clerk", "first-password-1");

        var changed = await here.PostFormAsync("/account/password", "/account/password",
            new() { ["Current"] = "first-password-1", ["Next"] = "second-password-2", ["Repeat"] = "second-password-2" });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/inbox")).StatusCode);
        Assert.True(SentToSignIn(await elsewhere.GetAsync("/inbox")));
    }

    [Fact(DisplayName = "Signing out ends the user's sessions everywhere")]
    public async Task SigningOut_EndsEverySession()
    {
        await _factory.Services.GetRequiredService<UserStore>().CreateAsync("clerk2", "办事员", UserStore.NewToken(), [], password: "first-password-1");
        var here = await SignInAsync("clerk2", "first-password-1");
        var elsewhere = await SignInAsync("clerk2", "first-password-1");
        Assert.Equal(HttpStatusCode.Redirect, (await here.PostFormAsync("/inbox", "/logout", [])).StatusCode);
        Assert.True(SentToSignIn(await here.GetAsync("/inbox")));
        Assert.True(SentToSignIn(await elsewhere.GetAsync("/inbox")));
    }
}
