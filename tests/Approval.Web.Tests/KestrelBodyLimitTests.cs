using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Approval.Testing;

namespace Approval.Web.Tests;

/// <summary>The real server (Kestrel, in a child process): body limits hold however a body is sent.</summary>
public sealed class KestrelHostFixture : IAsyncLifetime
{
    public const string Token = "limits-admin-token";
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), $"approval-limits-{Guid.NewGuid():N}");

    public HostProcess Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = new HostProcess(new Dictionary<string, string>
        {
            ["Approval__DataDir"] = _dataDir,
            ["Approval__BootstrapAdminToken"] = Token,
            ["Approval__Demo"] = "false",
            ["Approval__Obligations"] = "false",
            ["Approval__Limits__MaxBodyBytes"] = "65536",
            ["Logging__LogLevel__Default"] = "Warning",
        });
        await Host.StartAsync();
    }

    public Task DisposeAsync()
    {
        Host.Dispose();
        if (Directory.Exists(_dataDir)) Directory.Delete(_dataDir, recursive: true);
        return Task.CompletedTask;
    }

    public HttpClient Client()
    {
        var client = new HttpClient { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromMinutes(1) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }
}

public sealed class KestrelBodyLimitTests(KestrelHostFixture fixture) : IClassFixture<KestrelHostFixture>
{
    /// <summary>A body with no Content-Length: HttpClient sends a stream of unknown length chunked.</summary>
    private static HttpContent Chunked(byte[] bytes, string mediaType)
    {
        var content = new StreamContent(new UnknownLengthStream(bytes));
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    private static async Task AssertTooLargeAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("body-too-large", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_chunked_BPMN_body_past_the_limit_is_refused_with_413_not_deployed()
    {
        using var client = fixture.Client();
        var padding = $"<!-- {new string('x', 6 * 1024 * 1024)} -->";
        var xml = TestProcesses.Pledge.Replace("</bpmn:definitions>", padding + "</bpmn:definitions>", StringComparison.Ordinal);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/definitions") { Content = Chunked(Encoding.UTF8.GetBytes(xml), "application/xml") };

        await AssertTooLargeAsync(await client.SendAsync(request));
        Assert.DoesNotContain("\"pledgeCycle\"", await client.GetStringAsync("/api/definitions"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chunked_JSON_body_past_the_body_limit_is_refused_with_413()
    {
        using var client = fixture.Client();
        var json = JsonSerializer.SerializeToUtf8Bytes(new { definitionKey = "pledge", variables = new { note = new string('x', 100_000) } });
        await AssertTooLargeAsync(await client.PostAsync("/api/instances", Chunked(json, "application/json")));
    }

    /// <summary>Reads like a network stream: the length is unknown until the end.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
