using System.Net;
using System.Text.RegularExpressions;

namespace Approval.Web.Tests;

/// <summary>
/// The real server behind a pretend reverse proxy (the test, on 127.0.0.1): X-Forwarded-For and -Proto count only
/// when the connection comes from a configured proxy.
/// </summary>
public sealed partial class ReverseProxyTests : IDisposable
{
    private const string Token = "proxy-admin-token";
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), $"approval-proxy-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dataDir)) Directory.Delete(_dataDir, recursive: true);
    }

    private async Task<HostProcess> StartAsync(string knownProxies)
    {
        var host = new HostProcess(new Dictionary<string, string>
        {
            ["Approval__DataDir"] = _dataDir,
            ["Approval__BootstrapAdminToken"] = Token,
            ["Approval__Demo"] = "false",
            ["Approval__Obligations"] = "false",
            ["Approval__KnownProxies"] = knownProxies,
            ["Logging__LogLevel__Default"] = "Warning",
        });
        await host.StartAsync();
        return host;
    }

    /// <summary>A sign-in post as a browser would send it through the proxy, with the client's address and scheme.</summary>
    private static async Task<HttpResponseMessage> SignInAsync(HostProcess host, string clientAddress, string scheme = "http", string token = "wrong")
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
            { BaseAddress = host.BaseAddress };
        var form = await client.GetStringAsync("/login");
        var antiforgery = Antiforgery().Match(form).Groups[1].Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Token"] = token, ["__RequestVerificationToken"] = antiforgery }),
        };
        request.Headers.Add("X-Forwarded-For", clientAddress);
        request.Headers.Add("X-Forwarded-Proto", scheme);
        return await client.SendAsync(request);
    }

    private static async Task<HttpStatusCode> ExhaustAsync(HostProcess host, string clientAddress)
    {
        var status = HttpStatusCode.OK;
        for (var i = 0; i < 11; i++) status = (await SignInAsync(host, clientAddress)).StatusCode;
        return status;
    }

    [Fact]
    public async Task FromAConfiguredProxy_TheRateLimitCountsEachClient_AndTheCookieIsSecureForHttps()
    {
        using var host = await StartAsync("127.0.0.1");
        Assert.Equal(HttpStatusCode.TooManyRequests, await ExhaustAsync(host, "203.0.113.1"));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await SignInAsync(host, "203.0.113.2")).StatusCode);

        var signedIn = await SignInAsync(host, "203.0.113.3", "https", Token);
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("approval=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task FromAnyoneElse_ForwardedHeadersAreIgnored()
    {
        using var host = await StartAsync("10.9.9.9");
        Assert.Equal(HttpStatusCode.TooManyRequests, await ExhaustAsync(host, "203.0.113.1"));
        // A new X-Forwarded-For does not buy a new allowance: the limit is on the connection's own address.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync(host, "203.0.113.2")).StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
