using System.Net.Http.Json;
using System.Text.Json;

namespace Approval.Core.Tests.Mail;

/// <summary>
/// The maildev SMTP server tests/run.sh starts on 127.0.0.1, read over its web API. A missing server is a
/// failure, never a silent pass.
/// </summary>
public sealed class MailDev : IDisposable
{
    private readonly HttpClient _http;

    public MailDev()
    {
        Host = Variable("APPROVAL_TEST_SMTP_HOST");
        Port = int.Parse(Variable("APPROVAL_TEST_SMTP_PORT"), System.Globalization.CultureInfo.InvariantCulture);
        _http = new HttpClient { BaseAddress = new Uri(Variable("APPROVAL_TEST_MAILDEV_URL")), Timeout = TimeSpan.FromSeconds(10) };
    }

    public string Host { get; }
    public int Port { get; }

    private static string Variable(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"maildev is not configured: set {name}, or run tests/run.sh, which starts it.");

    public sealed record Received(string MessageId, string Subject, string Text, IReadOnlyList<string> To);

    /// <summary>The mails received for <paramref name="recipient"/> (tests share one server, so each uses its own addresses).</summary>
    public async Task<IReadOnlyList<Received>> ForAsync(string recipient)
    {
        var all = await _http.GetFromJsonAsync<JsonElement>("/email");
        return all.EnumerateArray()
            .Select(m => new Received(
                m.GetProperty("messageId").GetString()!.Trim('<', '>'),
                m.GetProperty("subject").GetString() ?? "",
                m.TryGetProperty("text", out var text) ? text.GetString() ?? "" : "",
                m.GetProperty("to").EnumerateArray().Select(t => t.GetProperty("address").GetString()!).ToList()))
            .Where(m => m.To.Contains(recipient, StringComparer.OrdinalIgnoreCase))
            .ToList();
    }

    public void Dispose() => _http.Dispose();
}
