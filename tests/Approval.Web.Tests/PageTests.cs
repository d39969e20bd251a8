using System.Net;
using System.Text.RegularExpressions;
using Approval.Core.Infrastructure;
using Approval.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Approval.Web.Tests;

/// <summary>The minimal signed-in page: sign-in by token with antiforgery, the user's open tasks, the dashboard guard.</summary>
public sealed partial class PageTests : IDisposable
{
    private readonly ApprovalFactory _factory = new(DatabaseProvider.Sqlite);

    public void Dispose() => _factory.Dispose();

    private HttpClient Browser() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    [Fact]
    public async Task AnonymousVisitors_AreSentToLogin()
    {
        var response = await Browser().GetAsync("/inbox");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Login_WithoutTheAntiforgeryToken_IsRefused()
    {
        var response = await Browser().PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["Token"] = ApprovalFactory.AdminToken }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task SignedInUsers_SeeTheirOpenTasks_AndAWrongTokenIsExplained()
    {
        await _factory.Admin().PostAsync("/api/definitions", new StringContent(TestProcesses.Pledge, System.Text.Encoding.UTF8, "application/xml"));
        await _factory.Admin().PostAsync("/api/instances", new StringContent("""{"definitionKey":"pledgeCycle","variables":{"orgId":"branch-9"}}""", System.Text.Encoding.UTF8, "application/json"));

        var browser = Browser();
        var wrong = await PostLoginAsync(browser, "not-the-token");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("用户名或密码不正确", await wrong.Content.ReadAsStringAsync());

        var signedIn = await PostLoginAsync(browser, ApprovalFactory.AdminToken);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var inbox = await (await browser.GetAsync("/inbox")).Content.ReadAsStringAsync();
        Assert.Contains("公开承诺", inbox);
        Assert.Contains("branch-9", inbox);
    }

    [Fact]
    public async Task HangfireDashboard_IsForSignedInAdministratorsOnly()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Browser().GetAsync("/hangfire")).StatusCode);
        var browser = Browser();
        await PostLoginAsync(browser, ApprovalFactory.AdminToken);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/hangfire")).StatusCode);
    }

    private static async Task<HttpResponseMessage> PostLoginAsync(HttpClient browser, string token)
    {
        var form = await (await browser.GetAsync("/login")).Content.ReadAsStringAsync();
        var antiforgery = AntiforgeryField().Match(form).Groups[1].Value;
        return await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Token"] = token,
            ["__RequestVerificationToken"] = antiforgery,
        }));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
