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

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
