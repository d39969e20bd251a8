using System.Text.Json;
using Approval.Core.Forms;
using Approval.Core.Notices;
using Approval.Core.Orgs;
using Approval.Core.Ratings;
using Approval.Engine;
using Approval.Engine.Runtime;
using Microsoft.AspNetCore.Html;
using static Approval.Web.Pages.Shared.Ui;

namespace Approval.Web.Pages.Tasks;

/// <summary>
/// What a form partial (<c>Forms/_{formKey}.cshtml</c>) renders from: the task, its instance's variables, the
/// rating subject, what the user posted last (so a refused form keeps its input) and the problems per field.
/// </summary>
public sealed class TaskFormView(TaskRecord task, FormContext context, RatingSubject? subject, IReadOnlyList<string> outcomes,
    IReadOnlyDictionary<string, string[]> posted, IReadOnlyList<Problem> problems)
{
    public TaskRecord Task => task;
    public FormContext Context => context;
    public RatingSubject? Subject => subject;
    public IReadOnlyList<string> Outcomes => outcomes;
    public IReadOnlyList<Objection> Objections { get; init; } = [];
    /// <summary>The form shown (the task's own, or the countersign form for an opinion asked first): its partial's name.</summary>
    public string Key { get; init; } = task.FormKey ?? "";
    public RatingResult? Result => context.Get<RatingResult>("result");

    /// <summary>The posted value of a field, or <paramref name="initial"/> when the form is shown fresh.</summary>
    public string Value(string name, string? initial = null) =>
        posted.TryGetValue(name, out var values) ? string.Join("\n", values) : initial ?? "";

    public bool Checked(string name, string value, bool initial = false) =>
        posted.Count == 0 ? initial : posted.TryGetValue(name, out var values) && values.Contains(value);

    public bool Invalid(string name) => problems.Any(p => p.Where is { } at && (at == name || at.StartsWith(name + ".", StringComparison.Ordinal)));

    public string Css(string name) => Invalid(name) ? "invalid" : "";

    /// <summary>The problems of a field, shown under it (the message carries both languages; the current one is kept).</summary>
    public IHtmlContent Error(string name)
    {
        var messages = problems.Where(p => p.Where == name).Select(p => Localize(p.Message)).ToList();
        if (messages.Count == 0) return HtmlString.Empty;
        var encoded = string.Join("；", messages.Select(m => System.Net.WebUtility.HtmlEncode(m)));
        return new HtmlString($"<span class=\"field-error\" id=\"err-{System.Net.WebUtility.HtmlEncode(name)}\" role=\"alert\">{encoded}</span>");
    }

    public string Json(string name) => context.Variables.TryGetValue(name, out var v) ? v.GetRawText() : "";

    public T? Get<T>(string name) => context.Get<T>(name);

    public JsonElement? Raw(string name) => context.Variables.TryGetValue(name, out var v) ? v : null;
}
