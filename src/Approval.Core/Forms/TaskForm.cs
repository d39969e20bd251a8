using System.Text.Json;
using Approval.Core.Orgs;
using Approval.Engine;
using Approval.Engine.Runtime;

namespace Approval.Core.Forms;

/// <summary>What a user submits on a task: the outcome button pressed, the opinion, and the form's fields.</summary>
public sealed record FormSubmission(string? Outcome, string? Comment, IReadOnlyDictionary<string, JsonElement>? Values);

/// <summary>The task being completed and its instance's variables (scheme, subject, earlier steps' results).</summary>
public sealed record FormContext(TaskRecord Task, IReadOnlyDictionary<string, JsonElement> Variables)
{
    /// <summary>The campaign's 个性星 catalogue (分类定星), for the pledge; loaded by <see cref="FormContexts"/>.</summary>
    public IReadOnlyList<Schemes.Star> IndividualStarCatalogue { get; init; } = [];

    /// <summary>For a 民主测评 task: the vote called for its subject and its tally now (see <see cref="FormContexts"/>).</summary>
    public Voting.TaskVote? Vote { get; init; }

    public string? Text(string name) => Variables.TryGetValue(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    public T? Get<T>(string name) => Variables.TryGetValue(name, out var v) && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
        ? v.Deserialize<T>(Workflow.HandlerContext.Json) : default;
}

/// <summary>Accepted: the outcome, opinion and exactly the variables the form may set. Rejected: the problems, per field.</summary>
public sealed record FormResult(string? Outcome, string? Comment, Dictionary<string, JsonElement> Variables, IReadOnlyList<Problem> Problems)
{
    public bool Accepted => Problems.Count == 0;
}

/// <summary>
/// One kind of task page (a <c>camunda:formKey</c>). A form is the whitelist of what a task may change: whatever a
/// caller sends beyond its fields is ignored, so a completion can never overwrite the workflow's own variables.
/// </summary>
public abstract class TaskForm
{
    public abstract string Key { get; }

    /// <summary>The outcomes the form offers; a task narrows them with <c>ap:outcomes</c>.</summary>
    public abstract IReadOnlyList<string> Outcomes { get; }

    /// <summary>
    /// The form's file field (台账资料: the pledge's and the monthly report's supporting files), stored with the
    /// submission; null when the form takes no files.
    /// </summary>
    public virtual string? FileField => null;

    public virtual IReadOnlyList<string> OutcomesFor(TaskRecord task) =>
        task.Extensions.TryGetValue("outcomes", out var list) && !string.IsNullOrWhiteSpace(list)
            ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Where(Outcomes.Contains).ToList()
            : Outcomes;

    public FormResult Submit(FormContext context, FormSubmission submission)
    {
        var values = new FormValues(submission.Values);
        var outcomes = OutcomesFor(context.Task);
        var outcome = submission.Outcome ?? (outcomes.Count == 1 ? outcomes[0] : null);
        if (outcome is null || !outcomes.Contains(outcome))
            values.Problem(FieldCodes.InvalidChoice, "outcome", $"请选择处理结果({string.Join(" / ", outcomes)}) / choose one of: {string.Join(", ", outcomes)}.");
        var comment = string.IsNullOrWhiteSpace(submission.Comment) ? null : submission.Comment.Trim();
        if (comment is { Length: > 4000 }) values.Problem(FieldCodes.TooLong, "comment", "意见不超过4000字 / the opinion is limited to 4,000 characters.");
        var variables = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (values.Problems.Count == 0) Read(context, outcome!, comment, values, variables);
        return new FormResult(outcome, comment, variables, values.Problems);
    }

    /// <summary>Checks the fields and fills <paramref name="variables"/>; problems go to <paramref name="values"/>.</summary>
    protected abstract void Read(FormContext context, string outcome, string? comment, FormValues values, Dictionary<string, JsonElement> variables);

    protected static JsonElement Json<T>(T value) => JsonSerializer.SerializeToElement(value, Workflow.HandlerContext.Json);
}
