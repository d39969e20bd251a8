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

    /// <summary>
    /// What a browser would post from the form <paramref name="formId"/> of <paramref name="html"/>: text and hidden
    /// inputs, ticked checkboxes, selected options and textareas, by name (buttons are left to the caller).
    /// </summary>
    public static Dictionary<string, string> FormFields(string html, string formId)
    {
        var start = html.IndexOf($"id=\"{formId}\"", StringComparison.Ordinal);
        if (start < 0) throw new InvalidOperationException($"The page has no form {formId}.");
        var form = html[start..html.IndexOf("</form>", start, StringComparison.Ordinal)];
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match control in FormControl().Matches(form))
        {
            var attributes = Attribute().Matches(control.Groups["attributes"].Value)
                .ToDictionary(a => a.Groups["name"].Value, a => System.Net.WebUtility.HtmlDecode(a.Groups["value"].Value));
            if (!attributes.TryGetValue("name", out var name)) continue;
            var type = attributes.GetValueOrDefault("type", "text");
            var value = control.Groups["tag"].Value switch
            {
                "textarea" => System.Net.WebUtility.HtmlDecode(control.Groups["content"].Value),
                "select" => SelectedOption().Match(control.Groups["content"].Value) is { Success: true } selected
                    ? System.Net.WebUtility.HtmlDecode(selected.Groups[1].Value)
                    : System.Net.WebUtility.HtmlDecode(AnyOption().Match(control.Groups["content"].Value).Groups[1].Value),
                _ when type == "checkbox" => attributes.ContainsKey("checked") ? attributes.GetValueOrDefault("value", "on") : null,
                _ when type is "submit" or "button" => null,
                _ => attributes.GetValueOrDefault("value", ""),
            };
            if (value is not null) fields[name] = value;
        }
        return fields;
    }

    [GeneratedRegex(@"<(?<tag>input|select|textarea)\b(?<attributes>[^>]*)>(?:(?<content>[\s\S]*?)</\k<tag>>)?")]
    private static partial Regex FormControl();

    [GeneratedRegex(@"(?<name>[\w-]+)(?:=""(?<value>[^""]*)"")?")]
    private static partial Regex Attribute();

    [GeneratedRegex(@"<option value=""([^""]*)""[^>]*\bselected\b")]
    private static partial Regex SelectedOption();

    [GeneratedRegex(@"<option value=""([^""]*)""")]
    private static partial Regex AnyOption();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
