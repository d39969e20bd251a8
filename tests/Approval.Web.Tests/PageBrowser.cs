using System.Text.RegularExpressions;

namespace Approval.Web.Tests;

/// <summary>
/// A cookie-keeping client that uses pages the way a browser does: a form is posted with the antiforgery token
/// taken from the page that shows it.
/// </summary>
public sealed partial class PageBrowser(HttpClient client)
{
    public HttpClient Client => client;

    public Task<HttpResponseMessage> GetAsync(string url) => client.GetAsync(url);

    public async Task<string> TextAsync(string url) => await (await client.GetAsync(url)).Content.ReadAsStringAsync();

    /// <summary>Gets <paramref name="formPage"/>, then posts <paramref name="fields"/> with its antiforgery token to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, Dictionary<string, string> fields)
    {
        var page = await TextAsync(formPage);
        var token = AntiforgeryField().Match(page);
        if (!token.Success) throw new InvalidOperationException($"{formPage} has no antiforgery token.");
        return await client.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token.Groups[1].Value }));
    }

    /// <summary>Posts a raw body (BPMN XML) as the designer's script does: the page's antiforgery token in the request header.</summary>
    public async Task<HttpResponseMessage> PostBodyAsync(string formPage, string action, HttpContent content)
    {
        var token = AntiforgeryField().Match(await TextAsync(formPage));
        if (!token.Success) throw new InvalidOperationException($"{formPage} has no antiforgery token.");
        using var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = content };
        request.Headers.Add("RequestVerificationToken", token.Groups[1].Value);
        return await client.SendAsync(request);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
