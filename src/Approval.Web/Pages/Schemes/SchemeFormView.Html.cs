using System.Text;
using Microsoft.AspNetCore.Html;
using static System.Net.WebUtility;

namespace Approval.Web.Pages.Schemes;

/// <summary>
/// The editor's controls. Each one is named and identified by its field (the JSON path), carries its label for
/// screen readers where a table column gives the visible one, and is followed by its problems in
/// <c>err-&lt;field&gt;</c>, like the task forms.
/// </summary>
public sealed partial class SchemeFormView
{
    public IHtmlContent Input(string field, string? value, string label, bool labeled = true, string css = "", bool fixedValue = false) =>
        Html(LabelFor(field, label, labeled) +
             $"<input type=\"text\" id=\"{HtmlEncode(field)}\" name=\"{HtmlEncode(field)}\" value=\"{HtmlEncode(value ?? "")}\" class=\"{css} {Css(field)}\" aria-label=\"{HtmlEncode(label)}\"{(fixedValue ? " readonly" : "")} />" +
             ErrorHtml(field));

    public IHtmlContent TextArea(string field, string? value, string label, bool labeled = true) =>
        Html(LabelFor(field, label, labeled) +
             $"<textarea id=\"{HtmlEncode(field)}\" name=\"{HtmlEncode(field)}\" class=\"{Css(field)}\" aria-label=\"{HtmlEncode(label)}\" rows=\"3\">{HtmlEncode(value ?? "")}</textarea>" +
             ErrorHtml(field));

    /// <summary>A flag: posted as <c>true</c> when ticked, absent (false) otherwise.</summary>
    public IHtmlContent Check(string field, bool value, string label) =>
        Html($"<label class=\"check\"><input type=\"checkbox\" id=\"{HtmlEncode(field)}\" name=\"{HtmlEncode(field)}\" value=\"true\"{(value ? " checked" : "")} /> {HtmlEncode(label)}</label>" +
             ErrorHtml(field));

    public IHtmlContent Select(string field, string? value, IEnumerable<string> codes, string label, bool labeled = true, string? group = null)
    {
        var options = new StringBuilder();
        foreach (var code in Choices(codes, value))
            options.Append($"<option value=\"{HtmlEncode(code)}\"{(code == value ? " selected" : "")}>{HtmlEncode(Label(code, group))}</option>");
        return Html(LabelFor(field, label, labeled) +
                    $"<select id=\"{HtmlEncode(field)}\" name=\"{HtmlEncode(field)}\" class=\"{Css(field)}\" aria-label=\"{HtmlEncode(label)}\">{options}</select>" +
                    ErrorHtml(field));
    }

    /// <summary>The problems of a row or a section as a whole (<c>caps[1]</c>, <c>stars</c>).</summary>
    public IHtmlContent Errors(string field) => Html(ErrorHtml(field));

    /// <summary>
    /// A row button (<c>add:stars[0].items</c>, <c>remove:bands[2]</c>): it posts the form, which comes back with the
    /// row added or removed and nothing saved, scrolled to <paramref name="anchor"/>. None in the read-only view.
    /// </summary>
    public IHtmlContent RowButton(string op, string label, string anchor) => readOnly ? HtmlString.Empty
        : Html($"<button type=\"submit\" name=\"op\" value=\"{HtmlEncode(op)}\" class=\"secondary\" formnovalidate formaction=\"#{HtmlEncode(anchor)}\">{HtmlEncode(label)}</button>");

    private static string LabelFor(string field, string label, bool labeled) =>
        labeled ? $"<label for=\"{HtmlEncode(field)}\">{HtmlEncode(label)}</label>" : "";

    private string ErrorHtml(string field) =>
        Error(field) is { } error ? $"<span class=\"field-error\" id=\"err-{HtmlEncode(field)}\" role=\"alert\">{HtmlEncode(error)}</span>" : "";

    private static HtmlString Html(string html) => new(html);
}
